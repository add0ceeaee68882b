"""Merkle tree hashing, inclusion and consistency proofs as RFC 6962 / RFC 9162 define them.

Pure functions, no I/O. Leaves are hashed `SHA-256(0x00 ‖ data)` and interior nodes
`SHA-256(0x01 ‖ left ‖ right)`; the tree over n leaves splits at the largest power of two
smaller than n, so it only ever grows on the right and an earlier tree is a prefix of a later one.

Proofs are computed in two steps that never need the whole tree in memory: `inclusion_ranges`
and `consistency_ranges` name the subtrees (leaf ranges `[start, end)`) whose hashes make up a
proof, and `subtree_hashes` computes any set of such subtrees in one pass over the leaves with a
stack of O(log n) complete subtrees (a compact range). The verifiers follow RFC 9162 §2.1.3.2
and §2.1.4.2 word for word.

Why not a library: the one maintained Python candidate (`pymerkle`) is GPL-3.0, pins its own
dependency to an exact version, calls itself unaudited, and loads whole leaf ranges into
memory; these ~200 lines are checked against the RFC 6962 reference vectors instead.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Sequence

HASH_SIZE = 32
Range = tuple[int, int]
"""A run of leaves `[start, end)`; every range a proof names is a node of the tree."""


def leaf_hash(data: bytes) -> bytes:
    """MTH of one entry: SHA-256(0x00 ‖ data)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """An interior node: SHA-256(0x01 ‖ left ‖ right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def empty_root() -> bytes:
    """MTH of the empty tree: SHA-256 of nothing."""
    return hashlib.sha256(b"").digest()


def split(n: int) -> int:
    """The largest power of two strictly smaller than n (n ≥ 2)."""
    return 1 << ((n - 1).bit_length() - 1)


@dataclass
class CompactRange:
    """The complete subtrees covering leaves [0, size): enough to extend the tree and root it.

    Appending a leaf merges equal-sized neighbours, so the stack holds one subtree per set bit
    of `size` (largest first): O(log n) hashes for any number of leaves.
    """

    size: int = 0
    stack: list[tuple[int, int, bytes]] = field(default_factory=list)
    """(start, width, hash) of each complete subtree, left to right."""

    def append(self, leaf: bytes, record: dict[Range, bytes] | None = None) -> None:
        """Add the next leaf hash; complete subtrees named in `record` are stored there."""
        start, width, digest = self.size, 1, leaf
        self.size += 1
        if record is not None and (start, start + 1) in record:
            record[(start, start + 1)] = digest
        while self.stack and self.stack[-1][1] == width:
            left_start, _, left = self.stack.pop()
            start, width, digest = left_start, width * 2, node_hash(left, digest)
            if record is not None and (start, start + width) in record:
                record[(start, start + width)] = digest
        self.stack.append((start, width, digest))

    def right_edge(self, record: dict[Range, bytes] | None = None) -> bytes:
        """The root of [0, size); the incomplete nodes [start, size) on the way are recorded."""
        if not self.stack:
            return empty_root()
        _, _, digest = self.stack[-1]
        for start, _, left in reversed(self.stack[:-1]):
            digest = node_hash(left, digest)
            if record is not None and (start, self.size) in record:
                record[(start, self.size)] = digest
        return digest

    def root(self) -> bytes:
        return self.right_edge()

    def frontier(self) -> list[bytes]:
        """The complete subtrees' hashes, left to right: with `size`, all `restore` needs."""
        return [digest for _, _, digest in self.stack]

    @classmethod
    def restore(cls, size: int, frontier: Sequence[bytes]) -> CompactRange:
        """The compact range of a tree of `size` leaves from its frontier (one hash per set bit)."""
        widths = [1 << b for b in range(size.bit_length() - 1, -1, -1) if size >> b & 1]
        if len(widths) != len(frontier):
            msg = f"a tree of {size} leaves has {len(widths)} frontier hashes, not {len(frontier)}"
            raise ValueError(msg)
        compact, start = cls(size=size), 0
        for width, digest in zip(widths, frontier, strict=True):
            compact.stack.append((start, width, digest))
            start += width
        return compact


def root(leaves: Iterable[bytes]) -> bytes:
    """MTH over leaf hashes streamed in order, in O(log n) memory."""
    compact = CompactRange()
    for leaf in leaves:
        compact.append(leaf)
    return compact.root()


def subtree_hashes(
    leaves: Iterable[bytes], size: int, wanted: Collection[Range]
) -> dict[Range, bytes]:
    """The hashes of the `wanted` nodes of the tree over the first `size` leaves, in one pass.

    `leaves` yields at least `size` leaf hashes in order (more are ignored). Every wanted range
    must be a node of that tree, as every range `inclusion_ranges` and `consistency_ranges`
    returns is.
    """
    record: dict[Range, bytes] = dict.fromkeys(wanted, b"")
    compact = CompactRange()
    for leaf in leaves:
        if compact.size == size:
            break
        compact.append(leaf, record)
    if compact.size < size:
        msg = f"the tree has {compact.size} leaves, fewer than {size}"
        raise ValueError(msg)
    compact.right_edge(record)
    missing = [r for r, digest in record.items() if not digest]
    if missing:
        msg = f"not nodes of the tree of size {size}: {missing[:3]}"
        raise ValueError(msg)
    return record


def inclusion_ranges(index: int, size: int) -> list[Range]:
    """The nodes of PATH(index, D[size]) (RFC 6962 §2.1.1), nearest the leaf first."""
    if not 0 <= index < size:
        msg = f"leaf {index} is not in a tree of {size} leaves"
        raise ValueError(msg)
    ranges: list[Range] = []
    start, end = 0, size
    while end - start > 1:
        k = split(end - start)
        if index < start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    return ranges[::-1]


def consistency_ranges(old_size: int, new_size: int) -> list[Range]:
    """The nodes of PROOF(old_size, D[new_size]) (RFC 6962 §2.1.2), in proof order."""
    if not 0 <= old_size <= new_size:
        msg = f"no consistency proof from size {old_size} to size {new_size}"
        raise ValueError(msg)
    if old_size in (0, new_size):
        return []
    ranges: list[Range] = []
    start, m, n, whole = 0, old_size, new_size, True
    while m != n:
        k = split(n)
        if m <= k:
            ranges.append((start + k, start + n))
            n = k
        else:
            ranges.append((start, start + k))
            start, m, n, whole = start + k, m - k, n - k, False
    if not whole:
        ranges.append((start, start + n))
    return ranges[::-1]


def inclusion_proof(leaves: Sequence[bytes], index: int, size: int) -> list[bytes]:
    """PATH(index, D[size]) over leaf hashes held in memory (tests, small trees)."""
    hashes = subtree_hashes(leaves, size, inclusion_ranges(index, size))
    return [hashes[r] for r in inclusion_ranges(index, size)]


def consistency_proof(leaves: Sequence[bytes], old_size: int, new_size: int) -> list[bytes]:
    """PROOF(old_size, D[new_size]) over leaf hashes held in memory (tests, small trees)."""
    ranges = consistency_ranges(old_size, new_size)
    hashes = subtree_hashes(leaves, new_size, ranges)
    return [hashes[r] for r in ranges]


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root_hash: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: does `proof` show leaf hash `leaf` at `index` in the tree `root_hash`?"""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root_hash


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: does `proof` show the tree `new_root` extends the tree `old_root`?"""
    if not 0 <= old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if old_size == 0:
        return not proof
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the first node
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn & 1 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0
