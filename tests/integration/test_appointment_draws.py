"""The fair release on a real store: committed seeds, pooled requests, the draw, no overbooking."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import pytest

from domain.appointments.appointment import Appointment, AppointmentStatus
from domain.appointments.draw import allocate, seed_digest
from domain.civil_status.citizen import Citizen
from domain.errors import DomainError
from register.appointments import inputs as ai
from register.civil_status.inputs import parse
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


@pytest.fixture
def desk(container: Container, tmp_path: Path) -> Desk:
    """Berlin: 8 PASSPORT appointments a day, a 60 s pool after each batch; 09:59:30 on 4 May."""
    found = desk_for(container, tmp_path, berlin(RELEASE_DAY, 9, 59, 30))
    found.schedule(8, service="PASSPORT", minutesPerAppointment=30)
    found.rules("FAIR_DRAW", pool_seconds=60)
    return found


def citizens(desk: Desk, n: int, prefix: str = "BD") -> list[tuple[str, str]]:
    """`n` citizens, each with a fresh code: (national ID, code)."""
    ids = [f"{prefix}{i:06d}" for i in range(n)]
    for national_id in ids:
        desk.citizen(national_id)
        desk.request_code(national_id)
    codes = {}
    for message in desk.inbox():
        national_id = message["To"].split("@")[0].upper()
        codes[national_id] = message.get_payload().split("code is ")[1][:6]
    return [(i, codes[i]) for i in ids]


def test_requests_in_the_pool_window_are_drawn_by_lot_when_it_closes(desk: Desk) -> None:
    entrants = citizens(desk, 12)
    assert desk.register.run_releases() == (1, 0)  # the worker commits the 10:00 batch ahead
    [committed] = [r for r in desk.register.appointment_draws("BER", NEW_DAY) if r.batch == 0]
    desk.clock.set(berlin(RELEASE_DAY, 10, 0, 20))

    pooled = [desk.book(n, code=c) for n, c in entrants]
    desk.clock.set(berlin(RELEASE_DAY, 10, 1))
    commits, draws = desk.register.run_releases()

    assert {a.status for a in pooled} == {S.POOLED}
    assert (commits, draws) == (0, 1)
    [release] = [r for r in desk.register.appointment_draws("BER", NEW_DAY) if r.batch == 0]
    assert release.seed is not None
    assert release.seed_sha256 == committed.seed_sha256 == seed_digest(release.seed)
    assert release.verify()
    again = allocate(release.seed, [a.id for a in pooled], release.slots)
    assert [e for e, _ in again.winners] + again.losers == release.ranked
    outcome = {a.id: desk.register.load_appointment(a.id) for a in pooled}
    winners = [outcome[e] for e in release.ranked[:2]]
    assert [(w.status, w.slot) for w in winners] == [(S.BOOKED, 0), (S.BOOKED, 4)]
    assert {outcome[e].status for e in release.ranked[2:]} == {S.NOT_ALLOCATED}
    agenda = desk.register.mission_agenda(BERLIN_CLERK, "BER", NEW_DAY)
    assert [a.id for a in agenda] == release.ranked[:2]


def test_the_seed_is_committed_before_any_entry_and_revealed_only_after_the_draw(
    desk: Desk,
) -> None:
    [(national_id, code)] = citizens(desk, 1)
    desk.clock.set(berlin(RELEASE_DAY, 10, 0, 5))

    entry = desk.book(national_id, code=code)
    [release] = [r for r in desk.register.appointment_draws("BER", NEW_DAY) if r.batch == 0]
    undrawn = release.seed
    desk.clock.set(berlin(RELEASE_DAY, 10, 2))
    desk.register.run_releases()

    events = desk.register.recorder.select_notifications(0, 10_000)
    topics = [(n.topic, n.originator_id) for n in events]
    committed_at = topics.index(("sijill/appointment-release/committed/v1", release.id))
    entered_at = topics.index(("sijill/appointment/requested/v1", entry.id))
    revealed_at = topics.index(("sijill/appointment-release/drawn/v1", release.id))
    assert undrawn is None
    assert committed_at < entered_at < revealed_at


def test_a_request_after_the_window_is_served_only_after_the_pool_is_drawn(desk: Desk) -> None:
    entrants = citizens(desk, 3)
    desk.clock.set(berlin(RELEASE_DAY, 10, 0, 30))
    pooled = desk.book(entrants[0][0], code=entrants[0][1])
    desk.clock.set(berlin(RELEASE_DAY, 10, 3))  # no worker ran: the late request draws first

    late = desk.book(entrants[1][0], code=entrants[1][1])
    too_late = refusal(lambda: desk.book(entrants[2][0], code=entrants[2][1]))

    drawn = desk.register.load_appointment(pooled.id)
    assert (drawn.status, drawn.slot) == (S.BOOKED, 0)  # the earliest released slot
    assert (late.status, late.slot) == (S.BOOKED, 4)
    assert too_late == ("SLOT_NO_LONGER_AVAILABLE", "day")
    [release] = desk.register.appointment_draws("BER", NEW_DAY)
    assert (release.ranked, release.slots, release.verify()) == ([pooled.id], [0], True)


def test_an_untouched_batch_is_drawn_empty_so_no_late_entry_can_join_it(desk: Desk) -> None:
    [(national_id, code)] = citizens(desk, 1)
    desk.clock.set(berlin(RELEASE_DAY, 10, 3))

    booked = desk.book(national_id, code=code)

    [release] = desk.register.appointment_draws("BER", NEW_DAY)
    assert (booked.status, release.batch, release.ranked, release.verify()) == (
        S.BOOKED,
        0,
        [],
        True,
    )


def test_first_come_mode_has_no_pool(desk: Desk) -> None:
    desk.rules("FIRST_COME")
    [(national_id, code)] = citizens(desk, 1)
    desk.clock.set(berlin(RELEASE_DAY, 10, 0, 1))

    assert desk.book(national_id, code=code).status is S.BOOKED
    assert desk.register.appointment_draws("BER", NEW_DAY) == []


def book_together(desk: Desk, entrants: list[tuple[str, str]]) -> list[Any]:
    """Every entrant books NEW_DAY at once, from its own thread."""
    start = threading.Barrier(len(entrants))

    def book(entrant: tuple[str, str]) -> Appointment | str:
        national_id, code = entrant
        start.wait(timeout=30)
        try:
            return desk.book(national_id, code=code)
        except DomainError as e:
            return e.code

    with ThreadPoolExecutor(len(entrants)) as pool:
        return list(pool.map(book, entrants))


def test_concurrent_first_come_bookings_never_exceed_the_released_slots(desk: Desk) -> None:
    desk.rules("FIRST_COME")
    desk.clock.set(berlin(RELEASE_DAY, 13, 1))  # 4 slots released
    entrants = citizens(desk, 16)

    outcomes = book_together(desk, entrants)

    booked = [o for o in outcomes if isinstance(o, Appointment)]
    assert len(booked) == 4
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["SLOT_NO_LONGER_AVAILABLE"] * 12
    assert sorted(a.slot for a in booked) == [0, 1, 4, 5]  # type: ignore[type-var]


def test_concurrent_entries_and_the_draw_lose_no_entry_and_overbook_nothing(desk: Desk) -> None:
    entrants = citizens(desk, 16)
    desk.clock.set(berlin(RELEASE_DAY, 10, 0, 59))
    drawer = threading.Thread(
        target=lambda: (desk.clock.advance(seconds=1), desk.register.run_releases())
    )

    outcomes = book_together(desk, entrants[:12])
    drawer.start()
    late = book_together(desk, entrants[12:])
    drawer.join()
    desk.register.run_releases()

    every = [
        desk.register.load_appointment(o.id) for o in outcomes + late if isinstance(o, Appointment)
    ]
    assert len(every) + sum(o == "SLOT_NO_LONGER_AVAILABLE" for o in outcomes + late) == 16
    assert sum(a.status is S.BOOKED for a in every) == 2
    assert {a.status for a in every} <= {S.BOOKED, S.NOT_ALLOCATED}
    [release] = [r for r in desk.register.appointment_draws("BER", NEW_DAY) if r.batch == 0]
    assert release.verify()
    assert set(release.ranked) == {o.id for o in outcomes if isinstance(o, Appointment)}


def test_one_citizen_booking_twice_at_once_gets_one_appointment(
    desk: Desk, container: Container
) -> None:
    desk.rules("FIRST_COME")
    citizen_id = desk.citizen("BD900001")
    citizen = container.register._find(Citizen, citizen_id)  # past the code check
    assert citizen is not None
    desk.clock.set(berlin(RELEASE_DAY, 20, 1))
    command = parse(
        ai.BookAppointment,
        {
            "mission": "BER",
            "service": "PASSPORT",
            "date": NEW_DAY,
            "nationalId": "BD900001",
            "birthDate": citizen.birth_date,
            "code": "000000",
        },
    )
    start = threading.Barrier(6)

    def book(_: int) -> UUID | str:
        start.wait(timeout=30)
        try:
            appointment, _ = desk.register._book(citizen, command)
            return appointment.id
        except DomainError as e:
            return e.code

    with ThreadPoolExecutor(6) as pool:
        outcomes = list(pool.map(book, range(6)))

    assert sorted(o for o in outcomes if isinstance(o, str)) == ["ALREADY_BOOKED"] * 5
    assert refusal(lambda: desk.register._book(citizen, command)) == ("ALREADY_BOOKED", "service")
