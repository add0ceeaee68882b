"""`sijill audit verify`: every leaf and root recomputed, against what the witnesses cosigned."""

from __future__ import annotations

import re
import time
from pathlib import Path  # noqa: TC003  # typer reads the annotations at runtime
from typing import TYPE_CHECKING, Annotated, Any

import typer

from register.bootstrap import bootstrap
from register.cli.common import _fail, _settings
from register.cli.views import events_progress

if TYPE_CHECKING:
    from register.audit.checkpoints import SignedCheckpoint
    from register.audit.integrity import Verdict
    from register.audit.witness.verification import WitnessedVerdict

_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(s|m|h|d)?")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def read_duration(text: str, option: str) -> float:
    """`90`, `90s`, `15m`, `2h` or `1d` in seconds; a refusal naming the option otherwise."""
    found = _DURATION.fullmatch(text.strip().lower())
    if found is None:
        raise _fail(f"{option} {text!r}: expected a duration such as 90s, 15m, 2h or 1d")
    return float(found.group(1)) * _UNITS[found.group(2) or "s"]


def _line(finding: Any) -> str:
    leaf = f" (leaf {finding.leaf_index})" if finding.leaf_index is not None else ""
    return f"{finding.kind} at position {finding.position}{leaf}: {finding.detail}"


def report(verdict: Verdict, witnessed: WitnessedVerdict | None = None) -> None:
    """The verdict on stdout (what the witnesses said after it); exit 1 on any finding."""
    if verdict.ok:
        typer.echo(
            f"verified {verdict.events} events and {verdict.leaves} leaves against"
            f" {verdict.checkpoints} checkpoint(s): tree of {verdict.tree_size} leaves,"
            f" root {verdict.root_hash}"
        )
    else:
        typer.echo(f"FOUND {verdict.finding_count} problem(s); first: {_line(verdict.first)}")
        for finding in sorted(verdict.findings, key=lambda f: f.position)[:20]:
            typer.echo(f"  {_line(finding)}")
    if witnessed is not None:
        _witness_lines(witnessed)
    if not verdict.ok:
        raise typer.Exit(1)


def _witness_lines(found: WitnessedVerdict) -> None:
    newest = found.newest
    if newest is not None:
        ago = max(0, int(time.time() - newest.at))
        typer.echo(
            f"witnessed: the checkpoint of {newest.checkpoint.tree_size} leaves, cosigned by"
            f" {len(newest.cosigned)} witness(es) (quorum {found.quorum}) {ago} s ago"
        )
    for w in found.witnesses:
        size = "nothing yet" if w.cosigned_size is None else f"{w.cosigned_size} leaves"
        state = "answered" if w.up else f"NOT REACHED ({w.error})"
        typer.echo(f"  witness {w.label} (key {w.key_id}): {state}; cosigned {size}")


def _external(kind: type[SignedCheckpoint], path: Path) -> SignedCheckpoint:
    """A checkpoint kept outside the database, or a refusal naming the file and the fault."""
    from register.cli.audit import _read_json  # noqa: PLC0415

    data = _read_json(path)
    if not isinstance(data, dict):
        raise _fail(f"--checkpoint {path}: not a checkpoint (a JSON object expected)")
    try:
        return kind.from_json(data)
    except KeyError as e:
        raise _fail(f"--checkpoint {path}: not a checkpoint ({e.args[0]} missing)") from None
    except (TypeError, ValueError):
        raise _fail(
            f"--checkpoint {path}: not a checkpoint (treeSize and position are integers)"
        ) from None


def _witnessed_file(path: Path) -> str:
    from register.audit.witness.note import NoteError, parse_note  # noqa: PLC0415

    try:
        text = path.read_text(encoding="utf-8")
        parse_note(text).checkpoint()
    except (OSError, UnicodeDecodeError) as e:
        raise _fail(f"--witnessed {path}: not readable ({type(e).__name__})") from None
    except NoteError as e:
        raise _fail(f"--witnessed {path}: not a cosigned checkpoint ({e})") from None
    return text


def verify(
    checkpoint: Annotated[
        list[Path] | None,
        typer.Option(
            "--checkpoint", help="A checkpoint held outside the database (JSON; repeatable)."
        ),
    ] = None,
    witnessed: Annotated[
        list[Path] | None,
        typer.Option(
            "--witnessed",
            help="A cosigned checkpoint (a witness's GET /checkpoint, saved; repeatable), beside"
            " what the witnesses answer now.",
        ),
    ] = None,
    max_age: Annotated[
        str,
        typer.Option(
            "--max-age",
            help="How long events may stay out of every witnessed checkpoint (90s, 15m, 2h, 1d).",
        ),
    ] = "2h",
    witness_key: Annotated[
        list[Path] | None,
        typer.Option(
            "--witness-key",
            help="A witness's public key to count cosignatures with, in place of SIJILL_WITNESSES's"
            " (a file, or base64 as `sijill witness key` prints it; repeatable).",
        ),
    ] = None,
    quorum: Annotated[
        int | None,
        typer.Option(
            min=1, help="With --witness-key: how many must have cosigned (default: most)."
        ),
    ] = None,
    public_key: Annotated[
        Path | None,
        typer.Option(
            "--public-key",
            help="The register's public key (PEM, or base64 as the API publishes it);"
            " default: the configured signing key's.",
        ),
    ] = None,
) -> None:
    """Recompute every leaf and root; check the log extends the checkpoint a quorum of witnesses
    cosigned. Names the first tampered event; exit 1 on any finding."""
    from register.audit.checkpoints import SignedCheckpoint  # noqa: PLC0415
    from register.audit.witness.verification import Trusted, verify_witnessed  # noqa: PLC0415
    from register.cli.audit import _public_key  # noqa: PLC0415

    external = [_external(SignedCheckpoint, p) for p in checkpoint or []]
    files = [_witnessed_file(p) for p in witnessed or []]
    allowed = read_duration(max_age, "--max-age")
    keys = [_public_key(public_key)] if public_key else []
    witnesses = [_public_key(p, "--witness-key") for p in witness_key or []]
    needed = quorum if quorum is not None else len(witnesses) // 2 + 1
    if quorum is not None and not witnesses:
        raise _fail("--quorum: give the witnesses' keys with --witness-key")
    if needed > len(witnesses) > 0:
        raise _fail(f"--quorum {needed} is more than the {len(witnesses)} --witness-key given")
    trusted = Trusted(witnesses, needed) if witnesses else None
    container = bootstrap(_settings(quiet=True), apply_migrations=True)
    try:
        total = container.audit.log.head()
        with events_progress("verify") as progress:
            task = progress.add_task("verify", total=total)
            found = verify_witnessed(
                container.audit,
                files=files,
                max_age_s=allowed,
                public_keys=keys,
                progress=lambda n: progress.advance(task, n),
                external=external,
                trusted=trusted,
            )
            progress.update(task, completed=total)
    finally:
        container.close()
    report(found.verdict, found)
