"""With witnesses, every way of tampering with the database is caught, named and placed.

Two witnesses (each its own directory, never the database), quorum 2. The scenario: four
enrolments (positions 1-8), a checkpoint of 8 leaves (its event at 9), two enrolments
(10-13), a checkpoint of 13 leaves (its event at 14), one enrolment (15-16); both checkpoints
cosigned by both witnesses. Each test then tampers as an attacker with write access to the
database would, by plain SQL, and verification names the kind and the position.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from register.audit.checkpoints import AuditLog
from register.audit.integrity import Finding
from register.audit.signing import Signer
from register.audit.witness.cosigning import Cosigners
from register.audit.witness.verification import verify_witnessed
from register.settings import WitnessEntry, WitnessSetting
from tests.factories import PARIS_CLERK, enroll
from tests.integration.tampering import Tamper

if TYPE_CHECKING:
    from pathlib import Path

    from register.bootstrap import Container

FORGED_ID = "0b6a8d1e-5f0c-4c1e-9a55-0d4b9b1c2a77"
WITNESSED_13 = "2 witness(es) cosigned a checkpoint of 13 leaves"


@pytest.fixture
def audit(container: Container, tmp_path: Path) -> AuditLog:
    signer = Signer(Ed25519PrivateKey.generate())
    audit = AuditLog(container.register, container.db, lambda: signer)
    entries = tuple(WitnessEntry(f"local:{tmp_path / name}") for name in ("w1", "w2"))
    audit.witnesses = Cosigners(audit, WitnessSetting(entries, 2))
    return audit


def enrol(container: Container, *numbers: int) -> None:
    for n in numbers:
        container.register.enroll_citizen(PARIS_CLERK, enroll(nationalId=f"W{n:06d}"))


@pytest.fixture
def tamper(container: Container, audit: AuditLog) -> Tamper:
    """The scenario above, verified clean before the test tampers with it."""
    enrol(container, 1, 2, 3, 4)
    audit.checkpoint()
    enrol(container, 5, 6)
    audit.checkpoint()
    enrol(container, 7)
    clean = verify_witnessed(audit)
    assert clean.verdict.ok, clean.verdict.findings
    assert clean.newest is not None
    assert (clean.newest.checkpoint.tree_size, len(clean.newest.cosigned)) == (13, 2)
    assert [(w.up, w.cosigned_size) for w in clean.witnesses] == [(True, 13), (True, 13)]
    return Tamper(container.db)


def findings(audit: AuditLog) -> list[Finding]:
    return sorted(verify_witnessed(audit).verdict.findings, key=lambda f: f.position)


def test_a_modified_event_is_found_at_its_position(audit: AuditLog, tamper: Tamper) -> None:
    tamper.flip_a_byte_of_state(5)

    assert findings(audit)[0] == Finding(
        "modified", 5, 4, "the stored event no longer hashes to leaf 4"
    )


def test_a_deleted_event_is_found_as_removed(audit: AuditLog, tamper: Tamper) -> None:
    tamper.delete_event(6)

    assert findings(audit)[0] == Finding("removed", 6, 5, "the leaf's event is gone")


def test_an_event_inserted_at_the_end_is_found_as_inserted(audit: AuditLog, tamper: Tamper) -> None:
    forged = tamper.insert_forged_event(copy_of=1, originator_id=FORGED_ID)

    assert findings(audit) == [
        Finding("inserted", forged, None, "an event with no leaf: not recorded")
    ]


def test_an_event_inserted_in_the_middle_is_found_as_inserted_and_nothing_else(
    audit: AuditLog, tamper: Tamper
) -> None:
    tamper.insert_in_the_middle(3, copy_of=1, originator_id=FORGED_ID)

    assert findings(audit) == [Finding("inserted", 3, None, "an event with no leaf: not recorded")]


def test_events_moved_to_other_positions_are_found_as_renumbered_where_the_move_starts(
    audit: AuditLog, tamper: Tamper
) -> None:
    tamper.move_up_from(10)

    assert findings(audit) == [
        Finding("renumbered", 11, 9, "events from here on were moved from position 10 (+1)")
    ]


def test_two_swapped_events_are_found_as_reordered(audit: AuditLog, tamper: Tamper) -> None:
    tamper.swap_events(3, 11)

    found = findings(audit)

    assert (found[0].kind, found[0].position) == ("reordered", 3)
    assert [f.position for f in found if f.kind == "reordered"] == [3, 11]
    assert "rewritten" not in {f.kind for f in found}  # the swap explains the roots


def test_a_truncated_log_is_found_where_it_now_ends(audit: AuditLog, tamper: Tamper) -> None:
    tamper.truncate_after(11)

    found = findings(audit)

    assert found[0].kind == "truncated"
    assert (
        Finding("truncated", 12, 11, f"the log ends at position 11 with 11 leaves; {WITNESSED_13}")
        in found
    )


@pytest.mark.parametrize("cut", [11, 5])
def test_a_truncation_that_deletes_the_checkpoints_too_is_caught_by_the_witnesses(
    audit: AuditLog, tamper: Tamper, cut: int
) -> None:
    tamper.truncate_after(cut, checkpoint_index_too=True)
    tamper.db.execute("DELETE FROM audit_cosignatures")

    assert audit.verify().ok  # the database alone no longer tells
    assert findings(audit) == [
        Finding(
            "truncated",
            cut + 1,
            cut,
            f"the log ends at position {cut} with {cut} leaves; {WITNESSED_13}",
        )
    ]


def test_leaves_recomputed_below_a_checkpoint_are_placed_between_two_witnessed_checkpoints(
    audit: AuditLog, tamper: Tamper
) -> None:
    tamper.rewrite_with_leaf(11)

    assert findings(audit)[0] == Finding(
        "rewritten",
        9,
        8,
        "the first 13 events no longer hash to the root 2 witness(es) cosigned (the first 8"
        " still do): events among leaves 8…12 were rewritten with their leaves",
    )


def test_checkpoints_stripped_and_the_log_renumbered_and_recomputed_are_caught(
    audit: AuditLog, tamper: Tamper
) -> None:
    tamper.strip_checkpoints()
    tamper.renumber_and_recompute()
    tamper.db.execute("DELETE FROM audit_cosignatures")  # the witnesses still hold theirs

    assert audit.verify().ok  # the attack: the database alone says nothing
    assert findings(audit) == [
        Finding(
            "rewritten",
            1,
            0,
            "the first 13 events no longer hash to the root 2 witness(es) cosigned: events"
            " among leaves 0…12 were rewritten with their leaves",
        ),
        Finding(
            "removed",
            14,
            13,
            "the checkpoint of 13 leaves that 2 witness(es) cosigned is not in the log:"
            " checkpoint events were removed",
        ),
    ]


def test_a_log_with_events_and_no_witnessed_checkpoint_is_a_finding(
    container: Container, audit: AuditLog
) -> None:
    empty = verify_witnessed(audit).verdict
    enrol(container, 1)

    assert empty.ok
    assert verify_witnessed(audit).verdict.findings == [
        Finding(
            "unwitnessed",
            1,
            0,
            "no checkpoint is cosigned by 2 witness(es): nothing outside the database vouches"
            " for its 2 leaves",
        )
    ]


def test_events_left_out_of_witnessed_checkpoints_too_long_are_a_finding(
    audit: AuditLog, tamper: Tamper
) -> None:
    later = verify_witnessed(audit, now=time.time() + 3 * 3600).verdict

    assert later.findings == [
        Finding(
            "stale",
            15,
            14,
            "2 event(s) after the checkpoint of 13 leaves are in no witnessed checkpoint, and it"
            " was cosigned 3 h 0 min ago (allowed: 2 h 0 min)",
        )
    ]


def test_a_checkpoint_of_a_rewritten_log_is_recorded_but_refused_by_the_witnesses(
    container: Container, audit: AuditLog, tamper: Tamper, tmp_path: Path
) -> None:
    tamper.truncate_after(11, checkpoint_index_too=True)
    enrol(container, 8)

    recorded = audit.checkpoint()
    assert audit.witnesses is not None
    reports = audit.witnesses.reports()

    assert recorded.tree_size == 13
    assert [(w.up, w.error, w.cosigned_size) for w in reports] == [
        (False, "refused (409): 13", 13),
        (False, "refused (409): 13", 13),
    ]
    evidence = sorted((tmp_path / "w1" / "refused").glob("*.txt"))
    assert [p.read_text(encoding="utf-8").splitlines()[0] for p in evidence] == [
        "refused: another root for the 13 leaves cosigned"
    ]
