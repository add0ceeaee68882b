"""A witness cosigns only checkpoints that extend the last it cosigned, and keeps refusals.

No register database here: the witness keeps its own files, and the log it watches is a tree
of made-up leaves signed with a register key, which is all a witness ever sees of a register.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.audit import merkle
from domain.audit.checkpoint import signed_note
from register.audit.checkpoints import SignedCheckpoint
from register.audit.signing import Signer
from register.audit.witness.note import note_of, parse_note
from register.audit.witness.witness import (
    SIZE_TYPE,
    UNREADABLE_STATE,
    Answer,
    Witness,
    request_text,
)

if TYPE_CHECKING:
    from pathlib import Path

SIGNED_AT = "2026-12-03T10:00:00.000000+00:00"


@pytest.fixture
def signer() -> Signer:
    return Signer(Ed25519PrivateKey.generate())


def leaves(n: int, changed: int | None = None) -> list[bytes]:
    return [merkle.leaf_hash(bytes([i, int(i == changed)])) for i in range(n)]


def submit(witness: Witness, signer: Signer, tree: list[bytes], old: int, size: int) -> Answer:
    root = merkle.root(tree[:size]).hex()
    signature = signer.sign(signed_note(size, root, SIGNED_AT))
    checkpoint = SignedCheckpoint(size, root, SIGNED_AT, signer.key_id, signature)
    proof = merkle.consistency_proof(tree, old, size) if 0 < old < size else []
    return witness.add_checkpoint(request_text(old, proof, note_of(checkpoint, signer.public_key)))


def test_a_checkpoint_that_extends_the_last_is_cosigned_and_the_state_outlives_a_restart(
    tmp_path: Path, signer: Signer
) -> None:
    witness = Witness(tmp_path / "w", [signer.public_key])
    tree = leaves(9)

    first = submit(witness, signer, tree, 0, 5)
    second = submit(witness, signer, tree, 5, 9)
    restarted = Witness(tmp_path / "w", [signer.public_key])
    stale = submit(restarted, signer, tree, 5, 9)

    assert (first.status, second.status) == (200, 200)
    assert second.body.startswith("\u2014 sijill-witness ")
    held = restarted.latest()
    assert held is not None
    assert parse_note(held).checkpoint().tree_size == 9
    assert parse_note(held).cosigned_at(witness.public_key) is not None
    assert restarted.public_key == witness.public_key
    assert stale == Answer(409, "9\n", SIZE_TYPE)
    assert restarted.refusals() == []


def test_a_checkpoint_that_does_not_extend_the_last_is_refused_and_kept_as_evidence(
    tmp_path: Path, signer: Signer
) -> None:
    witness = Witness(tmp_path / "w", [signer.public_key])
    assert submit(witness, signer, leaves(12), 0, 8).status == 200
    rewritten = leaves(12, changed=3)

    answers = [
        submit(witness, signer, rewritten, 8, 12),  # a history that forks below 8
        submit(witness, signer, leaves(12), 0, 6),  # a log cut back below what was cosigned
        submit(witness, signer, rewritten, 8, 8),  # another root for the same 8 leaves
    ]
    submit(witness, signer, rewritten, 8, 12)  # the register retrying: evidence kept once

    assert [(a.status, a.body) for a in answers] == [
        (422, "the tree of 12 leaves does not extend the tree of 8\n"),
        (409, "8\n"),
        (409, "8\n"),
    ]
    evidence = [p.read_text(encoding="utf-8") for p in witness.refusals()]
    assert [e.splitlines()[0] for e in evidence] == [
        "refused: the tree of 12 leaves does not extend the tree of 8",
        "refused: a checkpoint of 6 leaves after one of 8",
        "refused: another root for the 8 leaves cosigned",
    ]
    assert all("\u2014 sijill-register-checkpoint/v1 " in e for e in evidence)
    held = witness.latest()
    assert held is not None
    assert parse_note(held).checkpoint().tree_size == 8


def test_what_the_register_did_not_sign_or_a_witness_cannot_read_is_refused(
    tmp_path: Path, signer: Signer
) -> None:
    witness = Witness(tmp_path / "w", [signer.public_key])
    stranger = Signer(Ed25519PrivateKey.generate())
    tree = leaves(4)

    answers = [
        submit(witness, stranger, tree, 0, 4),
        submit(witness, signer, tree, 4, 3),
        witness.add_checkpoint("old 0\n\nsomeone/else\n4\nAAAA\n\n\u2014 x AAAAAAAA\n"),
        witness.add_checkpoint("not a request"),
    ]

    assert [a.status for a in answers] == [403, 400, 404, 400]
    assert witness.latest() is None
    assert witness.refusals() == []


@pytest.mark.parametrize("damage", [b"not a note\n", b"\xff\xfe\x00garbage"])
def test_a_witness_that_cannot_read_its_own_state_cosigns_nothing_and_says_why(
    tmp_path: Path, signer: Signer, damage: bytes
) -> None:
    witness = Witness(tmp_path / "w", [signer.public_key])
    tree = leaves(9)
    assert submit(witness, signer, tree, 0, 5).status == 200
    (tmp_path / "w" / "checkpoint").write_bytes(damage)

    answer = submit(witness, signer, tree, 5, 9)

    assert answer == Answer(503, UNREADABLE_STATE)
    assert (tmp_path / "w" / "checkpoint").read_bytes() == damage  # left for its operator
