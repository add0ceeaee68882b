"""Signed checkpoints: each extends the last, proofs verify against them, a size is signed once."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.audit import merkle
from register.access import Role
from register.audit.checkpoints import AuditLog
from register.audit.signing import Signer, verify
from register.errors import Forbidden
from register.store.chain import event_leaf
from tests.factories import AUDITOR, PARIS_CLERK, enroll
from tests.integration.tampering import Tamper

if TYPE_CHECKING:
    from register.bootstrap import Container


@pytest.fixture
def signer() -> Signer:
    return Signer(Ed25519PrivateKey.generate())


@pytest.fixture
def audit(container: Container, signer: Signer) -> AuditLog:
    return AuditLog(container.register, container.db, lambda: signer)


def enrol(container: Container, *numbers: int) -> None:
    for n in numbers:
        container.register.enroll_citizen(PARIS_CLERK, enroll(nationalId=f"C{n:06d}"))


def test_each_checkpoint_signs_the_root_of_every_leaf_before_it_and_the_next_extends_it(
    container: Container, audit: AuditLog, signer: Signer
) -> None:
    enrol(container, 1, 2, 3)
    first = audit.checkpoint(AUDITOR)
    enrol(container, 4, 5)
    second = audit.checkpoint()

    proof = audit.consistency(first.tree_size, second.tree_size)

    assert (first.tree_size, first.position, second.tree_size, second.position) == (6, 7, 11, 12)
    assert second.root_hash == audit.root_at(11).hex()  # extended from the first's frontier
    assert verify(signer.public_key, second.note(), second.signature)
    assert merkle.verify_consistency(
        6, 11, bytes.fromhex(first.root_hash), bytes.fromhex(second.root_hash), proof
    )
    assert audit.checkpoints() == [first, second]
    assert audit.latest() == second


def test_an_inclusion_proof_shows_an_event_in_the_signed_tree(
    container: Container, audit: AuditLog
) -> None:
    enrol(container, 1, 2, 3, 4)
    signed = audit.checkpoint()
    row = audit.log.event_at(5)
    assert row is not None
    leaf = audit.log.leaf_indexes([5])

    proven = audit.inclusions([5], signed.tree_size)[5]

    assert leaf == {5: 4}
    assert merkle.verify_inclusion(
        event_leaf(5, row.originator_id, row.version, row.topic, row.state),
        proven.leaf_index,
        signed.tree_size,
        proven.proof,
        bytes.fromhex(signed.root_hash),
    )


def test_an_idle_log_gets_no_new_periodic_checkpoint_but_an_asked_one(
    container: Container, audit: AuditLog
) -> None:
    enrol(container, 1)
    first = audit.checkpoint()

    idle = audit.checkpoint(if_changed=True)
    asked = audit.checkpoint()

    assert idle == first
    assert (asked.tree_size, asked.position) == (first.tree_size + 1, first.position + 1)


def test_a_leaf_rewritten_after_a_checkpoint_does_not_enter_the_next_ones_root(
    container: Container, audit: AuditLog
) -> None:
    enrol(container, 1, 2)
    first = audit.checkpoint()
    container.db.execute("UPDATE merkle_leaves SET leaf = %s WHERE leaf_index = 0", (b"\0" * 32,))
    enrol(container, 3)

    second = audit.checkpoint()

    assert second.root_hash != audit.root_at(second.tree_size).hex()
    assert merkle.verify_consistency(  # the signed history stays one history
        first.tree_size,
        second.tree_size,
        bytes.fromhex(first.root_hash),
        bytes.fromhex(second.root_hash),
        audit.consistency(first.tree_size, second.tree_size),
    )
    first_finding = audit.verify().first
    assert first_finding is not None
    assert (first_finding.kind, first_finding.position) == ("modified", 1)


def test_a_frontier_that_does_not_fold_to_its_signed_root_is_not_extended(
    container: Container, audit: AuditLog
) -> None:
    enrol(container, 1, 2, 3)
    first = audit.checkpoint()
    tamper = Tamper(container.db)
    row = audit.log.event_at(first.position or 0)
    assert row is not None
    frontier_hash = audit.root_at(first.tree_size).hex()  # 6 leaves: frontier is [4, 2]
    compact = merkle.CompactRange()
    for leaf in audit.log.leaf_hashes(0, first.tree_size):
        compact.append(leaf)
    forged = row.state.replace(compact.frontier()[0].hex().encode(), b"0" * 64)
    assert forged != row.state
    container.db.execute(
        f"UPDATE {tamper.table} SET state = %s WHERE {tamper.position} = %s",
        (forged, first.position),
    )
    enrol(container, 4)

    second = audit.checkpoint()

    assert frontier_hash == first.root_hash
    assert second.root_hash == audit.root_at(second.tree_size).hex()  # from every stored leaf


def test_only_auditors_and_admins_record_checkpoints(container: Container, audit: AuditLog) -> None:
    with pytest.raises(Forbidden):
        audit.checkpoint(PARIS_CLERK)
    assert AUDITOR.role is Role.AUDITOR
