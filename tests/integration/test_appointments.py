"""Booking first come, the rules around it, and the counter: on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pytest

from domain.appointments.appointment import AppointmentStatus
from register.access import Account, Role
from register.appointments import inputs as ai
from register.civil_status.inputs import parse
from tests.integration.appointment_desk import (
    BERLIN_ADMIN,
    BERLIN_CLERK,
    NEW_DAY,
    RELEASE_DAY,
    Desk,
    berlin,
    desk_for,
    refusal,
)

if TYPE_CHECKING:
    from pathlib import Path
    from uuid import UUID

    from register.bootstrap import Container

S = AppointmentStatus
TOMORROW = date(2026, 5, 5)
PARIS_CLERK_ACCOUNT = Account(name="clerk-par", role=Role.CLERK, mission="PAR")


@pytest.fixture
def desk(container: Container, tmp_path: Path) -> Desk:
    """Berlin gives 8 PASSPORT appointments a day from 09:00, every 30 min, first come."""
    found = desk_for(container, tmp_path, berlin(RELEASE_DAY, 10, 5))
    found.schedule(8, service="PASSPORT", minutesPerAppointment=30)
    found.rules("FIRST_COME")
    return found


def utc(day: date, hh: int, mm: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=UTC)


def test_a_citizen_books_the_earliest_free_slot_and_it_shows_in_history_and_agenda(
    desk: Desk,
) -> None:
    citizen_id = desk.citizen("BK100001")

    appointment = desk.book("BK100001", day=TOMORROW)

    assert (appointment.status, appointment.mission, appointment.service) == (
        S.BOOKED,
        "BER",
        "PASSPORT",
    )
    assert (appointment.day, appointment.starts_at) == (TOMORROW, utc(TOMORROW, 7))
    history = [(type(e).__name__, e.mission, e.actor) for e in desk.register.history(citizen_id)]
    assert history == [
        ("Enrolled", "PAR", "clerk-par"),
        ("ContactRecorded", "PAR", "clerk-par"),
        ("AppointmentBooked", "BER", "self-service"),
    ]
    agenda = desk.register.mission_agenda(BERLIN_CLERK, "BER", TOMORROW)
    assert [(a.id, a.citizen_id, a.starts_at) for a in agenda] == [
        (appointment.id, citizen_id, utc(TOMORROW, 7))
    ]


def test_the_new_day_opens_batch_by_batch_until_twenty_hundred(desk: Desk) -> None:
    def released() -> tuple[int, int]:
        [day] = desk.register.available_slots("BER", "PASSPORT", NEW_DAY, NEW_DAY)
        return day.released, day.free

    desk.clock.set(berlin(RELEASE_DAY, 9, 59))
    before = released()
    desk.citizen("BK100002")
    not_yet = refusal(lambda: desk.book("BK100002"))
    desk.clock.set(berlin(RELEASE_DAY, 10))
    at_ten = released()
    desk.book("BK100002")
    after_booking = released()
    desk.clock.set(berlin(RELEASE_DAY, 20))

    assert (before, not_yet) == ((0, 0), ("NOT_RELEASED", "day"))
    assert (at_ten, after_booking, released()) == ((2, 2), (2, 1), (8, 7))


def test_a_full_day_refuses_the_next_booking(desk: Desk) -> None:
    desk.schedule(2, service="VISA")
    for n in range(3):
        desk.citizen(f"BK20000{n}")
    desk.book("BK200000", day=TOMORROW, service="VISA")
    desk.book("BK200001", day=TOMORROW, service="VISA")

    full = refusal(lambda: desk.book("BK200002", day=TOMORROW, service="VISA"))

    assert full == ("SLOT_NO_LONGER_AVAILABLE", "day")
    [day] = desk.register.available_slots("BER", "VISA", TOMORROW, TOMORROW)
    assert (day.capacity, day.released, day.free, day.bookable) == (2, 2, 0, True)


def test_one_active_appointment_per_citizen_and_service_at_any_mission(desk: Desk) -> None:
    desk.schedule(4, service="VISA")
    desk.citizen("BK300001")
    first = desk.book("BK300001", day=TOMORROW)
    code = desk.code("BK300001")  # a refusal gives the code back

    again = refusal(lambda: desk.book("BK300001", day=date(2026, 5, 6), code=code))
    other_service = desk.book("BK300001", day=TOMORROW, service="VISA", code=code)

    assert again == ("ALREADY_BOOKED", "service")
    assert [a.id for a in desk.mine("BK300001")] == [other_service.id, first.id]


def test_days_outside_the_window_or_closed_are_refused(desk: Desk) -> None:
    desk.rules("FIRST_COME", weeklyClosedDays=[7])
    desk.register.close_appointment_day(
        BERLIN_ADMIN, parse(ai.CloseAppointmentDay, {"date": "2026-05-07", "reason": "holiday"})
    )
    desk.citizen("BK400001")

    refused = {  # refused before the code is tried: any code will do
        day: refusal(lambda day=day: desk.book("BK400001", day=day, code="000000"))
        for day in (RELEASE_DAY, date(2026, 5, 12), date(2026, 5, 10), date(2026, 5, 7))
    }

    assert refused == {
        RELEASE_DAY: ("DAY_NOT_BOOKABLE", "day"),  # today
        date(2026, 5, 12): ("DAY_NOT_BOOKABLE", "day"),  # beyond the 7-day window
        date(2026, 5, 10): ("DAY_CLOSED", "day"),  # a Sunday
        date(2026, 5, 7): ("DAY_CLOSED", "day"),  # closed for a holiday
    }


def test_an_unknown_service_or_a_mission_without_a_calendar_is_refused(desk: Desk) -> None:
    desk.citizen("BK400002")

    assert refusal(lambda: desk.book("BK400002", service="VISA")) == (
        "SERVICE_NOT_OFFERED",
        "service",
    )
    assert refusal(lambda: desk.book("BK400002", mission="PAR")) == (
        "SERVICE_NOT_OFFERED",
        "service",
    )


def test_a_cancellation_frees_the_slot_and_a_second_one_that_month_is_refused(desk: Desk) -> None:
    desk.schedule(1, service="VISA")
    desk.citizen("BK500001")
    desk.citizen("BK500002")
    first = desk.book("BK500001", day=TOMORROW)
    visa = desk.book("BK500001", day=TOMORROW, service="VISA")

    cancelled = desk.cancel("BK500001", visa.id)
    taken_by_another = desk.book("BK500002", day=TOMORROW, service="VISA")
    desk.clock.advance(hours=1)  # three codes were mailed this hour: a fourth would be refused
    second = refusal(lambda: desk.cancel("BK500001", first.id))
    desk.clock.set(berlin(date(2026, 6, 1), 9))  # a new month; the first appointment is past
    rebooked = desk.book("BK500001", day=date(2026, 6, 2))
    next_month = desk.cancel("BK500001", rebooked.id)

    assert cancelled.status is S.CANCELLED
    assert taken_by_another.starts_at == visa.starts_at
    assert second == ("CANCELLATION_LIMIT_REACHED", "appointment_id")
    assert next_month.status is S.CANCELLED


def test_a_citizen_cannot_cancel_someone_elses_appointment(desk: Desk) -> None:
    desk.citizen("BK500003")
    desk.citizen("BK500004")
    theirs = desk.book("BK500003", day=TOMORROW)

    assert refusal(lambda: desk.cancel("BK500004", theirs.id)) == ("NOT_FOUND", "appointment_id")


def test_the_mission_marks_attendance_on_the_day_and_no_shows_after_the_time(desk: Desk) -> None:
    desk.citizen("BK600001")
    desk.citizen("BK600002")
    came = desk.book("BK600001", day=TOMORROW)
    missed = desk.book("BK600002", day=TOMORROW)

    def mark(account: Account, appointment_id: UUID, *, attended: bool) -> None:
        command = parse(ai.MarkAttended, {"appointmentId": str(appointment_id)})
        if attended:
            desk.register.mark_attended(account, command)
        else:
            desk.register.mark_no_show(account, command)

    early = refusal(lambda: mark(BERLIN_CLERK, came.id, attended=True))
    desk.clock.set(berlin(TOMORROW, 9, 5))
    elsewhere = refusal(lambda: mark(PARIS_CLERK_ACCOUNT, came.id, attended=True))
    mark(BERLIN_CLERK, came.id, attended=True)
    too_soon = refusal(lambda: mark(BERLIN_CLERK, missed.id, attended=False))
    desk.clock.set(berlin(TOMORROW, 9, 31))
    mark(BERLIN_CLERK, missed.id, attended=False)

    assert (early, elsewhere, too_soon) == (
        ("TOO_EARLY", "appointment_id"),
        ("FORBIDDEN", "appointment_id"),
        ("TOO_EARLY", "appointment_id"),
    )
    agenda = desk.register.mission_agenda(BERLIN_CLERK, "BER", TOMORROW)
    assert [(a.id, a.status) for a in agenda] == [(came.id, S.ATTENDED), (missed.id, S.NO_SHOW)]


def test_the_mission_activity_view_attributes_appointments_to_the_citizen(desk: Desk) -> None:
    citizen_id = desk.citizen("BK700001")
    appointment = desk.book("BK700001", day=TOMORROW)

    desk.container.projector.catch_up()
    activity = desk.container.read_models.activity(
        "BER", limit=10, before=None, cross_mission_only=False
    )

    mine = [(a.event_type, a.citizen_id, a.citizen_mission, a.cross_mission) for a in activity]
    assert ("AppointmentBooked", str(citizen_id), "PAR", True) in mine
    assert {a.aggregate_id for a in activity if a.event_type == "AppointmentBooked"} == {
        str(appointment.id)
    }
    assert not any(a.event_type in ("Taken", "Created") for a in activity)
