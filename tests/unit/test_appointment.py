"""An appointment's rules: cancel before it begins, once a month; mark it on its day; one active."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import uuid4

import pytest

from domain.appointments.appointment import Appointment, AppointmentStatus
from domain.appointments.limits import ActiveAppointmentIndex, MonthlyCancellation
from domain.errors import AppointmentRefused
from tests.unit.builders import by

DAY = date(2026, 5, 11)
STARTS = datetime(2026, 5, 11, 7, tzinfo=UTC)
BOOKED_AT = datetime(2026, 5, 4, 8, 5, tzinfo=UTC)
S = AppointmentStatus


def booked(**overrides: object) -> Appointment:
    fields: dict[str, object] = {
        "citizen_id": uuid4(),
        "service": "PASSPORT",
        "day": DAY,
        "slot": 0,
        "starts_at": STARTS,
        "now": BOOKED_AT,
        "by": by(BOOKED_AT.date(), mission="BER"),
    }
    fields.update(overrides)
    return Appointment.book(**fields)  # type: ignore[arg-type]


def pooled() -> Appointment:
    return Appointment.request(
        citizen_id=uuid4(),
        service="PASSPORT",
        day=DAY,
        release_id=uuid4(),
        now=BOOKED_AT,
        by=by(BOOKED_AT.date(), mission="BER"),
    )


def refusal(excinfo: pytest.ExceptionInfo[AppointmentRefused]) -> tuple[str, str | None]:
    return excinfo.value.code, excinfo.value.field


def test_a_booked_appointment_is_cancelled_before_it_begins() -> None:
    appointment = booked()

    appointment.cancel(now=STARTS - timedelta(minutes=1), by=by(DAY))

    assert appointment.status is S.CANCELLED


def test_an_appointment_that_has_begun_cannot_be_cancelled() -> None:
    with pytest.raises(AppointmentRefused) as excinfo:
        booked().cancel(now=STARTS, by=by(DAY))

    assert refusal(excinfo) == ("NOT_CANCELLABLE", "appointment_id")


def test_a_request_waiting_for_the_draw_cannot_be_cancelled() -> None:
    with pytest.raises(AppointmentRefused) as excinfo:
        pooled().cancel(now=BOOKED_AT, by=by(DAY))

    assert refusal(excinfo) == ("NOT_CANCELLABLE", "appointment_id")


def test_the_draw_books_or_leaves_out_a_pooled_request() -> None:
    winner, loser = pooled(), pooled()

    winner.allocate(slot=3, starts_at=STARTS, now=BOOKED_AT, by=by(BOOKED_AT.date()))
    loser.not_allocated(by=by(BOOKED_AT.date()))

    assert (winner.status, winner.slot, winner.starts_at) == (S.BOOKED, 3, STARTS)
    assert loser.status is S.NOT_ALLOCATED


def test_attendance_is_marked_on_the_day_and_only_once() -> None:
    appointment = booked()
    with pytest.raises(AppointmentRefused) as early:
        appointment.mark_attended(local_today=DAY - timedelta(days=1), by=by(DAY))

    appointment.mark_attended(local_today=DAY, by=by(DAY))
    with pytest.raises(AppointmentRefused) as twice:
        appointment.mark_attended(local_today=DAY, by=by(DAY))

    assert refusal(early) == ("TOO_EARLY", "appointment_id")
    assert appointment.status is S.ATTENDED
    assert refusal(twice) == ("INVALID_TRANSITION", "appointment_id")


def test_a_no_show_is_marked_only_once_the_time_has_passed() -> None:
    appointment = booked()
    with pytest.raises(AppointmentRefused) as early:
        appointment.mark_no_show(now=STARTS - timedelta(seconds=1), by=by(DAY))

    appointment.mark_no_show(now=STARTS, by=by(DAY))

    assert refusal(early) == ("TOO_EARLY", "appointment_id")
    assert appointment.status is S.NO_SHOW


def test_a_citizen_holds_one_active_appointment_per_service() -> None:
    first = booked()
    index = ActiveAppointmentIndex.claim(None, None, appointment=first, now=BOOKED_AT, by=by(DAY))
    second = booked(citizen_id=first.citizen_id)

    with pytest.raises(AppointmentRefused) as excinfo:
        ActiveAppointmentIndex.claim(index, first, appointment=second, now=BOOKED_AT, by=by(DAY))

    assert refusal(excinfo) == ("ALREADY_BOOKED", "service")


def test_a_past_or_cancelled_appointment_no_longer_blocks_the_next() -> None:
    first = booked()
    index = ActiveAppointmentIndex.claim(None, None, appointment=first, now=BOOKED_AT, by=by(DAY))
    later = booked(citizen_id=first.citizen_id)

    ActiveAppointmentIndex.claim(index, first, appointment=later, now=STARTS, by=by(DAY))

    assert index.appointment_id == later.id


def test_a_second_cancellation_in_the_same_month_is_refused() -> None:
    first, second = booked(), booked()
    used = MonthlyCancellation.use(None, appointment=first, month="2026-05", by=by(DAY))

    with pytest.raises(AppointmentRefused) as excinfo:
        MonthlyCancellation.use(used, appointment=second, month="2026-05", by=by(DAY))

    assert refusal(excinfo) == ("CANCELLATION_LIMIT_REACHED", "appointment_id")
    assert used.id == MonthlyCancellation.id_for(first.citizen_id, "2026-05")
    assert used.id != MonthlyCancellation.id_for(first.citizen_id, "2026-06")


def test_a_death_ends_a_pool_entry_or_a_booking_still_to_come_and_frees_the_index() -> None:
    entry, to_come = pooled(), booked()
    died = by(BOOKED_AT.date(), actor="clerk-par", mission="PAR")

    ended = [a.end_by_death(now=BOOKED_AT, by=died) for a in (entry, to_come)]

    assert ended == [True, True]
    assert [a.status for a in (entry, to_come)] == [S.CANCELLED, S.CANCELLED]
    [event] = to_come.collect_events()[1:]
    assert isinstance(event, Appointment.AppointmentCancelledByDeath)
    assert (event.actor, event.mission, event.effective_date) == (
        "clerk-par",
        "PAR",
        BOOKED_AT.date(),
    )
    assert not to_come.is_active(BOOKED_AT)


def test_a_death_leaves_an_appointment_that_has_begun_or_ended_as_it_was() -> None:
    begun, attended, cancelled = booked(), booked(), booked()
    attended.mark_attended(local_today=DAY, by=by(DAY))
    cancelled.cancel(now=BOOKED_AT, by=by(DAY))

    ended = [
        begun.end_by_death(now=STARTS, by=by(DAY)),
        attended.end_by_death(now=BOOKED_AT, by=by(DAY)),
        cancelled.end_by_death(now=BOOKED_AT, by=by(DAY)),
    ]

    assert ended == [False, False, False]
    assert [a.status for a in (begun, attended, cancelled)] == [S.BOOKED, S.ATTENDED, S.CANCELLED]
    assert [a.version for a in (begun, attended, cancelled)] == [1, 2, 2]
