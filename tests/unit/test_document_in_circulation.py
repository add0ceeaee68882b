"""An issued document: delivery, expiry, loss, theft, revocation, death, number and topics."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import uuid4

import pytest
from eventsourcing.utils import resolve_topic

from domain.documents.document import Document
from domain.documents.numbers import DocumentNumberIndex, normalise_number
from domain.errors import DateRuleViolated, DocumentNumberTaken, DocumentTransitionRefused
from tests.unit.builders import TODAY, assert_nothing_pending, by, replay, woman
from tests.unit.document_builders import MTL, NATIONAL_ID, OFFICER, S, applied, issued, types
from tests.unit.test_event_topics import AGGREGATES, event_classes

if TYPE_CHECKING:
    from domain.documents.kinds import DocumentStatus

# -- delivery, expiry, loss, theft, revocation ----------------------------------------------------


def test_a_document_is_delivered_once_at_any_mission() -> None:
    document = issued(woman())

    document.deliver(by=by(TODAY, mission="BRU"), today=TODAY)

    assert (document.state, document.delivered_at) == (S.DELIVERED, "BRU")
    document.collect_events()
    with pytest.raises(DocumentTransitionRefused):
        document.deliver(by=MTL, today=TODAY)
    assert_nothing_pending(document)


def test_a_document_reads_expired_the_day_after_its_expiry_date() -> None:
    document = issued(woman(), on=date(2016, 6, 1))

    assert document.expires_on == date(2026, 5, 31)
    assert document.status(date(2026, 5, 31)) is S.ISSUED
    assert document.status(TODAY) is S.EXPIRED
    assert document.state is S.ISSUED  # expiry is never recorded, only read
    with pytest.raises(DocumentTransitionRefused):
        document.deliver(by=MTL, today=TODAY)


@pytest.mark.parametrize(
    ("report", "status", "event"),
    [
        ("report_lost", S.LOST, "DocumentReportedLost"),
        ("report_stolen", S.STOLEN, "DocumentReportedStolen"),
    ],
)
def test_a_document_in_circulation_is_reported_lost_or_stolen(
    report: str, status: DocumentStatus, event: str
) -> None:
    document = issued(woman(), on=date(2025, 1, 6))
    document.deliver(by=MTL, today=TODAY)
    document.collect_events()

    getattr(document, report)(circumstances="on the metro", by=by(date(2026, 5, 1)), today=TODAY)

    assert document.status(TODAY) is status
    [recorded] = document.collect_events()
    assert (type(recorded).__name__, recorded.circumstances) == (event, "on the metro")
    assert recorded.effective_date == date(2026, 5, 1)


def test_a_loss_dated_before_the_issue_or_in_the_future_is_refused() -> None:
    document = issued(woman(), on=date(2025, 1, 6))
    document.collect_events()

    with pytest.raises(DateRuleViolated) as before:
        document.report_lost(circumstances=None, by=by(date(2025, 1, 5)), today=TODAY)
    with pytest.raises(DateRuleViolated) as future:
        document.report_stolen(circumstances=None, by=by(date(2026, 6, 2)), today=TODAY)

    assert (before.value.code, before.value.field) == ("DATE_BEFORE_ISSUE", "effective_date")
    assert future.value.code == "DATE_IN_FUTURE"
    assert_nothing_pending(document)


def test_an_application_cannot_be_reported_lost() -> None:
    with pytest.raises(DocumentTransitionRefused):
        applied(woman()).report_lost(circumstances=None, by=MTL, today=TODAY)


def test_an_officer_revokes_an_issued_document_with_a_reason_and_it_stays_revoked() -> None:
    document = issued(woman())

    document.revoke(reason="issued on a forged birth certificate", by=OFFICER, today=TODAY)

    assert (document.state, document.reason) == (S.REVOKED, "issued on a forged birth certificate")
    document.collect_events()
    for step in (
        lambda: document.revoke(reason="again", by=OFFICER, today=TODAY),
        lambda: document.report_lost(circumstances=None, by=MTL, today=TODAY),
        lambda: document.deliver(by=MTL, today=TODAY),
    ):
        with pytest.raises(DocumentTransitionRefused):
            step()
    assert_nothing_pending(document)


# -- death ----------------------------------------------------------------------------------------


def test_death_invalidates_a_valid_document_and_an_application_but_not_an_ended_one() -> None:
    holder = woman()
    valid = issued(holder, number="AA0000001")
    pending = applied(holder, NATIONAL_ID)
    lost = issued(holder, number="AA0000002")
    lost.report_lost(circumstances=None, by=MTL, today=TODAY)
    expired = issued(holder, number="AA0000003", on=date(2010, 1, 4))
    for d in (valid, pending, lost, expired):
        d.collect_events()
    death = by(TODAY)

    ended = [d for d in (valid, pending, lost, expired) if d.end_by_death(by=death)]

    assert ended == [valid, pending]
    assert {valid.state, pending.state} == {S.INVALIDATED_BY_DEATH}
    assert types(valid) == ["DocumentInvalidatedByDeath"]
    assert_nothing_pending(lost, expired)


# -- the record -----------------------------------------------------------------------------------


def test_the_whole_lifecycle_replays_from_its_events_alone() -> None:
    document = issued(woman())
    document.deliver(by=by(TODAY, mission="BRU"), today=TODAY)
    document.report_stolen(circumstances=None, by=MTL, today=TODAY)

    copy = replay(document.collect_events())

    assert vars(copy) == vars(document)
    assert copy.version == 6


def test_a_document_number_is_claimed_once_across_the_register() -> None:
    index = DocumentNumberIndex.claim(None, number="AB1234567", document_id=uuid4(), by=OFFICER)

    with pytest.raises(DocumentNumberTaken) as refused:
        DocumentNumberIndex.claim(
            index, number="AB1234567", document_id=index.document_id, by=OFFICER
        )

    assert index.id == DocumentNumberIndex.id_for("AB1234567")
    assert (refused.value.code, refused.value.field) == ("DUPLICATE", "number")


@pytest.mark.parametrize(
    ("given", "number"),
    [("ab 1234567", "AB1234567"), ("AB123456", None), ("A12345678", None), ("AB12345678", None)],
)
def test_a_document_number_is_two_letters_then_seven_digits(given: str, number: str | None) -> None:
    assert normalise_number(given) == number


def test_every_document_event_has_its_own_fixed_topic() -> None:
    """Documents' own checks; tests/unit/test_event_topics.py checks every aggregate's topics
    are unique across the register."""
    classes = [
        cls
        for aggregate in (Document, DocumentNumberIndex)
        for cls in event_classes(aggregate).values()
    ]

    assert [c.__qualname__ for c in classes if "TOPIC" not in vars(c)] == []
    for cls in [Document, DocumentNumberIndex, *classes]:
        assert vars(cls)["TOPIC"].startswith("sijill/")
        assert resolve_topic(vars(cls)["TOPIC"]) is cls
    assert {Document, DocumentNumberIndex} <= set(AGGREGATES)
    assert len(classes) == 13
