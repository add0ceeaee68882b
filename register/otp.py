"""One-time codes: six digits from `secrets`, kept only as a salted HMAC, 5 minutes, 5 tries.

A code is not a register fact (it is a secret), so it lives in a table, not in the event store.
A new code deletes the citizen's earlier one: only the newest counts. Each try first takes one
of the five attempts with a conditional UPDATE, then compares in constant time; a right code
gives its attempt back. So however many guesses arrive at once, at most five are compared.

A mutation *claims* the code (`used_at` set in the transaction that found it unset): two
bookings with one code cannot both go ahead. A claim is released if the command is refused, so
a refused booking does not cost the citizen a new code; a successful one spends it.
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
        """Record a new code for the citizen in the caller's transaction, voiding (deleting)
        any earlier one; returns it in clear for the message, the only place it exists so."""
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        salt = secrets.token_bytes(16)
        issued = IssuedCode(uuid4(), code, now + VALID_FOR)
        cursor.execute("DELETE FROM appointment_otps WHERE citizen_id = %s", (str(citizen_id),))
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
        """Refuse unless `code` is the citizen's current code; `claim` reserves it for one use.

        One transaction: take an attempt (only while fewer than five were taken) and read the
        code back; compare; on a match give the attempt back and, to claim, set `used_at`.
        """
        at = stamp(now)
        with self.db.transaction() as cursor:
            cursor.execute(
                "UPDATE appointment_otps SET attempts = attempts + 1 WHERE citizen_id = %s"
                " AND attempts < %s RETURNING otp_id, salt, code_hash, expires_at, used_at",
                (str(citizen_id), MAX_ATTEMPTS),
            )
            row = cursor.fetchone()
            refusal = self._refusal(cursor, row, code, citizen_id, at)
            if refusal is None:
                cursor.execute(
                    "UPDATE appointment_otps SET attempts = attempts - 1,"
                    " used_at = CASE WHEN %s = 1 THEN %s ELSE used_at END WHERE otp_id = %s",
                    (int(claim), at, row[0]),
                )
        if refusal is not None:
            raise refusal
        return Claim(str(row[0]), at)

    @staticmethod
    def _refusal(
        cursor: Any, row: Any, code: str, citizen_id: UUID | None, at: str
    ) -> IdentityNotConfirmed | None:
        """Why the code is refused, or None; the same comparison is made on every path."""
        salt, code_hash = (bytes.fromhex(row[1]), row[2]) if row else (b"\0" * 16, "")
        matches = hmac.compare_digest(_digest(salt, code), code_hash)
        if row is None:
            cursor.execute(
                "SELECT count(*) FROM appointment_otps WHERE citizen_id = %s", (str(citizen_id),)
            )
            if cursor.fetchone()[0]:
                msg = f"{MAX_ATTEMPTS} wrong tries: the code is void; ask for a new one"
                return IdentityNotConfirmed(msg, field=FIELD, code="OTP_ATTEMPTS_EXCEEDED")
        elif row[3] <= at:
            msg = "the code has expired; ask for a new one"
            return IdentityNotConfirmed(msg, field=FIELD, code="OTP_EXPIRED")
        elif matches and row[4] is not None:
            msg = "this code has been used; ask for a new one"
            return IdentityNotConfirmed(msg, field=FIELD, code="OTP_USED")
        if row is None or not matches:
            return IdentityNotConfirmed(
                "the national ID, birth date and code do not match", field=FIELD
            )
        return None

    def release(self, claim: Claim) -> None:
        """Give a claimed code back (its command was refused)."""
        self.db.execute(
            "UPDATE appointment_otps SET used_at = NULL WHERE otp_id = %s AND used_at = %s",
            [claim.otp_id, claim.at],
        )
