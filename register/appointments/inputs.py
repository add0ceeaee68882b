"""Appointment commands as validated input: API field names, errors that name the rule.

A field's attribute docstring is its description in the API; a comment is for the code alone.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Annotated, Literal
from uuid import UUID  # noqa: TC003  # pydantic reads the annotations at runtime

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from domain.appointments.calendars import DEFAULT_POOL_SECONDS, DEFAULT_SHARES
from register.civil_status.inputs import Command, MissionCode, NationalId, Text, Version

_SERVICE = re.compile(r"^[A-Z][A-Z0-9_]{1,31}$")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")
_CODE = re.compile(r"^[0-9]{6}$")


def _service(value: str) -> str:
    value = value.strip().upper()
    if not _SERVICE.match(value):
        raise PydanticCustomError(
            "INVALID_FORMAT", "a service code is 2 to 32 capital letters, digits or underscores"
        )
    return value


def _wall_time(value: str) -> str:
    try:
        parsed = time.fromisoformat(value.strip())
    except ValueError:
        raise PydanticCustomError("INVALID_FORMAT", "a time of day is HH:MM") from None
    return parsed.strftime("%H:%M")


def _email(value: str) -> str:
    if not _EMAIL.match(value) or len(value) > 254:
        raise PydanticCustomError("INVALID_FORMAT", "not an e-mail address")
    return value


def _code(value: str) -> str:
    value = value.replace(" ", "")
    if not _CODE.match(value):
        raise PydanticCustomError("INVALID_FORMAT", "the one-time code is six digits")
    return value


ServiceCode = Annotated[str, AfterValidator(_service)]
WallTime = Annotated[str, AfterValidator(_wall_time)]
Email = Annotated[str, Field(max_length=254), AfterValidator(_email)]
OneTimeCode = Annotated[str, AfterValidator(_code)]
Share = Annotated[int, Field(ge=0, le=100)]
Weekday = Annotated[int, Field(ge=1, le=7)]


# -- the calendar (admins) and contact details (counter) -----------------------------------


class ScheduleAppointmentService(Command):
    service: ServiceCode
    daily_capacity: Annotated[int, Field(ge=1, le=5000)]
    first_appointment: WallTime = "09:00"
    """Local time, HH:MM."""
    minutes_per_appointment: Annotated[int, Field(ge=5, le=240)] = 15
    desks: Annotated[int, Field(ge=1, le=100)] = 1
    release_shares: list[Share] = Field(default_factory=lambda: list(DEFAULT_SHARES))
    """Percent released at 10:00, 13:00, 16:00 and 20:00 (adding up to 100)."""


class SetAppointmentRules(Command):
    allocation: Literal["FAIR_DRAW", "FIRST_COME"] = "FAIR_DRAW"
    pool_seconds: Annotated[int, Field(ge=5, le=3600)] = DEFAULT_POOL_SECONDS
    """How long after a batch opens requests are pooled for the draw."""
    weekly_closed_days: list[Weekday] = Field(default_factory=list)


class CloseAppointmentDay(Command):
    date: date
    reason: Text


class ReopenAppointmentDay(Command):
    date: date


class RecordContactDetails(Command):
    citizen_id: UUID
    email: Email


# -- the citizen's own operations (no token) -----------------------------------------------


class Identity(Command):
    """Who the caller says they are; the one-time code proves it."""

    national_id: NationalId
    birth_date: date


class RequestOtp(Identity):
    pass


class Identified(Identity):
    code: OneTimeCode


class BookAppointment(Identified):
    mission: MissionCode
    service: ServiceCode
    date: date


class CancelAppointment(Identified):
    appointment_id: UUID


# -- the counter ---------------------------------------------------------------------------


class OnAppointment(Command):
    appointment_id: UUID
    expected_version: Version | None = None


class MarkAttended(OnAppointment):
    pass


class MarkNoShow(OnAppointment):
    pass
