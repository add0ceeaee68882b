"""One-time codes: six digits from `secrets`, kept only as a salted HMAC, 5 minutes, 5 tries.

A code is not a register fact (it is a secret), so it lives in a table, not in the event store.
The newest code of a citizen is the only one that counts. Each try first takes one of the five
attempts with a conditional UPDATE, then compares in constant time; a right code gives its
attempt back. So however many guesses arrive at once, at most five are ever compared.

A mutation *claims* the code (`used_at` set only if unset): two bookings with one code cannot
both go ahead. A claim is released if the command is refused, so a refused booking does not
cost the citizen a new code; a successful one spends it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from domain.errors import IdentityNotConfirmed

if TYPE_CHECKING:
    from register.storage import Database

CODE_DIGITS = 6
VALID_FOR = timedelta(minutes=5)
MAX_ATTEMPTS = 5
FIELD = "code"


def stamp(instant: datetime) -> str:
    """An instant as fixed-width UTC text, so the database compares it as text on both backends."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _digest(salt: bytes, code: str) -> str:
    return hmac.new(salt, code.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class IssuedCode:
    otp_id: UUID
    code: str
    expires_at: datetime


@dataclass(frozen=True)
class Claim:
    """A code claimed by one mutation: spend it on success, release it on refusal."""

    otp_id: str
    at: str


class OtpStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def issue(self, cursor: Any, citizen_id: UUID, now: datetime) -> IssuedCode:
        """Record a new code for the citizen in the caller's transaction; returns it in clear
        for the message (the only place it ever exists in clear)."""
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        salt = secrets.token_bytes(16)
        issued = IssuedCode(uuid4(), code, now + VALID_FOR)
        cursor.execute(
            "INSERT INTO appointment_otps (otp_id, citizen_id, salt, code_hash, issued_at,"
            " expires_at, attempts) VALUES (%s, %s, %s, %s, %s, %s, 0)",
            (
                str(issued.otp_id),
                str(citizen_id),
                salt.hex(),
                _digest(salt, code),
                stamp(now),
                stamp(issued.expires_at),
            ),
        )
        return issued

    def check(self, citizen_id: UUID | None, code: str, now: datetime, *, claim: bool) -> Claim:
        """Refuse unless `code` is the citizen's current code; `claim` reserves it for one use."""
        row = None
        if citizen_id is not None:
            row = self.db.fetch_one(
                "SELECT otp_id, salt, code_hash, expires_at, used_at FROM appointment_otps"
                " WHERE citizen_id = %s ORDER BY issued_at DESC LIMIT 1",
                [str(citizen_id)],
            )
        if row is None:
            # Same comparison as a real check: the answer's timing says nothing.
            hmac.compare_digest(_digest(b"\0" * 16, code), _digest(b"\1" * 16, code))
            raise IdentityNotConfirmed(
                "the national ID, birth date and code do not match", field=FIELD
            )
        otp_id, salt, code_hash, expires_at, used_at = row
        if expires_at <= stamp(now):
            msg = "the code has expired; ask for a new one"
            raise IdentityNotConfirmed(msg, field=FIELD, code="OTP_EXPIRED")
        taken = self.db.execute(
            "UPDATE appointment_otps SET attempts = attempts + 1"
            " WHERE otp_id = %s AND attempts < %s",
            [otp_id, MAX_ATTEMPTS],
        )
        if not taken:
            msg = f"{MAX_ATTEMPTS} wrong tries: the code is void; ask for a new one"
            raise IdentityNotConfirmed(msg, field=FIELD, code="OTP_ATTEMPTS_EXCEEDED")
        if not hmac.compare_digest(_digest(bytes.fromhex(salt), code), code_hash):
            raise IdentityNotConfirmed(
                "the national ID, birth date and code do not match", field=FIELD
            )
        self.db.execute(
            "UPDATE appointment_otps SET attempts = attempts - 1 WHERE otp_id = %s", [otp_id]
        )
        at = stamp(now)
        if used_at is not None or (
            claim
            and not self.db.execute(
                "UPDATE appointment_otps SET used_at = %s WHERE otp_id = %s AND used_at IS NULL",
                [at, otp_id],
            )
        ):
            msg = "this code has been used; ask for a new one"
            raise IdentityNotConfirmed(msg, field=FIELD, code="OTP_USED")
        return Claim(otp_id, at)

    def release(self, claim: Claim) -> None:
        """Give a claimed code back (its command was refused)."""
        self.db.execute(
            "UPDATE appointment_otps SET used_at = NULL WHERE otp_id = %s AND used_at = %s",
            [claim.otp_id, claim.at],
        )
