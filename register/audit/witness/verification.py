"""Verification that trusts the witnesses, not the database: the log must extend what they saw.

The checkpoints considered are the witnesses' latest (asked now), the notes given as files
(`--witnessed`) and the cosignatures recorded in `audit_cosignatures`; each counts only with
valid cosignatures by at least a quorum of the configured witnesses, so the database can hide
one but never forge one. Over the usual scan of every event and leaf (`AuditLog.verify`), the
newest such checkpoint must be extended by the log (`truncated` otherwise), every one must still
hash to its root (`rewritten`, placed between the last that does and the first that does not,
unless a finding at a position already explains it), and the newest's own event must be in the
log (`removed`). A non-empty log with no witnessed checkpoint is `unwitnessed`; events left
uncovered past the newest for longer than the allowed age are `stale`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from domain.audit import merkle
from domain.audit.checkpoint import Checkpoint as CheckpointAggregate
from register.audit.integrity import Finding, Verdict
from register.audit.signing import key_id
from register.audit.witness.client import WitnessUnreachable
from register.audit.witness.cosigning import WitnessStatus
from register.audit.witness.note import Checkpoint, NoteError, parse_note

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from register.audit.checkpoints import AuditLog, SignedCheckpoint

DEFAULT_MAX_AGE_S = 2 * 3600.0
"""Twice the server's default checkpoint interval: one missed round is not yet a finding."""
PLACED = {"modified", "reordered", "removed", "renumbered"}


@dataclass(frozen=True)
class Witnessed:
    """A register checkpoint and the witnesses (key id → cosignature time) that cosigned it."""

    checkpoint: Checkpoint
    cosigned: dict[str, int]

    @property
    def at(self) -> int:
        return max(self.cosigned.values())


@dataclass(frozen=True)
class Trusted:
    """Witness keys and a quorum an auditor brings, in place of SIJILL_WITNESSES's."""

    keys: Sequence[Ed25519PublicKey]
    quorum: int


@dataclass
class WitnessedVerdict:
    verdict: Verdict
    quorum: int
    newest: Witnessed | None
    witnesses: list[WitnessStatus] = field(default_factory=list)


def collect(notes: Iterable[str], keys: Mapping[str, Ed25519PublicKey]) -> list[Witnessed]:
    """The checkpoints these notes state, each with the valid cosignatures by `keys`."""
    found: dict[Checkpoint, dict[str, int]] = {}
    for text in notes:
        try:
            note = parse_note(text)
            checkpoint = note.checkpoint()
        except NoteError:
            continue
        for kid, key in keys.items():
            at = note.cosigned_at(key)
            if at is not None:
                cosigned = found.setdefault(checkpoint, {})
                cosigned[kid] = max(at, cosigned.get(kid, 0))
    return [Witnessed(c, by) for c, by in found.items()]


def verify_witnessed(
    audit: AuditLog,
    *,
    files: Sequence[str] = (),
    max_age_s: float = DEFAULT_MAX_AGE_S,
    now: float | None = None,
    public_keys: Sequence[Ed25519PublicKey] = (),
    progress: Callable[[int], None] | None = None,
    external: Sequence[SignedCheckpoint] = (),
    trusted: Trusted | None = None,
) -> WitnessedVerdict:
    """Ask the witnesses for their latest, then scan the log and check it extends it.

    `trusted` (an outside auditor's own witness keys and quorum) stands in for the configured
    witnesses' keys and quorum when cosignatures are counted; the witnesses are still asked."""
    cosigners = audit.witnesses
    endpoints = cosigners.witnesses if cosigners is not None else []
    quorum = cosigners.quorum if cosigners is not None else 0
    keys = {w.key_id: w.public_key for w in endpoints}
    if trusted is not None:
        quorum, keys = trusted.quorum, {key_id(k): k for k in trusted.keys}
    notes = [*files, *(cosigners.table.notes() if cosigners is not None else [])]
    statuses = []
    for witness in endpoints:
        status = WitnessStatus(witness.label, witness.key_id)
        try:
            latest = witness.latest()
        except WitnessUnreachable as e:
            status.up, status.error = False, f"unreachable: {e}"
        else:
            status.up = True
            notes += [latest] if latest is not None else []
        statuses.append(status)
    seen = collect(notes, keys)
    for status in statuses:
        mine = [w for w in seen if status.key_id in w.cosigned]
        if mine:
            top = max(mine, key=lambda w: w.checkpoint.tree_size)
            status.cosigned_size = top.checkpoint.tree_size
            status.cosigned_at = top.cosigned[status.key_id]
    candidates = sorted(
        (w for w in seen if quorum and len(w.cosigned) >= quorum),
        key=lambda w: (w.checkpoint.tree_size, w.at),
    )
    verdict = audit.verify(
        external=external,
        public_keys=public_keys,
        progress=progress,
        sizes=[w.checkpoint.tree_size for w in candidates],
    )
    _check(audit, verdict, candidates, quorum)
    newest = candidates[-1] if candidates else None
    if newest is not None:
        _freshness(audit, verdict, newest, max_age_s, time.time() if now is None else now)
    return WitnessedVerdict(verdict, quorum, newest, statuses)


