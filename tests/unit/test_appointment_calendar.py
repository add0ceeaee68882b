"""A mission's appointment calendar: services, shares, closed days, the allocation rules."""

from __future__ import annotations

from datetime import date

import pytest

from domain.appointments.calendars import AllocationMode, MissionCalendar, ServiceHours
from domain.errors import AppointmentRefused, CalendarRuleViolated
from tests.unit.builders import TODAY, by


def calendar() -> MissionCalendar:
    return MissionCalendar.open(by=by(TODAY, mission="BER"))


def hours(**overrides: object) -> ServiceHours:
    fields: dict[str, object] = {
        "code": "PASSPORT",
        "daily_capacity": 32,
        "first_appointment": "09:00",
        "minutes_per_appointment": 15,
        "desks": 1,
        "release_shares": (25, 25, 25, 25),
    }
    fields.update(overrides)
    return ServiceHours(**fields)  # type: ignore[arg-type]


def test_a_scheduled_service_is_offered_with_its_day() -> None:
    berlin = calendar()

    berlin.schedule_service(hours(), by=by(TODAY))

    assert berlin.hours("PASSPORT") == hours()
    assert (berlin.code, berlin.allocation, berlin.pool_window) == (
        "BER",
        AllocationMode.FAIR_DRAW,
        60,
    )


@pytest.mark.parametrize(
    ("change", "code", "field"),
    [
        ({"release_shares": (50, 25, 25, 25)}, "INVALID_SHARES", "release_shares"),
        ({"release_shares": (50, 50)}, "INVALID_SHARES", "release_shares"),
        ({"daily_capacity": 100, "first_appointment": "09:00"}, "OUT_OF_RANGE", "daily_capacity"),
    ],
)
def test_a_service_day_that_cannot_be_kept_is_refused(
    change: dict[str, object], code: str, field: str
) -> None:
    with pytest.raises(CalendarRuleViolated) as excinfo:
        calendar().schedule_service(hours(**change), by=by(TODAY))

    assert (excinfo.value.code, excinfo.value.field) == (code, field)


def test_an_unscheduled_service_is_not_offered() -> None:
    with pytest.raises(AppointmentRefused) as excinfo:
        calendar().hours("VISA")

    assert (excinfo.value.code, excinfo.value.field) == ("SERVICE_NOT_OFFERED", "service")


def test_closed_days_and_weekly_rest_days_take_no_appointments() -> None:
    berlin = calendar()
    berlin.set_rules(
        allocation=AllocationMode.FIRST_COME,
        pool_seconds=30,
        weekly_closed_days=[7, 6, 7],
        by=by(TODAY),
    )
    berlin.close_day(day=date(2026, 6, 3), reason="national holiday", by=by(TODAY), today=TODAY)

    assert [berlin.is_open(date(2026, 6, d)) for d in range(1, 8)] == [
        True,
        True,
        False,
        True,
        True,
        False,
        False,
    ]
    assert (berlin.weekly_closed_days, berlin.pool_window) == ((6, 7), None)


def test_a_day_closes_once_and_reopens_only_when_closed() -> None:
    berlin = calendar()
    berlin.close_day(day=date(2026, 6, 3), reason="strike", by=by(TODAY), today=TODAY)

    with pytest.raises(CalendarRuleViolated) as twice:
        berlin.close_day(day=date(2026, 6, 3), reason="strike", by=by(TODAY), today=TODAY)
    berlin.reopen_day(day=date(2026, 6, 3), by=by(TODAY))
    with pytest.raises(CalendarRuleViolated) as open_:
        berlin.reopen_day(day=date(2026, 6, 3), by=by(TODAY))
    with pytest.raises(CalendarRuleViolated) as past:
        berlin.close_day(day=date(2026, 5, 31), reason="late", by=by(TODAY), today=TODAY)

    assert [(e.value.code, e.value.field) for e in (twice, open_, past)] == [
        ("ALREADY_CLOSED", "day"),
        ("NOT_CLOSED", "day"),
        ("DATE_IN_PAST", "day"),
    ]
    assert berlin.is_open(date(2026, 6, 3))
