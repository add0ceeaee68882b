"""`sijill audit …`: verify, checkpoint, export, check, consistency, public-key, rotate-key."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any
from uuid import UUID

import typer
from rich.markup import escape

from register.access import Account, Role
from register.bootstrap import bootstrap
from register.cli.audit_keys import rotate
from register.cli.audit_verify import verify
from register.cli.common import _fail, _settings, err

if TYPE_CHECKING:
    from register.audit.checkpoints import SignedCheckpoint
    from register.bootstrap import Container

audit_app = typer.Typer(
    help="Tamper evidence: verify the register, sign checkpoints, export and check proofs.",
    no_args_is_help=True,
)
audit_app.command("rotate-key")(rotate)
audit_app.command("verify")(verify)
EXPORTER = Account(name="audit-export", role=Role.AUDITOR, mission="RBA")
"""Whom `sijill audit export` records as having read the citizen's record: the ministry's."""
PublicKeyOption = Annotated[
    Path | None,
    typer.Option(
        "--public-key",
        help="The register's public key (PEM, or base64 as the API publishes it);"
        " default: the configured signing key's.",
    ),
]


def _container() -> Container:
    return bootstrap(_settings(quiet=True), apply_migrations=True)


def _write(document: dict[str, Any], out: Path | None) -> None:
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise _fail(f"{path}: not a readable JSON document ({type(e).__name__})") from None


def _public_key(path: Path, option: str = "--public-key") -> Any:
    """A key from a file, or given as base64 in place of the file's name."""
    from register.audit.signing import SigningKeyError, public_key_from_text  # noqa: PLC0415

    try:
        text = path.read_text(encoding="utf-8") if path.is_file() else str(path)
        if not text.strip().startswith("-----BEGIN"):  # base64 first, as the commands print
            text = (text.strip().splitlines() or [""])[0]
        return public_key_from_text(text)
    except (OSError, SigningKeyError) as e:
        raise _fail(f"{option}: {e}") from None


@audit_app.command("checkpoint")
def checkpoint(
    out: Annotated[Path | None, typer.Option(help="Also write the checkpoint here.")] = None,
) -> None:
    """Sign the current tree and record the checkpoint; prints it as JSON."""
    container = _container()
    try:
        signed = container.audit.checkpoint()
        _cosigned(container, signed.tree_size)
    finally:
        container.close()
    document = _checkpoint_json(signed)
    if out is not None:
        _write(document, out)
    _write(document, None)


def _cosigned(container: Container, tree_size: int) -> None:
    """Say on stderr which witnesses cosigned the checkpoint (one down is retried later)."""
    cosigners = container.audit.witnesses
    reports = cosigners.reports() if cosigners is not None else []
    for w in reports:
        if w.cosigned_size == tree_size:
            err.print(f"cosigned by witness {escape(w.label)}", highlight=False)
        else:
            err.print(
                f"[yellow]not cosigned by witness {escape(w.label)}[/yellow]"
                f" ({escape(w.error or 'no answer')}); the server"
                " sends it the latest checkpoint every SIJILL_WITNESS_RETRY seconds",
                highlight=False,
            )


def _checkpoint_json(signed: SignedCheckpoint) -> dict[str, Any]:
    return {"format": "sijill-checkpoint/v1", **signed.to_json()}