def _check(audit: AuditLog, verdict: Verdict, candidates: list[Witnessed], quorum: int) -> None:
    if not candidates:
        if verdict.events or verdict.leaves:
            why = (
                f"no checkpoint is cosigned by {quorum} witness(es)"
                if quorum
                else "no witness is configured (SIJILL_WITNESSES)"
            )
            detail = (
                f"{why}: nothing outside the database vouches for its {verdict.tree_size} leaves"
            )
            verdict.add(Finding("unwitnessed", _position(audit, verdict, 0), 0, detail))
        return
    newest = candidates[-1]
    size, by = newest.checkpoint.tree_size, len(newest.cosigned)
    if size > verdict.tree_size:
        verdict.add(
            Finding(
                "truncated",
                verdict.last_position + 1,
                verdict.tree_size,
                f"the log ends at position {verdict.last_position} with {verdict.tree_size}"
                f" leaves; {by} witness(es) cosigned a checkpoint of {size} leaves",
            )
        )
        return
    _rewritten(audit, verdict, candidates)
    if not _recorded(audit, newest.checkpoint):
        verdict.add(
            Finding(
                "removed",
                _position(audit, verdict, size),
                size,
                f"the checkpoint of {size} leaves that {by} witness(es) cosigned is not in the"
                " log: checkpoint events were removed",
            )
        )


def _rewritten(audit: AuditLog, verdict: Verdict, candidates: list[Witnessed]) -> None:
    low = 0
    for witnessed in candidates:
        checkpoint = witnessed.checkpoint
        root = verdict.roots.get(checkpoint.tree_size, merkle.empty_root())
        if root.hex() == checkpoint.root_hash:
            low = checkpoint.tree_size
            continue
        high = checkpoint.tree_size
        placed = [
            f
            for f in verdict.findings
            if f.kind in PLACED and f.leaf_index is not None and low <= f.leaf_index < high
        ]
        if not placed:
            kept = f" (the first {low} still do)" if low else ""
            verdict.add(
                Finding(
                    "rewritten",
                    _position(audit, verdict, low),
                    low,
                    f"the first {high} events no longer hash to the root"
                    f" {len(witnessed.cosigned)} witness(es) cosigned{kept}: events among leaves"
                    f" {low}…{high - 1} were rewritten with their leaves",
                )
            )
        return


def _recorded(audit: AuditLog, checkpoint: Checkpoint) -> bool:
    rows = audit.log.rows_of([CheckpointAggregate.id_for(checkpoint.tree_size)])
    events = [audit.event_of(row) for row in rows]
    return any(
        isinstance(e, CheckpointAggregate.Signed) and e.root_hash == checkpoint.root_hash
        for e in events
    )


def _freshness(
    audit: AuditLog, verdict: Verdict, newest: Witnessed, max_age_s: float, now: float
) -> None:
    size, age = newest.checkpoint.tree_size, now - newest.at
    uncovered = verdict.tree_size - size - 1  # its own event is the leaf after the first `size`
    if age > max_age_s and uncovered > 0:
        verdict.add(
            Finding(
                "stale",
                _position(audit, verdict, size + 1),
                size + 1,
                f"{uncovered} event(s) after the checkpoint of {size} leaves are in no witnessed"
                f" checkpoint, and it was cosigned {_duration(age)} ago"
                f" (allowed: {_duration(max_age_s)})",
            )
        )


def _position(audit: AuditLog, verdict: Verdict, leaf_index: int) -> int:
    found = audit.log.position_of_leaf(leaf_index)
    return found if found is not None else verdict.last_position + 1


def _duration(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 1:
        return f"{int(seconds)} s"
    return f"{minutes // 60} h {minutes % 60} min" if minutes >= 60 else f"{minutes} min"
