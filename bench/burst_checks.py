"""What the release burst must have done, checked from the register after the timed part.

A figure for a wrong result means nothing, so `bench.burst` stops unless the agenda, the
answers the citizens got, the recorded draws and each citizen's own appointments agree.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import TYPE_CHECKING

from bench.harness import require
from domain.appointments.appointment import AppointmentStatus
from register.access import Account, Role

if TYPE_CHECKING:
    from domain.appointments.appointment import Appointment
    from register.bootstrap import Container

DAY = "2026-05-11"
ACTIVE = {AppointmentStatus.POOLED, AppointmentStatus.BOOKED}


def on_agenda(container: Container, mission: str) -> list[Appointment]:
    """The day's booked appointments at the mission, as its counter sees them."""
    auditor = Account("bench", Role.AUDITOR, mission)
    return container.register.appointments.counter.mission_agenda(
        auditor, mission, date.fromisoformat(DAY)
    )


def filled(container: Container, mission: str) -> tuple[int, int]:
    """(appointments booked on the day, distinct citizens among them)."""
    agenda = on_agenda(container, mission)
    return len(agenda), len({a.citizen_id for a in agenda})


def check_first_come(container: Container, mission: str, answered: set[str], slots: int) -> None:
    """Every slot filled, by as many bookings as were answered: each answer is on the agenda."""
    require(filled(container, mission) == (slots, slots), "first come fills every slot")
    require(len(answered) == slots, "exactly as many bookings answered as slots")
    agenda = {str(a.id) for a in on_agenda(container, mission)}
    require(answered == agenda, "every booking answered is on the agenda, and only those")


def check_draws(container: Container, mission: str, entered: set[str], slots: int) -> None:
    """Every draw of the day re-runs from its revealed seed (as `sijill appointments verify`),
    ranked exactly the entries answered, gave out each slot once, and its winners are the
    agenda."""
    require(filled(container, mission) == (slots, slots), "the draw fills every slot")
    draws = container.register.appointments.draws.appointment_draws(
        mission, date.fromisoformat(DAY)
    )
    require(bool(draws) and all(r.drawn and r.verify() for r in draws), "every draw verifies")
    ranked = sorted(str(e) for r in draws for e in r.ranked)
    require(ranked == sorted(entered), "the draws ranked exactly the entries answered")
    given = sorted(s for r in draws for s in r.slots)
    require(given == list(range(slots)), "the draws gave out every slot, each once")
    winners = {str(e) for r in draws for e in r.ranked[: len(r.slots)]}
    agenda = {str(a.id) for a in on_agenda(container, mission)}
    require(winners == agenda, "the draws' winners are the day's agenda")


def check_one_each(container: Container, national_ids: list[str], threads: int) -> None:
    """No citizen holds two active appointments for a service: read from each citizen's own
    appointments (their dossier), not from the agenda or the index that enforces the rule."""
    register = container.register

    def most_held(national_id: str) -> int:
        citizen_id = register.store.citizen_id_for_national_id(national_id)
        require(citizen_id is not None, f"{national_id} is registered")
        assert citizen_id is not None  # noqa: S101  # for the type checker; required above
        found = map(
            register.appointments.counter.load_appointment,
            register.store.dossier(citizen_id, "appointment"),
        )
        held = Counter(a.service for a in found if a.status in ACTIVE)
        return max(held.values(), default=0)

    with ThreadPoolExecutor(threads) as pool:
        most = max(pool.map(most_held, national_ids), default=0)
    require(most <= 1, "no citizen holds two active appointments for one service")
