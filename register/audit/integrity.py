"""Recompute the register's Merkle tree from the stored events and say what was tampered with.

One streamed pass merges two ordered scans — events by position, leaves by leaf index — and
recomputes every leaf from the event's stored bytes:

- `removed`: a leaf whose event is gone, or a gap in the leaf indexes (event and leaf gone);
- `inserted`: an event with no leaf (a row written behind the recorder's back; the events the
  insertion pushed along, intact but renumbered, are recognised as such);
- `renumbered`: intact events moved to other positions with nothing inserted or removed there;
- `modified`: an event whose bytes no longer hash to its leaf;
- `reordered`: two events whose contents were swapped (each hashes to the other's leaf);
- `truncated`: fewer leaves than a signed checkpoint covers, or a checkpoint's event missing
  past the end of the log;
- `checkpoint`: a checkpoint whose signature does not verify, whose key is not trusted for its
  size (`register/audit/key_ring.py`), or whose root differs from the root recomputed over the
  events at its size (an event and its leaf rewritten together);
- `succession`: a key succession whose signatures do not verify or that no trusted key vouches
  for: its keys are not trusted through it.

Memory stays O(log n): the recomputed tree is a compact range, and the roots the checkpoints
need are taken as the scan passes their sizes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from domain.audit import merkle
from domain.audit.key_succession import SUCCESSION_TOPIC
from register.audit.key_ring import KeyRing, key_ring
from register.store.chain import event_leaf
from register.store.event_log import StoredRow

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from register.audit.checkpoints import SignedCheckpoint
    from register.audit.key_ring import SignedSuccession
    from register.store.event_log import EventLog, LeafRow

KEPT = 100
"""Findings kept in detail; all are counted."""


@dataclass(frozen=True)
class Finding:
    kind: str
    position: int
    """The store position (notification id) where the problem shows."""
    leaf_index: int | None
    detail: str


@dataclass
class Verdict:
    events: int = 0
    leaves: int = 0
    tree_size: int = 0
    root_hash: str = ""
    """The root recomputed over the events as they are now."""
    checkpoints: int = 0
    findings: list[Finding] = field(default_factory=list)
    finding_count: int = 0
    last_position: int = 0
    """Where the log ends now (the last event or leaf scanned)."""
    roots: dict[int, bytes] = field(default_factory=dict)
    """The recomputed root at each size asked for (`verify_log`'s `sizes`)."""

    @property
    def ok(self) -> bool:
        return self.finding_count == 0

    @property
    def first(self) -> Finding | None:
        return min(self.findings, key=lambda f: f.position) if self.findings else None

    def add(self, finding: Finding) -> None:
        self.finding_count += 1
        if len(self.findings) < KEPT:
            self.findings.append(finding)


@dataclass
class _Mismatch:
    row: StoredRow
    stored: bytes
    finding: Finding


class _Scan:
    def __init__(
        self, verdict: Verdict, sizes: set[int], progress: Callable[[int], None] | None
    ) -> None:
        self.verdict = verdict
        self.tree = merkle.CompactRange()
        self.sizes = sizes
        self.progress = progress
        self.expected_index = 0
        self.last_position = 0
        self.first_mismatch: _Mismatch | None = None
        self.successions: list[StoredRow] = []
        self._pending = 0
        self.moved = 0  # events inserted less removed: a renumbering this explains is no news
        self.offset = 0  # how far the events are renumbered now (leaves hash the first position)

    def grow(self, leaf: bytes) -> None:
        self.tree.append(leaf)
        if self.tree.size in self.sizes:
            self.verdict.roots[self.tree.size] = self.tree.root()

    def tick(self) -> None:
        self._pending += 1
        if self.progress is not None and self._pending >= 1000:
            self.progress(self._pending)
            self._pending = 0

    def flush(self) -> None:
        if self.progress is not None and self._pending:
            self.progress(self._pending)
        self._pending = 0

    def gap(self, leaf: LeafRow) -> None:
        missing, start = leaf.leaf_index - self.expected_index, self.expected_index
        detail = f"leaves {start}…{leaf.leaf_index - 1} and their events are gone"
        detail += f" ({missing} between positions {self.last_position} and {leaf.position})"
        self.verdict.add(Finding("removed", self.last_position + 1, start, detail))
        self.expected_index = leaf.leaf_index
        self.moved -= missing

    def match(self, row: StoredRow, leaf: LeafRow) -> None:
        recomputed = _leaf_at(row, row.position)
        if recomputed != leaf.leaf and self.renumbered(row, leaf):
            recomputed = leaf.leaf
        elif recomputed != leaf.leaf:
            self.mismatch(row, leaf)
        self.gather(row)
        self.grow(recomputed)
        self.verdict.events += 1
        self.verdict.leaves += 1
        self.expected_index = leaf.leaf_index + 1
        self.last_position = row.position

    def renumbered(self, row: StoredRow, leaf: LeafRow) -> bool:
        """Is the event intact but moved (its leaf hashes it at another position)?"""
        for offset in dict.fromkeys((self.offset, self.moved, 1, -1)):
            before = row.position - offset
            if offset and _leaf_at(row, before) == leaf.leaf:
                if offset not in {self.offset, self.moved}:  # no insertion or removal explains it
                    detail = f"events from here on were moved from position {before} ({offset:+d})"
                    self.verdict.add(Finding("renumbered", row.position, leaf.leaf_index, detail))
                self.offset = offset
                return True
        return False

    def gather(self, row: StoredRow) -> None:
        """Keep key successions, leaf or not, to decode after the pass."""
        if row.topic == SUCCESSION_TOPIC:
            self.successions.append(row)

    def mismatch(self, row: StoredRow, leaf: LeafRow) -> None:
        first, swap = self.first_mismatch, "swapped with the event at position"
        if first is not None and _swapped(first, row, leaf.leaf):
            a = first.row.position
            first.finding = Finding(
                "reordered", a, first.finding.leaf_index, f"{swap} {row.position}"
            )
            self.verdict.findings = [
                first.finding if f.position == a else f for f in self.verdict.findings
            ]
            self.verdict.add(Finding("reordered", row.position, leaf.leaf_index, f"{swap} {a}"))
            return
        detail = f"the stored event no longer hashes to leaf {leaf.leaf_index}"
        finding = Finding("modified", row.position, leaf.leaf_index, detail)
        self.verdict.add(finding)
        if first is None:
            self.first_mismatch = _Mismatch(row, leaf.leaf, finding)


def _leaf_at(row: StoredRow, position: int) -> bytes:
    return event_leaf(position, row.originator_id, row.version, row.topic, row.state)


def _swapped(first: _Mismatch, row: StoredRow, stored: bytes) -> bool:
    a, b = first.row, row
    return _leaf_at(a, b.position) == stored and _leaf_at(b, a.position) == first.stored


def verify_log(
    log: EventLog,
    checkpoints: Sequence[SignedCheckpoint],
    public_keys: Sequence[Ed25519PublicKey],
    *,
    read_succession: Callable[[StoredRow], SignedSuccession | None] = lambda _: None,
    missing_checkpoints: Sequence[int] = (),
    sizes: Sequence[int] = (),
    progress: Callable[[int], None] | None = None,
) -> Verdict:
    """Scan every event and leaf up to the current head; check each checkpoint against it.

    `public_keys` are the keys trusted from the outset; the key successions the scan meets
    (`read_succession` decodes them) extend that trust to other keys, each for its tenure.
    `missing_checkpoints` are positions `audit_checkpoints` names whose event is gone; the root
    at each of `sizes` is kept in `Verdict.roots` (witnessed checkpoints are checked on them).
    """
    head = log.head()
    verdict = Verdict(checkpoints=len(checkpoints))
    scan = _Scan(verdict, {c.tree_size for c in checkpoints} | set(sizes), progress)
    _merge(scan, log.events(upto=head), log.leaves(upto_position=head))
    scan.flush()
    verdict.tree_size = scan.tree.size
    verdict.root_hash = scan.tree.root().hex()
    verdict.last_position = scan.last_position
    for position in missing_checkpoints:
        gone = f"the checkpoint event at position {position} is gone"
        if position > scan.last_position:  # the log was cut before it
            gone += f": the log ends at position {scan.last_position}"
            verdict.add(Finding("truncated", scan.last_position + 1, scan.tree.size, gone))
        else:
            verdict.add(Finding("removed", position, None, gone))
    ring = key_ring(public_keys, [s for s in map(read_succession, scan.successions) if s])
    for rejected in ring.rejected:
        s = rejected.succession
        verdict.add(
            Finding(
                "succession",
                s.position if s.position is not None else scan.last_position + 1,
                None,
                f"{s.label()} has {rejected.reason}: its keys are not trusted through it",
            )
        )
    for checkpoint in checkpoints:
        _check_checkpoint(verdict, scan, checkpoint, ring)
    return verdict


def _merge(scan: _Scan, events: Iterator[StoredRow], leaves: Iterator[LeafRow]) -> None:
    row, leaf = next(events, None), next(leaves, None)
    while row is not None or leaf is not None:
        if leaf is not None and leaf.leaf_index != scan.expected_index:
            scan.gap(leaf)
        if row is not None and (leaf is None or row.position < leaf.position):
            scan.verdict.events += 1
            scan.verdict.add(
                Finding("inserted", row.position, None, "an event with no leaf: not recorded")
            )
            scan.gather(row)
            scan.moved += 1
            row = next(events, None)
        elif leaf is not None and (row is None or leaf.position < row.position):
            scan.verdict.leaves += 1
            scan.verdict.add(
                Finding("removed", leaf.position, leaf.leaf_index, "the leaf's event is gone")
            )
            scan.grow(leaf.leaf)  # keep later roots comparable; the removal is reported here
            scan.moved -= 1
            scan.expected_index = leaf.leaf_index + 1
            scan.last_position = leaf.position
            leaf = next(leaves, None)
        elif row is not None and leaf is not None:
            scan.match(row, leaf)
            row, leaf = next(events, None), next(leaves, None)
        scan.tick()


def _check_checkpoint(
    verdict: Verdict,
    scan: _Scan,
    checkpoint: SignedCheckpoint,
    ring: KeyRing,
) -> None:
    where = checkpoint.position if checkpoint.position is not None else scan.last_position + 1
    reason = ring.refusal(
        checkpoint.key_id, checkpoint.tree_size, checkpoint.note(), checkpoint.signature
    )
    if reason is not None:
        detail = f"checkpoint of size {checkpoint.tree_size} has {reason}"
        verdict.add(Finding("checkpoint", where, None, detail))
    if checkpoint.tree_size > scan.tree.size:
        verdict.add(
            Finding(
                "truncated",
                scan.last_position + 1,
                scan.tree.size,
                f"the log ends at position {scan.last_position} with {scan.tree.size} leaves;"
                f" a checkpoint signed {checkpoint.tree_size}",
            )
        )
    elif verdict.roots.get(checkpoint.tree_size, merkle.empty_root()).hex() != checkpoint.root_hash:
        detail = f"the first {checkpoint.tree_size} events no longer hash to the signed root"
        verdict.add(Finding("checkpoint", where, None, detail))
