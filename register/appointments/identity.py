"""Who the caller is, without a token: national ID, birth date and a mailed one-time code.

Each national ID number is rate-limited (in this process) on top of the web layer's limit per
client address, and gets at most three codes an hour (counted in the database,
register/appointments/otp.py).
Nothing here tells whether an identity is in the register: an unknown one is answered like a
known one, after the same reads and writes.
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

import structlog

from domain.base import name_id
from domain.civil_status.citizen import Citizen
from domain.errors import AppointmentRefused
from register.appointments.background.notices import AT_ONCE
from register.appointments.otp import VALID_FOR
from register.store.outbox import Message, enqueue

if TYPE_CHECKING:
    from register.appointments.calendars import Calendars
    from register.appointments.desk import AppointmentDesk
    from register.appointments.inputs import Identified, Identity
    from register.appointments.otp import Claim

log = structlog.get_logger(__name__)
_NOBODY = name_id("decoy", "appointment-citizen")
"""Loaded when a national ID is unknown, so both answers cost the same reads."""
DECOY = "otp-decoy"
"""Holds the codes of a national ID that gets no mail, so the hourly cap treats it the same."""


def refused(message: str, code: str, field: str) -> AppointmentRefused:
    return AppointmentRefused(message, field=field, code=code)


class IdentityChecks:
    """The citizen's proof of identity for booking: a national ID, a birth date, a code."""

    def __init__(self, desk: AppointmentDesk, calendars: Calendars) -> None:
        self.desk = desk
        self.store = desk.store
        self.calendars = calendars

    def limit(self, national_id: str) -> None:
        wait = self.desk.citizen_limit.retry_after(national_id)
        if wait is not None:
            msg = f"too many requests for this national ID; retry in {wait:.0f} s"
            raise refused(msg, "RATE_LIMITED", "national_id")

    def _matching(self, identity: Identity) -> Citizen | None:
        """The living citizen with that number and birth date; the same reads either way."""
        citizen_id = self.store.citizen_id_for_national_id(identity.national_id)
        citizen = self.store.find(Citizen, citizen_id or _NOBODY)
        recorded = citizen.birth_date.isoformat() if citizen else "0000-00-00"
        same = hmac.compare_digest(recorded.encode(), identity.birth_date.isoformat().encode())
        if citizen is None or not same or citizen.date_of_death is not None:
            return None
        return citizen

    def request_otp(self, identity: Identity) -> None:
        """Mail a new code if the identity matches a citizen with an address; otherwise record
        a decoy code under the national ID (counted towards the hourly cap, never mailed, never
        matching) and answer the same, so the operation tells nobody who is in the register."""
        self.limit(identity.national_id)
        citizen = self._matching(identity)
        email = None if citizen is None else self.calendars.contact_email(citizen.id)
        now = self.desk.now()
        if citizen is None or email is None:
            with self.desk.otps.db.transaction() as cursor:
                self.desk.otps.issue(cursor, name_id(DECOY, identity.national_id), now, void=True)
            log.info("otp.not_sent")
            return
        with self.desk.otps.db.transaction() as cursor:
            issued = self.desk.otps.issue(cursor, citizen.id, now)
            message = Message(
                message_id=f"otp.{issued.otp_id}",
                kind="otp",
                citizen_id=str(citizen.id),
                subject="Your Sijill appointment code",
                body=f"Your code is {issued.code}. It is valid for "
                f"{VALID_FOR.seconds // 60} minutes. Never share it: consular staff will "
                "never ask for it.",
                due_at=AT_ONCE,
                expires_at=issued.expires_at,
            )
            enqueue(cursor, [message], now)
        log.info("otp.issued", citizen_id=str(citizen.id))

    def prove(
        self, cmd: Identified, *, claim: bool, limited: bool = False
    ) -> tuple[Citizen, Claim]:
        """The citizen the identity and code prove; `limited`: the rate limit was applied."""
        if not limited:
            self.limit(cmd.national_id)
        citizen = self._matching(cmd)
        held = self.desk.otps.check(
            citizen.id if citizen else None, cmd.code, self.desk.now(), claim=claim
        )
        assert citizen is not None  # noqa: S101  # a code is only ever issued to a citizen
        return citizen, held
