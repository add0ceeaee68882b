"""A consular case: opened at one mission, noted and visited, handed over, closed."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain.casework.case import Case, CaseKind, CaseStatus
from domain.errors import CaseRuleViolated, DateRuleViolated

from .builders import TODAY, assert_nothing_pending, by, replay

OPENED_ON = TODAY - timedelta(days=30)
CITIZEN = uuid4()


def opened(kind: CaseKind = CaseKind.DETENTION) -> Case:
    return Case.open(
        citizen_id=CITIZEN,
        kind=kind,
        summary="arrested at the airport",
        by=by(OPENED_ON, actor="officer.dubai", mission="DXB"),
        today=TODAY,
    )


def test_a_case_is_held_by_the_mission_that_opens_it() -> None:
    case = opened()

    assert (case.kind, case.status, case.holding_mission, case.missions) == (
        CaseKind.DETENTION,
        CaseStatus.OPEN,
        "DXB",
        ["DXB"],
    )
    assert (case.opened_on, case.opened_at) == (OPENED_ON, "DXB")
    assert case.held_by("DXB")
    assert not case.held_by("PAR")


def test_notes_visits_and_a_handover_keep_the_whole_history_and_every_mission() -> None:
    case = opened()
    case.add_note(text="family informed", by=by(TODAY, mission="DXB"), today=TODAY)
    case.record_visit(
        place="Al Awir prison",
        text="in good health",
        by=by(OPENED_ON + timedelta(days=2)),
        today=TODAY,
    )
    case.hand_over(to_mission="RUH", reason="transferred to Riyadh", by=by(TODAY), today=TODAY)
    case.add_note(text="received", by=by(TODAY, mission="RUH"), today=TODAY)
    events = case.collect_events()

    assert case.holding_mission == "RUH"
    assert case.missions == ["DXB", "RUH"]
    assert case.held_by("DXB")
    assert [(e.kind, e.text) for e in case.entries] == [
        ("note", "family informed"),
        ("visit", "in good health"),
        ("handover", "transferred to Riyadh"),
        ("note", "received"),
    ]
    assert case.entries[1].place == "Al Awir prison"
    assert case.entries[2].to_mission == "RUH"
    assert [type(e).__name__ for e in events] == [
        "CaseOpened",
        "CaseNoteAdded",
        "CaseVisitRecorded",
        "CaseHandedOver",
        "CaseNoteAdded",
    ]
    assert {e.citizen_id for e in events} == {CITIZEN}
    copy = replay(events)
    assert (copy.missions, copy.entries) == (case.missions, case.entries)


def test_a_handover_to_the_holding_mission_is_refused() -> None:
    case = opened()
    case.collect_events()

    with pytest.raises(CaseRuleViolated) as refused:
        case.hand_over(to_mission="DXB", reason="x", by=by(TODAY), today=TODAY)

    assert (refused.value.code, refused.value.field) == ("SAME_MISSION", "to_mission")
    assert_nothing_pending(case)


def test_a_closed_case_takes_no_note_visit_handover_or_second_closure() -> None:
    case = opened(CaseKind.REPATRIATION_OF_REMAINS)
    case.close(outcome="remains repatriated to Casablanca", by=by(TODAY), today=TODAY)
    case.collect_events()

    for attempt in (
        lambda: case.add_note(text="late", by=by(TODAY), today=TODAY),
        lambda: case.record_visit(place="x", text="y", by=by(TODAY), today=TODAY),
        lambda: case.hand_over(to_mission="PAR", reason="z", by=by(TODAY), today=TODAY),
        lambda: case.close(outcome="again", by=by(TODAY), today=TODAY),
    ):
        with pytest.raises(CaseRuleViolated) as refused:
            attempt()
        assert (refused.value.code, refused.value.field) == ("CASE_CLOSED", "case_id")
    assert (case.status, case.closed_on, case.outcome) == (
        CaseStatus.CLOSED,
        TODAY,
        "remains repatriated to Casablanca",
    )
    assert_nothing_pending(case)


@pytest.mark.parametrize(
    ("on", "code"),
    [(OPENED_ON - timedelta(days=1), "DATE_BEFORE_OPENING"), (date(2099, 1, 1), "DATE_IN_FUTURE")],
)
def test_a_visit_cannot_precede_the_case_or_be_in_the_future(on: date, code: str) -> None:
    case = opened()
    case.collect_events()

    with pytest.raises(DateRuleViolated) as refused:
        case.record_visit(place="hospital", text="seen", by=by(on), today=TODAY)

    assert (refused.value.code, refused.value.field) == (code, "effective_date")
    assert_nothing_pending(case)


def test_a_case_cannot_be_opened_in_the_future() -> None:
    with pytest.raises(DateRuleViolated) as refused:
        Case.open(
            citizen_id=CITIZEN,
            kind=CaseKind.HOSPITAL,
            summary="x",
            by=by(TODAY + timedelta(days=1)),
            today=TODAY,
        )

    assert refused.value.code == "DATE_IN_FUTURE"
