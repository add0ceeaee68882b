"""RFC 6962 / 9162 Merkle trees: the reference vectors, and properties over any tree."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.audit import merkle

# The RFC 6962 reference test data (the Certificate Transparency test suite's eight leaves).
LEAF_INPUTS = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]
ROOTS = [
    bytes.fromhex(h)
    for h in (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    )
]
LEAVES = [merkle.leaf_hash(d) for d in LEAF_INPUTS]


def h(hex_digest: str) -> bytes:
    return bytes.fromhex(hex_digest)


INCLUSION_VECTORS = [  # (index counting from 0, tree size, proof)
    (0, 1, []),
    (
        0,
        8,
        [
            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
    ),
    (
        5,
        8,
        [
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
    (2, 3, [h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]),
    (
        1,
        5,
        [
            h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ],
    ),
]
CONSISTENCY_VECTORS = [  # (old size, new size, proof)
    (1, 1, []),
    (
        1,
        8,
        [
            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
    ),
    (
        6,
        8,
        [
            h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
    (
        2,
        5,
        [
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ],
    ),
    (
        6,
        7,
        [
            h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
]


def reference_root(leaves: list[bytes]) -> bytes:
    """MTH exactly as RFC 6962 §2.1 writes it, recursively: the oracle for the streamed root."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = merkle.split(len(leaves))
    return merkle.node_hash(reference_root(leaves[:k]), reference_root(leaves[k:]))


@pytest.mark.parametrize("size", range(9))
def test_the_root_of_every_prefix_matches_the_rfc_6962_vectors(size: int) -> None:
    assert merkle.root(LEAVES[:size]) == ROOTS[size]


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION_VECTORS)
def test_inclusion_proofs_match_and_verify_against_the_rfc_6962_vectors(
    index: int, size: int, proof: list[bytes]
) -> None:
    assert merkle.inclusion_proof(LEAVES, index, size) == proof
    assert merkle.verify_inclusion(LEAVES[index], index, size, proof, ROOTS[size])


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY_VECTORS)
def test_consistency_proofs_match_and_verify_against_the_rfc_6962_vectors(
    old: int, new: int, proof: list[bytes]
) -> None:
    assert merkle.consistency_proof(LEAVES, old, new) == proof
    assert merkle.verify_consistency(old, new, ROOTS[old], ROOTS[new], proof)


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION_VECTORS[1:])
def test_an_inclusion_proof_fails_for_another_index_size_leaf_root_or_a_changed_hash(
    index: int, size: int, proof: list[bytes]
) -> None:
    leaf, root = LEAVES[index], ROOTS[size]
    assert not merkle.verify_inclusion(leaf, index + 1, size, proof, root)
    assert not merkle.verify_inclusion(leaf, index ^ 2, size, proof, root)
    assert not merkle.verify_inclusion(leaf, index, size * 2, proof, root)
    assert not merkle.verify_inclusion(merkle.leaf_hash(b"forged"), index, size, proof, root)
    assert not merkle.verify_inclusion(leaf, index, size, proof, ROOTS[0])
    assert not merkle.verify_inclusion(leaf, index, size, [*proof, root], root)
    assert not merkle.verify_inclusion(leaf, index, size, proof[:-1], root)
    for i in range(len(proof)):
        flipped = bytes([proof[i][0] ^ 8]) + proof[i][1:]
        assert not merkle.verify_inclusion(
            leaf, index, size, [*proof[:i], flipped, *proof[i + 1 :]], root
        )


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY_VECTORS[1:])
def test_a_consistency_proof_fails_for_other_sizes_swapped_roots_or_a_changed_hash(
    old: int, new: int, proof: list[bytes]
) -> None:
    r1, r2 = ROOTS[old], ROOTS[new]
    assert not merkle.verify_consistency(old - 1, new, r1, r2, proof)
    assert not merkle.verify_consistency(old + 1, new, r1, r2, proof)
    assert not merkle.verify_consistency(old, new * 2, r1, r2, proof)
    assert not merkle.verify_consistency(old, new, r2, r1, proof)
    assert not merkle.verify_consistency(old, new, r1, r2, [])
    assert not merkle.verify_consistency(old, new, r1, r2, [*proof, r2])
    assert not merkle.verify_consistency(old, new, r1, r2, proof[:-1])
    for i in range(len(proof)):
        flipped = bytes([proof[i][0] ^ 16]) + proof[i][1:]
        assert not merkle.verify_consistency(
            old, new, r1, r2, [*proof[:i], flipped, *proof[i + 1 :]]
        )


