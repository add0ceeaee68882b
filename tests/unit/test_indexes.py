"""Uniqueness and idempotence: the national-ID index and the command receipt."""

from __future__ import annotations

from datetime import date
from uuid import UUID, uuid4

import pytest

from domain.errors import NationalIdTaken
from domain.indexes import NationalIdIndex
from domain.receipt import CommandReceipt

from .builders import ACTOR, MISSION, assert_nothing_pending, by, replay

ON = date(2025, 2, 14)
NID = "AB123456"


def claim(existing: NationalIdIndex | None, citizen_id: UUID, *, on: date = ON) -> NationalIdIndex:
    return NationalIdIndex.claim(existing, national_id=NID, citizen_id=citizen_id, by=by(on))


# -- national ID index ----------------------------------------------------------------------------


def test_the_index_id_is_derived_from_the_national_id_alone() -> None:
    assert NationalIdIndex.id_for(NID) == NationalIdIndex.id_for("AB123456")
    assert NationalIdIndex.id_for(NID) != NationalIdIndex.id_for("AB123457")


def test_a_new_national_id_is_claimed_for_the_citizen() -> None:
    citizen_id = uuid4()

    index = claim(None, citizen_id)

    assert index.id == NationalIdIndex.id_for(NID)
    assert (index.national_id, index.citizen_id, index.version) == (NID, citizen_id, 1)
    events = index.collect_events()
    assert [type(e) for e in events] == [NationalIdIndex.Created]
    (created,) = events
    assert (created.national_id, created.citizen_id) == (NID, citizen_id)
    assert (created.actor, created.mission, created.effective_date) == (ACTOR, MISSION, ON)
    assert replay(events) == index


def test_a_national_id_held_by_another_citizen_cannot_be_claimed() -> None:
    holder = uuid4()
    index = claim(None, holder)
    index.collect_events()

    with pytest.raises(NationalIdTaken) as refused:
        claim(index, uuid4())

    assert (refused.value.code, refused.value.field) == ("NATIONAL_ID_TAKEN", "national_id")
    assert index.citizen_id == holder
    assert_nothing_pending(index)


def test_the_holder_claiming_its_own_national_id_again_records_nothing() -> None:
    holder = uuid4()
    index = claim(None, holder)
    index.collect_events()

    again = claim(index, holder)

    assert again is index
    assert (index.citizen_id, index.version) == (holder, 1)
    assert_nothing_pending(index)


def test_a_released_national_id_can_be_claimed_by_another_citizen() -> None:
    first, second = uuid4(), uuid4()
    index = claim(None, first)
    index.release(by=by(date(2025, 3, 1)))
    assert index.citizen_id is None

    reclaimed = claim(index, second, on=date(2025, 4, 1))

    assert reclaimed is index
    assert (index.id, index.national_id, index.citizen_id, index.version) == (
        NationalIdIndex.id_for(NID),
        NID,
        second,
        3,
    )
    events = index.collect_events()
    assert [type(e) for e in events] == [
        NationalIdIndex.Created,
        NationalIdIndex.Released,
        NationalIdIndex.Claimed,
    ]
    assert [e.effective_date for e in events] == [ON, date(2025, 3, 1), date(2025, 4, 1)]
    assert events[2].citizen_id == second
    assert replay(events) == index


def test_a_released_national_id_can_be_taken_back_by_its_former_holder() -> None:
    holder = uuid4()
    index = claim(None, holder)
    index.release(by=by(ON))
    index.collect_events()

    claim(index, holder)

    assert index.citizen_id == holder
    assert [type(e) for e in index.collect_events()] == [NationalIdIndex.Claimed]


# -- command receipt ------------------------------------------------------------------------------


def test_a_receipt_id_is_stable_for_one_account_and_request_id() -> None:
    assert CommandReceipt.id_for("officer.paris", "req-1") == CommandReceipt.id_for(
        "officer.paris", "req-1"
    )


@pytest.mark.parametrize(
    ("other_account", "other_request"),
    [("officer.lyon", "req-1"), ("officer.paris", "req-2"), ("officer.pari", "sreq-1")],
)
def test_a_receipt_id_differs_across_accounts_and_request_ids(
    other_account: str, other_request: str
) -> None:
    assert CommandReceipt.id_for("officer.paris", "req-1") != CommandReceipt.id_for(
        other_account, other_request
    )


def test_a_receipt_keeps_the_command_its_input_fingerprint_and_its_result() -> None:
    result = {"citizenId": str(uuid4())}

    receipt = CommandReceipt.issue(
        account="officer.paris",
        request_id="req-1",
        command="enrollCitizen",
        fingerprint="ab" * 32,
        result=result,
        by=by(ON),
    )

    assert receipt.id == CommandReceipt.id_for("officer.paris", "req-1")
    assert (receipt.command, receipt.fingerprint, receipt.result) == (
        "enrollCitizen",
        "ab" * 32,
        result,
    )
    events = receipt.collect_events()
    assert [type(e) for e in events] == [CommandReceipt.Created]
    assert (events[0].actor, events[0].mission, events[0].effective_date) == (ACTOR, MISSION, ON)
    assert replay(events) == receipt
