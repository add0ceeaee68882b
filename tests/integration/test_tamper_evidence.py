"""Tampering with the database beneath the register is found, named and placed, on both backends.

The scenario: four enrolments (positions 1-8), a signed checkpoint of those 8 leaves (its own
event at position 9), two more enrolments (positions 10-13).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from register.audit.checkpoints import AuditLog, SignedCheckpoint
from register.audit.integrity import Finding
from register.audit.signing import Signer
from register.store.chain import event_leaf
from tests.factories import PARIS_CLERK, enroll
from tests.integration.tampering import Tamper

if TYPE_CHECKING:
    from register.bootstrap import Container

FORGED_ID = "0b6a8d1e-5f0c-4c1e-9a55-0d4b9b1c2a77"


@pytest.fixture
def signer() -> Signer:
    return Signer(Ed25519PrivateKey.generate())


@pytest.fixture
def audit(container: Container, signer: Signer) -> AuditLog:
    return AuditLog(container.register, container.db, lambda: signer)


@pytest.fixture
def checkpoint(container: Container, audit: AuditLog) -> SignedCheckpoint:
    """The scenario above; returns the checkpoint of size 8."""
    for i in range(4):
        container.register.enroll_citizen(PARIS_CLERK, enroll(nationalId=f"T{i:06d}"))
    signed = audit.checkpoint()
    for i in range(4, 6):
        container.register.enroll_citizen(PARIS_CLERK, enroll(nationalId=f"T{i:06d}"))
    return signed


def first(audit: AuditLog, *external: SignedCheckpoint) -> Finding | None:
    return audit.verify(external=external).first


def test_an_untouched_register_verifies_with_its_root_over_every_event(
    container: Container, audit: AuditLog, checkpoint: SignedCheckpoint
) -> None:
    verdict = audit.verify()

    assert (checkpoint.tree_size, checkpoint.position) == (8, 9)
    assert verdict.ok
    assert (verdict.events, verdict.leaves, verdict.tree_size, verdict.checkpoints) == (
        13,
        13,
        13,
        1,
    )
    assert verdict.root_hash == audit.root_at(13).hex()
    assert audit.root_at(8).hex() == checkpoint.root_hash


def test_a_flipped_byte_in_an_events_payload_is_found_as_modified_at_its_position(
    container: Container, audit: AuditLog, checkpoint: SignedCheckpoint
) -> None:
    Tamper(container.db).flip_a_byte_of_state(5)

    verdict = audit.verify()

    assert verdict.first == Finding("modified", 5, 4, "the stored event no longer hashes to leaf 4")
    assert [f.kind for f in verdict.findings] == ["modified", "checkpoint"]


def test_a_deleted_event_is_found_as_removed_at_its_position(
    container: Container, audit: AuditLog, checkpoint: SignedCheckpoint
) -> None:
    Tamper(container.db).delete_event(6)

    assert first(audit) == Finding("removed", 6, 5, "the leaf's event is gone")


def test_a_forged_event_inserted_by_hand_is_found_as_inserted_at_its_position(
    container: Container, audit: AuditLog, checkpoint: SignedCheckpoint
) -> None:
    forged = Tamper(container.db).insert_forged_event(copy_of=1, originator_id=FORGED_ID)

    assert forged == 14
    assert first(audit) == Finding("inserted", 14, None, "an event with no leaf: not recorded")


def test_two_swapped_events_are_found_as_reordered_at_the_first_of_them(
    container: Container, audit: AuditLog, checkpoint: SignedCheckpoint
) -> None:
    Tamper(container.db).swap_events(3, 11)

    verdict = audit.verify()

    assert verdict.first == Finding("reordered", 3, 2, "swapped with the event at position 11")
    assert [(f.kind, f.position) for f in verdict.findings[:2]] == [
        ("reordered", 3),
        ("reordered", 11),
    ]


def test_a_tail_cut_below_a_checkpoint_is_found_as_truncated_where_the_log_now_ends(
    container: Container, audit: AuditLog, checkpoint: SignedCheckpoint
) -> None:
    Tamper(container.db).truncate_after(7)

    verdict = audit.verify()

    assert verdict.first == Finding(
        "truncated",
        8,
        7,
        "the checkpoint event at position 9 is gone: the log ends at position 7",
    )


def test_a_careful_truncation_is_caught_only_by_a_checkpoint_held_outside_the_database(
    container: Container, audit: AuditLog, checkpoint: SignedCheckpoint
) -> None:
    Tamper(container.db).truncate_after(7, checkpoint_index_too=True)

    assert audit.verify().ok  # what the database alone can still say
    assert first(audit, checkpoint) == Finding(
        "truncated",
        8,
        7,
        "the log ends at position 7 with 7 leaves; a checkpoint signed 8",
    )


def test_an_event_rewritten_with_its_leaf_is_caught_by_the_checkpoint_root(
    container: Container, audit: AuditLog, checkpoint: SignedCheckpoint
) -> None:
    tamper = Tamper(container.db)
    tamper.flip_a_byte_of_state(2)
    row = audit.log.event_at(2)
    assert row is not None
    leaf = event_leaf(row.position, row.originator_id, row.version, row.topic, row.state)
    container.db.execute("UPDATE merkle_leaves SET leaf = %s WHERE position = 2", (leaf,))

    assert first(audit) == Finding(
        "checkpoint", 9, None, "the first 8 events no longer hash to the signed root"
    )


def test_a_checkpoint_signed_by_another_key_is_reported(
    container: Container, audit: AuditLog, checkpoint: SignedCheckpoint
) -> None:
    verdict = audit.verify(public_keys=[Ed25519PrivateKey.generate().public_key()])

    assert verdict.first == Finding(
        "checkpoint", 9, None, "checkpoint of size 8 has an unknown key"
    )
