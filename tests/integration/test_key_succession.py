"""Rotating the checkpoint key: the old and the new key sign the hand-over, verifiers follow it.

The scenario: three enrolments (positions 1-6), a checkpoint of 6 leaves by the old key
(position 7), the rotation's own checkpoint of 7 leaves by the old key (position 8), the
succession (position 9), one more enrolment (10-11), a checkpoint of 11 by the new key (12).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.audit.checkpoint import Checkpoint, signed_note
from domain.audit.key_succession import KeySuccession, succession_note
from domain.base import Recording
from register.audit.checkpoints import CHECKPOINTER, AuditLog
from register.audit.integrity import Finding
from register.audit.key_succession import RotationRefused, published_keys, rotate_key
from register.audit.signing import Signer, SigningKeyError
from tests.factories import PARIS_CLERK, enroll
from tests.integration.tampering import Tamper

if TYPE_CHECKING:
    from register.audit.key_ring import SignedSuccession
    from register.bootstrap import Container

NOW = Recording(actor="intruder", mission="RBA", effective_date=datetime.now(UTC).date())


def a_signer() -> Signer:
    return Signer(Ed25519PrivateKey.generate())


@pytest.fixture
def old() -> Signer:
    return a_signer()


@pytest.fixture
def new() -> Signer:
    return a_signer()


def audit_with(container: Container, signer: Signer) -> AuditLog:
    """The register as a server configured with `signer` sees it."""
    return AuditLog(container.register, container.db, lambda: signer)


def enrol(container: Container, *numbers: int) -> None:
    for n in numbers:
        container.register.enroll_citizen(PARIS_CLERK, enroll(nationalId=f"K{n:06d}"))


@pytest.fixture
def rotated(container: Container, old: Signer, new: Signer) -> SignedSuccession:
    """The scenario above; returns the succession."""
    enrol(container, 1, 2, 3)
    audit_with(container, old).checkpoint()
    succession = rotate_key(audit_with(container, old), new, CHECKPOINTER)
    enrol(container, 4)
    audit_with(container, new).checkpoint()
    return succession


def sign_checkpoint_by_hand(container: Container, signer: Signer) -> int:
    """A checkpoint of the current tree signed with `signer`, past any guard: its position."""
    audit = audit_with(container, signer)
    size = audit.log.tree_size()
    root, at = audit.root_at(size).hex(), datetime.now(UTC).isoformat()
    checkpoint = Checkpoint.sign(
        tree_size=size,
        root_hash=root,
        signed_at=at,
        key_id=signer.key_id,
        signature=signer.sign(signed_note(size, root, at)),
        frontier=[],
        by=NOW,
    )
    return container.register.save(checkpoint)[-1].notification.id


def test_checkpoints_before_and_after_a_rotation_verify_with_only_the_new_key_trusted(
    container: Container, rotated: SignedSuccession, old: Signer, new: Signer
) -> None:
    verdict = audit_with(container, new).verify()

    assert (rotated.old_key_id, rotated.new_key_id) == (old.key_id, new.key_id)
    assert (rotated.tree_size, rotated.position) == (7, 9)
    assert (
        rotated.note()
        == (
            f"sijill-register-key-succession/v1\n{old.key_id}\n{new.published().public_key}\n7\n"
            f"{rotated.rotated_at}\n"
        ).encode()
    )
    assert (verdict.ok, verdict.checkpoints, verdict.events) == (True, 3, 12)
    assert [
        (k.key.key_id, k.from_size, k.to_size) for k in published_keys(audit_with(container, new))
    ] == [
        (old.key_id, 0, 7),
        (new.key_id, 7, None),
    ]


def test_a_verifier_who_pinned_the_old_key_follows_the_succession_to_the_new_one(
    container: Container, rotated: SignedSuccession, old: Signer
) -> None:
    enrol(container, 5)
    container_audit = audit_with(container, old)

    verdict = container_audit.verify(public_keys=[old.public_key])

    assert rotated.tree_size == 7
    assert (verdict.ok, verdict.checkpoints) == (True, 3)


def test_a_checkpoint_by_the_old_key_past_the_hand_over_is_a_finding_whoever_is_trusted(
    container: Container, rotated: SignedSuccession, old: Signer, new: Signer
) -> None:
    with pytest.raises(SigningKeyError, match="already succeeded by key"):
        audit_with(container, old).checkpoint()  # a stale server signs no more
    position = sign_checkpoint_by_hand(container, old)  # the retired key, stolen

    expected = Finding(
        "checkpoint",
        position,
        None,
        f"checkpoint of size 12 has key {old.key_id}, trusted only for sizes 0…7",
    )
    assert audit_with(container, new).verify().findings == [expected]
    assert audit_with(container, new).verify(public_keys=[old.public_key]).findings == [expected]
    assert rotated.position == 9


def test_a_forged_succession_inserted_in_the_database_is_a_finding_and_trusts_no_key(
    container: Container, old: Signer
) -> None:
    enrol(container, 1, 2)
    audit = audit_with(container, old)
    audit.checkpoint()
    attacker = a_signer()
    claimed = attacker.published().public_key
    note = succession_note(old.key_id, claimed, 5, "2026-01-01T00:00:00+00:00")
    forged = KeySuccession.rotate(
        old_key_id=old.key_id,
        old_public_key=old.published().public_key,
        new_key_id=attacker.key_id,
        new_public_key=claimed,
        tree_size=5,
        rotated_at="2026-01-01T00:00:00+00:00",
        old_signature=attacker.sign(note),  # the attacker cannot sign with the register's key
        new_signature=attacker.sign(note),
        by=NOW,
    )
    inserted = insert_by_hand(container, forged)
    by_attacker = sign_checkpoint_by_hand(container, attacker)

    verdict = audit.verify()

    assert (inserted, by_attacker) == (6, 7)
    assert sorted(verdict.findings, key=lambda f: (f.position, f.kind)) == [
        Finding("inserted", 6, None, "an event with no leaf: not recorded"),
        Finding(
            "succession",
            6,
            None,
            f"key succession from {old.key_id} to {attacker.key_id} at size 5 has an old key's"
            " signature that does not verify: its keys are not trusted through it",
        ),
        Finding("checkpoint", 7, None, "checkpoint of size 5 has an unknown key"),
    ]
    assert [k.key.key_id for k in published_keys(audit)] == [old.key_id]


def insert_by_hand(container: Container, aggregate: KeySuccession) -> int:
    """The aggregate's event written straight into the events table, as an intruder would."""
    stored = container.register.mapper.to_stored_event(aggregate.collect_events()[0])
    tamper = Tamper(container.db)
    oid = stored.originator_id
    container.db.execute(
        f"INSERT INTO {tamper.table} (originator_id, originator_version, topic, state)"
        " VALUES (%s, %s, %s, %s)",
        (
            oid.hex if container.db.kind == "sqlite" else oid,
            stored.originator_version,
            stored.topic,
            stored.state,
        ),
    )
    return max(tamper.positions())


def test_a_rotation_to_the_same_key_or_of_a_key_already_succeeded_is_refused(
    container: Container, rotated: SignedSuccession, old: Signer, new: Signer
) -> None:
    with pytest.raises(RotationRefused, match="the new key is the current key"):
        rotate_key(audit_with(container, new), new, CHECKPOINTER)
    with pytest.raises(RotationRefused, match=f"key {old.key_id} was already succeeded"):
        rotate_key(audit_with(container, old), a_signer(), CHECKPOINTER)
    with pytest.raises(RotationRefused, match="already served in the succession"):
        rotate_key(audit_with(container, new), old, CHECKPOINTER)
    assert rotated.position == 9
