"""Helpers of the appointment tests: a settable clock, citizens with a mailbox, codes, bookings."""

from __future__ import annotations

import email
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path  # the dataclass reads its fields
from typing import TYPE_CHECKING, Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest

from domain.errors import DomainError
from register.access import Account, Role
from register.appointments import inputs as ai
from register.appointments.background.worker import AppointmentWorker
from register.bootstrap import Container  # the dataclass reads its fields
from register.civil_status.inputs import parse
from register.store.outbox import FileSender
from tests.factories import PARIS_CLERK, enroll

if TYPE_CHECKING:
    from collections.abc import Callable

    from domain.appointments.appointment import Appointment
    from register.application import Register

BERLIN = ZoneInfo("Europe/Berlin")
BORN = date(1985, 3, 4)
"""The birth date of tests.factories.person()."""
BERLIN_ADMIN = Account(name="admin-ber", role=Role.ADMIN, mission="BER")
BERLIN_CLERK = Account(name="clerk-ber", role=Role.CLERK, mission="BER")
RELEASE_DAY = date(2026, 5, 4)
"""A Monday: the 10:00 batch releases Monday 11 May."""
NEW_DAY = date(2026, 5, 11)


def berlin(day: date, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=BERLIN)


class Clock:
    """The register's wall clock in a test: it moves only when the test moves it."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at.astimezone(UTC)

    def set(self, at: datetime) -> None:
        self.at = at

    def advance(self, **delta: float) -> None:
        self.at += timedelta(**delta)


def refusal(run: Callable[[], object]) -> tuple[str, str | None]:
    """The (code, field) of the domain error `run` raises."""
    with pytest.raises(DomainError) as excinfo:
        run()
    return excinfo.value.code, excinfo.value.field


@dataclass
class Desk:
    """A Berlin appointment calendar, citizens with mailboxes, and the worker that mails them."""

    container: Container
    clock: Clock
    mail: Path
    worker: AppointmentWorker
    _seen: set[str] = field(default_factory=set)

    @property
    def register(self) -> Register:
        return self.container.register

    def schedule(self, capacity: int = 8, **more: Any) -> None:
        self.register.schedule_appointment_service(
            BERLIN_ADMIN,
            parse(ai.ScheduleAppointmentService, {"dailyCapacity": capacity, **more}),
        )

    def rules(self, allocation: str = "FAIR_DRAW", pool_seconds: int = 60, **more: Any) -> None:
        self.register.set_appointment_rules(
            BERLIN_ADMIN,
            parse(
                ai.SetAppointmentRules,
                {"allocation": allocation, "poolSeconds": pool_seconds, **more},
            ),
        )

    def citizen(self, national_id: str, *, email_address: str | None = None) -> UUID:
        """An enrolled citizen (born 1985-03-04) with an e-mail address on file."""
        citizen_id = UUID(
            self.register.enroll_citizen(PARIS_CLERK, enroll(nationalId=national_id)).result[
                "citizenId"
            ]
        )
        address = email_address or f"{national_id.lower()}@example.org"
        self.register.record_contact_details(
            PARIS_CLERK,
            parse(ai.RecordContactDetails, {"citizenId": str(citizen_id), "email": address}),
        )
        return citizen_id

    def request_code(self, national_id: str, born: date = BORN) -> None:
        self.register.request_otp(
            parse(ai.RequestOtp, {"nationalId": national_id, "birthDate": born})
        )

    def inbox(self) -> list[email.message.Message]:
        """Messages delivered since the last look, after the worker ran."""
        self.worker.notify_once()
        new = sorted(p for p in self.mail.glob("*.eml") if p.name not in self._seen)
        self._seen.update(p.name for p in new)
        return [email.message_from_bytes(p.read_bytes()) for p in new]

    def code(self, national_id: str) -> str:
        """Ask for a code and read it from the citizen's mail."""
        self.request_code(national_id)
        address = f"{national_id.lower()}@example.org"
        codes = [
            re.search(r"code is (\d{6})", m.get_payload())
            for m in self.inbox()
            if m["To"] == address and m["Subject"] == "Your Sijill appointment code"
        ]
        found = [c.group(1) for c in codes if c]
        assert len(found) == 1, found
        return found[0]

    def identity(self, national_id: str, code: str | None = None) -> dict[str, Any]:
        return {
            "nationalId": national_id,
            "birthDate": BORN,
            "code": code or self.code(national_id),
        }

    def book(
        self, national_id: str, day: date = NEW_DAY, service: str = "PASSPORT", **more: Any
    ) -> Appointment:
        given = {"mission": "BER", "service": service, "date": day, **more}
        given = {**self.identity(national_id, more.get("code")), **given}
        booked = self.register.book_appointment(parse(ai.BookAppointment, given))
        return self.register.load_appointment(UUID(booked.result["appointmentId"]))

    def cancel(self, national_id: str, appointment_id: UUID) -> Appointment:
        given = {**self.identity(national_id), "appointmentId": str(appointment_id)}
        cancelled = self.register.cancel_appointment(parse(ai.CancelAppointment, given))
        return self.register.load_appointment(UUID(cancelled.result["appointmentId"]))

    def mine(self, national_id: str) -> list[Appointment]:
        return self.register.my_appointments(parse(ai.Identified, self.identity(national_id)))


def desk_for(container: Container, tmp_path: Path, at: datetime) -> Desk:
    clock = Clock(at)
    container.register.set_clock(clock)
    container.register.attach_appointments(container.db, citizen_rate=100, citizen_burst=1000)
    mail = tmp_path / "mail"
    worker = AppointmentWorker(container, FileSender(mail))
    return Desk(container, clock, mail, worker)
