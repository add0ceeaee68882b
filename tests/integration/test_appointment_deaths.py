"""A recorded death ends the deceased's appointments still to come: on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import pytest

from domain.appointments.appointment import AppointmentStatus
from register.access import Account, Role
from register.appointments import inputs as ai
from register.civil_status import inputs as c
from register.civil_status.inputs import parse
from tests.factories import PARIS_CLERK
from tests.integration.appointment_desk import (
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
FRANKFURT_ADMIN = Account(name="admin-fra", role=Role.ADMIN, mission="FRA")
DIED = "sijill/citizen/death-recorded/v1"
ENDED = "sijill/appointment/cancelled-by-death/v1"
FREED = "sijill/index/slot-day/freed/v1"


@pytest.fixture
def desk(container: Container, tmp_path: Path) -> Desk:
    """Berlin: one PASSPORT appointment a day first come, VISA with a 60 s pool; 09:59:30."""
    found = desk_for(container, tmp_path, berlin(RELEASE_DAY, 9, 59, 30))
    found.schedule(1, service="PASSPORT")
    found.schedule(8, service="VISA", minutesPerAppointment=30)
    found.rules("FAIR_DRAW", pool_seconds=60)
    return found


def record_death(desk: Desk, citizen_id: UUID, on: date) -> int | None:
    """Record the death as the Paris clerk; the store position of its last event."""
    outcome = desk.register.record_death(
        PARIS_CLERK,
        c.parse(
            c.RecordDeath,
            {"citizenId": str(citizen_id), "effectiveDate": on, "place": "Berlin"},
        ),
    )
    return outcome.position


def last_position(desk: Desk) -> int:
    return desk.register.recorder.max_notification_id() or 0


def test_a_death_ends_bookings_and_pool_entries_at_every_mission_in_its_own_transaction(
    desk: Desk,
) -> None:
    desk.register.schedule_appointment_service(
        FRANKFURT_ADMIN,
        parse(ai.ScheduleAppointmentService, {"service": "CONSULAR_CARD", "dailyCapacity": 4}),
    )
    deceased = desk.citizen("BK110001")
    heir = desk.citizen("BK110002")
    desk.citizen("BK110003")
    desk.clock.set(berlin(RELEASE_DAY, 10, 0, 20))  # Berlin's VISA pool for 11 May is open
    passport = desk.book("BK110001", day=TOMORROW)
    entry = desk.book("BK110001", service="VISA")
    frankfurt = desk.book("BK110001", day=TOMORROW, mission="FRA", service="CONSULAR_CARD")
    other_entry = desk.book("BK110003", service="VISA")
    full = refusal(lambda: desk.book("BK110002", day=TOMORROW))
    before = last_position(desk)

    position = record_death(desk, deceased, RELEASE_DAY)

    recorded = desk.register.recorder.select_notifications(before + 1, 100)
    assert [(n.id, n.topic) for n in recorded] == [
        (before + 1, DIED),
        (before + 2, ENDED),
        (before + 3, ENDED),
        (before + 4, ENDED),
        (before + 5, FREED),
        (before + 6, FREED),
    ]
    assert position == before + 6
    ended = [desk.register.load_appointment(a.id) for a in (passport, entry, frankfurt)]
    assert [(a.status, a.mission) for a in ended] == [
        (S.CANCELLED, "BER"),
        (S.CANCELLED, "BER"),
        (S.CANCELLED, "FRA"),
    ]
    history = [
        (e.actor, e.mission, e.effective_date)
        for e in desk.register.history(deceased)
        if type(e).__name__ == "AppointmentCancelledByDeath"
    ]
    assert history == [("clerk-par", "PAR", RELEASE_DAY)] * 3

    desk.clock.set(berlin(RELEASE_DAY, 10, 1, 30))  # the pool has closed: the worker draws
    desk.register.run_releases()
    [draw] = [r for r in desk.register.appointment_draws("BER", NEW_DAY) if r.service == "VISA"]
    assert (draw.ranked, draw.verify()) == ([other_entry.id], True)
    assert desk.register.load_appointment(other_entry.id).status is S.BOOKED

    taken = desk.book("BK110002", day=TOMORROW)  # the slot the death freed

    assert full == ("SLOT_NO_LONGER_AVAILABLE", "day")
    assert taken.starts_at == passport.starts_at
    agenda = desk.register.mission_agenda(BERLIN_CLERK, "BER", TOMORROW)
    assert [(a.id, a.citizen_id) for a in agenda] == [(taken.id, heir)]
    [frankfurt_day] = desk.register.available_slots("FRA", "CONSULAR_CARD", TOMORROW, TOMORROW)
    assert (frankfurt_day.released, frankfurt_day.free) == (4, 4)


def test_a_death_ends_an_appointment_though_the_months_cancellation_is_used(
    desk: Desk,
) -> None:
    deceased = desk.citizen("BK120001")
    desk.clock.set(berlin(RELEASE_DAY, 10, 5))
    cancelled = desk.book("BK120001", day=TOMORROW)
    desk.cancel("BK120001", cancelled.id)
    booked = desk.book("BK120001", day=date(2026, 5, 6))

    record_death(desk, deceased, RELEASE_DAY)

    assert desk.register.load_appointment(booked.id).status is S.CANCELLED


def test_a_death_leaves_appointments_that_have_begun_or_ended_as_they_were(desk: Desk) -> None:
    desk.rules("FIRST_COME")
    deceased = desk.citizen("BK130001")
    desk.clock.set(berlin(RELEASE_DAY, 10, 5))
    attended = desk.book("BK130001", day=TOMORROW)  # 09:00
    begun = desk.book("BK130001", day=TOMORROW, service="VISA")  # 09:00, never marked
    desk.clock.set(berlin(TOMORROW, 9, 5))
    desk.register.mark_attended(
        BERLIN_CLERK, parse(ai.MarkAttended, {"appointmentId": str(attended.id)})
    )
    to_come = desk.book("BK130001", day=date(2026, 5, 7))

    def agenda() -> list[tuple[UUID, AppointmentStatus, int]]:
        found = desk.register.mission_agenda(BERLIN_CLERK, "BER", TOMORROW)
        return [(a.id, a.status, a.version) for a in found]

    before = agenda()

    record_death(desk, deceased, TOMORROW)

    assert agenda() == before
    assert [(i, s) for i, s, _ in before] == [(attended.id, S.ATTENDED), (begun.id, S.BOOKED)]
    assert desk.register.load_appointment(to_come.id).status is S.CANCELLED


def reminders(desk: Desk) -> list[tuple[str, str]]:
    return desk.container.db.fetch_all(
        "SELECT kind, status FROM appointment_outbox WHERE kind LIKE 'reminder%%' ORDER BY kind"
    )


def test_no_reminder_and_no_cancellation_mail_goes_to_a_deceased_citizen(desk: Desk) -> None:
    desk.rules("FIRST_COME")
    deceased = desk.citizen("BK140001")
    desk.clock.set(berlin(RELEASE_DAY, 11))
    desk.book("BK140001", day=date(2026, 5, 6))  # 09:00: reminders at 21:00 and 05:00
    confirmed = [m["Subject"] for m in desk.inbox()]

    record_death(desk, deceased, RELEASE_DAY)
    seen = []
    for at in (berlin(TOMORROW, 21), berlin(date(2026, 5, 6), 5), berlin(date(2026, 5, 6), 8)):
        desk.clock.set(at)
        seen.append(desk.inbox())

    assert confirmed == ["Your consular appointment"]
    assert seen == [[], [], []]
    assert reminders(desk) == [("reminder-12h", "cancelled"), ("reminder-4h", "cancelled")]


def test_a_booking_and_the_death_read_in_one_pass_of_the_feed_mail_nothing(desk: Desk) -> None:
    desk.rules("FIRST_COME")
    deceased = desk.citizen("BK140002")
    desk.clock.set(berlin(RELEASE_DAY, 11))
    desk.book("BK140002", day=date(2026, 5, 6))  # the notifier has not run since the code

    record_death(desk, deceased, RELEASE_DAY)
    at_once = desk.inbox()
    desk.clock.set(berlin(date(2026, 5, 6), 8))

    assert (at_once, desk.inbox()) == ([], [])
    assert reminders(desk) == [("reminder-12h", "cancelled"), ("reminder-4h", "cancelled")]