@audit_app.command("export")
def export(
    citizen: Annotated[str, typer.Option(help="The citizen's register id.")],
    out: Annotated[Path | None, typer.Option(help="Where to write the bundle.")] = None,
) -> None:
    """Write a signed bundle of a citizen's whole history with inclusion proofs."""
    from register.audit.bundle import export_bundle  # noqa: PLC0415
    from register.audit.witness.evidence import cosignatures_of  # noqa: PLC0415

    try:
        citizen_id = UUID(citizen)
    except ValueError:
        raise _fail(f"--citizen: {citizen!r} is not a register id") from None
    target = out or Path(f"sijill-bundle-{citizen_id}.json")
    container = _container()
    try:
        audit = container.audit
        ids = audit.history_ids(citizen_id)
        rows = audit.log.rows_of(ids[:1])
        if not rows:
            raise _fail(f"--citizen: no citizen with id {citizen_id}", code=1)
        signed = _covering(container, max(r.position for r in audit.log.rows_of(ids)))
        document = export_bundle(
            audit,
            citizen_id=citizen_id,
            aggregate_ids=ids,
            checkpoint=signed,
            signer=audit.signer(),
            cosignatures=cosignatures_of(audit, signed.tree_size),
        )
        # The bundle holds the whole record: a read like any other, recorded on close.
        container.register.store.record_reads(EXPORTER, "citizen", [citizen_id])
    finally:
        container.close()
    _write(document, target)
    typer.echo(
        f"wrote {target}: {len(document['events'])} events proven against the checkpoint of"
        f" {signed.tree_size} leaves"
    )


def _covering(container: Container, position: int) -> SignedCheckpoint:
    """The latest checkpoint if it covers `position`; a new one otherwise."""
    audit = container.audit
    latest = audit.latest()
    index = audit.log.leaf_indexes([position]).get(position)
    if latest is not None and index is not None and index < latest.tree_size:
        return latest
    return audit.checkpoint()


@audit_app.command("consistency")
def consistency(
    old: Annotated[int, typer.Option(help="The earlier checkpoint's tree size.")],
    new: Annotated[
        int | None, typer.Option(help="The later checkpoint's tree size (default: the latest).")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Where to write the proof.")] = None,
) -> None:
    """Prove that a later checkpoint's tree extends an earlier one's (append-only)."""
    from register.audit.bundle import consistency_document  # noqa: PLC0415

    container = _container()
    try:
        audit = container.audit
        earlier = audit.at_size(old)
        later = audit.at_size(new) if new is not None else audit.latest()
        if earlier is None or later is None:
            raise _fail("no recorded checkpoint of that size; see `sijill audit verify`", code=1)
        if later.tree_size < earlier.tree_size:
            raise _fail("--new must be a later checkpoint than --old")
        document = consistency_document(audit, earlier, later)
    finally:
        container.close()
    _write(document, out)
    if out is not None:
        typer.echo(f"wrote {out}: from {earlier.tree_size} to {later.tree_size} leaves")


@audit_app.command("check")
def check(
    bundle: Annotated[Path, typer.Argument(help="A bundle or a consistency proof (JSON).")],
    public_key: Annotated[
        Path, typer.Option("--public-key", help="The register's published public key.")
    ],
    witness_key: Annotated[
        list[Path] | None,
        typer.Option(
            "--witness-key",
            help="A witness's public key (base64, as `sijill witness key` prints it; repeatable):"
            " the checkpoints must be cosigned by a quorum of them.",
        ),
    ] = None,
    quorum: Annotated[
        int | None,
        typer.Option(min=1, help="How many of the witnesses must have cosigned (default: most)."),
    ] = None,
) -> None:
    """Verify a bundle or a consistency proof offline, with the public keys alone."""
    from register.audit.bundle import check_document  # noqa: PLC0415

    witnesses = [_public_key(p, "--witness-key") for p in witness_key or []]
    needed = quorum if quorum is not None else len(witnesses) // 2 + 1
    if witnesses and needed > len(witnesses):
        raise _fail(f"--quorum {needed} is more than the {len(witnesses)} --witness-key given")
    found = check_document(_read_json(bundle), _public_key(public_key), witnesses, needed)
    for line in found.checked:
        typer.echo(f"ok: {line}")
    for line in found.problems:
        typer.echo(f"FAILED: {line}")
    if not found.ok:
        raise typer.Exit(1)
    typer.echo(f"verified {bundle} ({found.kind})")


@audit_app.command("public-key")
def public_key() -> None:
    """Print the public key that checks the register's checkpoints (base64 line, then PEM)."""
    container = _container()
    try:
        published = container.audit.signer().published()
    finally:
        container.close()
    typer.echo(published.public_key)
    typer.echo(published.pem, nl=False)