def test_the_empty_and_equal_trees_are_consistent_only_with_an_empty_proof() -> None:
    assert merkle.verify_consistency(0, 5, ROOTS[0], ROOTS[5], [])
    assert merkle.verify_consistency(4, 4, ROOTS[4], ROOTS[4], [])
    assert not merkle.verify_consistency(4, 4, ROOTS[4], ROOTS[5], [])
    assert not merkle.verify_consistency(4, 4, ROOTS[4], ROOTS[4], [ROOTS[0]])
    assert not merkle.verify_consistency(5, 4, ROOTS[5], ROOTS[4], [])


def test_a_leaf_outside_the_tree_has_no_inclusion_proof() -> None:
    with pytest.raises(ValueError, match="not in a tree"):
        merkle.inclusion_ranges(3, 3)
    assert not merkle.verify_inclusion(LEAVES[0], 0, 0, [], ROOTS[0])


trees = st.lists(st.binary(max_size=8), min_size=1, max_size=70).map(
    lambda data: [merkle.leaf_hash(d) for d in data]
)


@given(trees)
def test_the_streamed_root_equals_the_rfc_recursion(leaves: list[bytes]) -> None:
    assert merkle.root(leaves) == reference_root(leaves)


@given(trees, st.data())
def test_every_inclusion_proof_verifies_and_a_changed_leaf_breaks_it(
    leaves: list[bytes], data: st.DataObject
) -> None:
    size = data.draw(st.integers(1, len(leaves)), label="size")
    index = data.draw(st.integers(0, size - 1), label="index")
    root = reference_root(leaves[:size])
    proof = merkle.inclusion_proof(leaves, index, size)

    assert merkle.verify_inclusion(leaves[index], index, size, proof, root)
    assert not merkle.verify_inclusion(merkle.leaf_hash(b"changed"), index, size, proof, root)


@given(trees, st.data())
def test_every_consistency_proof_verifies_and_a_changed_old_leaf_breaks_it(
    leaves: list[bytes], data: st.DataObject
) -> None:
    new = data.draw(st.integers(1, len(leaves)), label="new")
    old = data.draw(st.integers(1, new), label="old")
    proof = merkle.consistency_proof(leaves, old, new)
    old_root, new_root = reference_root(leaves[:old]), reference_root(leaves[:new])

    assert merkle.verify_consistency(old, new, old_root, new_root, proof)
    changed = data.draw(st.integers(0, old - 1), label="changed")
    forged = [*leaves[:changed], merkle.leaf_hash(b"changed"), *leaves[changed + 1 : old]]
    if old < new:
        assert not merkle.verify_consistency(old, new, reference_root(forged), new_root, proof)


@given(trees, st.data())
def test_a_tree_restored_from_its_frontier_grows_to_the_same_roots(
    leaves: list[bytes], data: st.DataObject
) -> None:
    cut = data.draw(st.integers(0, len(leaves)), label="cut")
    grown = merkle.CompactRange()
    for leaf in leaves[:cut]:
        grown.append(leaf)

    restored = merkle.CompactRange.restore(cut, grown.frontier())
    for leaf in leaves[cut:]:
        restored.append(leaf)

    assert restored.root() == reference_root(leaves)


@given(trees, st.data())
def test_subtree_hashes_in_one_pass_equal_each_subtree_computed_alone(
    leaves: list[bytes], data: st.DataObject
) -> None:
    size = data.draw(st.integers(1, len(leaves)), label="size")
    index = data.draw(st.integers(0, size - 1), label="index")
    wanted = merkle.inclusion_ranges(index, size) + merkle.consistency_ranges(index + 1, size)

    hashes = merkle.subtree_hashes(iter(leaves), size, wanted)

    assert hashes == {(a, b): reference_root(leaves[a:b]) for a, b in wanted}
