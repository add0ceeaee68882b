"""`sijill witness …`: run a witness that cosigns the register's checkpoints, print its key."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from register import log
from register.cli.common import _fail

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

witness_app = typer.Typer(
    help="A witness: cosigns each register checkpoint that extends the last one it cosigned.",
    no_args_is_help=True,
)
StateDir = Annotated[
    Path,
    typer.Option(
        "--state-dir",
        help="The witness's own directory: its key, the latest checkpoint cosigned, refusals.",
    ),
]
DEFAULT_STATE = Path("sijill-witness")
NameOption = Annotated[
    str, typer.Option(help="The name on its cosignatures (a schema-less URL is usual).")
]


def _log_key(text: str) -> Ed25519PublicKey:
    from register.audit.signing import SigningKeyError, public_key_from_text  # noqa: PLC0415

    path = Path(text)
    try:
        content = (path.read_text(encoding="utf-8") if path.is_file() else text).strip()
        if not content.startswith("-----BEGIN"):  # `sijill audit public-key`: base64, then PEM
            content = content.splitlines()[0] if content else content
        return public_key_from_text(content)
    except (OSError, SigningKeyError) as e:
        raise _fail(f"--log-key {text}: {e}") from None


@witness_app.command("serve")
def serve(
    log_key: Annotated[
        list[str],
        typer.Option(
            "--log-key",
            help="The register's public key this witness trusts (a file, or base64 as"
            " `sijill audit public-key` prints it); repeat it for a successor key.",
        ),
    ],
    state_dir: StateDir = DEFAULT_STATE,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8480,
    name: NameOption = "sijill-witness",
) -> None:
    """Serve POST /add-checkpoint, GET /checkpoint and GET /key over HTTP."""
    import uvicorn  # noqa: PLC0415  # only serving needs the server

    from register.audit.witness.server import witness_app as app_of  # noqa: PLC0415
    from register.audit.witness.witness import Witness  # noqa: PLC0415

    log.configure("info")
    keys = [_log_key(k) for k in log_key]
    if not name or any(c.isspace() or c == "+" for c in name):
        raise _fail("--name: one word without spaces or '+'")
    try:
        witness = Witness(state_dir, keys, name)
    except (OSError, ValueError) as e:
        raise _fail(f"--state-dir {state_dir}: {e}") from None
    typer.echo(f"Sijill witness on http://{host}:{port}/ ({state_dir})", err=True)
    uvicorn.run(app_of(witness), host=host, port=port, log_config=None, access_log=False)


@witness_app.command("key")
def key(state_dir: StateDir = DEFAULT_STATE, name: NameOption = "sijill-witness") -> None:
    """Print the witness's public key (base64 line, as SIJILL_WITNESSES takes it, then vkey)."""
    from register.audit.witness.witness import Witness  # noqa: PLC0415

    log.configure("warning")  # a key made now is logged on stderr; stdout is the key alone
    try:
        witness = Witness(state_dir, [], name)
    except (OSError, ValueError) as e:
        raise _fail(f"--state-dir {state_dir}: {e}") from None
    for line in witness.published():
        typer.echo(line)
