"""One-time codes: six digits from `secrets`, kept only as a salted HMAC, 5 minutes, 5 tries.

A code is not a register fact (it is a secret), so it lives in a table, not in the event store.
A new code voids the citizen's earlier one (erases its hash): only the newest counts. Each try
first takes one of the five attempts with a conditional UPDATE, then compares in constant time;
a right code gives its attempt back. So however many guesses arrive at once, at most five are
compared.

A new code would give five more tries, so at most three are issued to one holder in a rolling
hour, counted from the rows themselves (a voided row is kept until it is an hour old): the cap
holds across server processes and restarts. Issuing first takes a lock on the holder
(PostgreSQL: a transaction advisory lock on the holder's id; SQLite: its write lock), so
concurrent requests, a holder's very first ones too, count one after another.

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

from domain.errors import AppointmentRefused, IdentityNotConfirmed

if TYPE_CHECKING:
    from register.store.storage import Database

CODE_DIGITS = 6
VALID_FOR = timedelta(minutes=5)
MAX_ATTEMPTS = 5
PER_HOUR = 3
"""Codes issued to one holder in any rolling hour."""
WINDOW = timedelta(hours=1)
FIELD = "code"
VOID = ""
"""The hash of a voided code (and of a decoy): no code's digest is empty, so it never matches."""


def stamp(instant: datetime) -> str:
    """An instant as fixed-width UTC text, so the database compares it as text on both backends."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def unstamp(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


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

    def issue(self, cursor: Any, holder: UUID, now: datetime, *, void: bool = False) -> IssuedCode:
        """Record a new code for `holder` in the caller's transaction, voiding any earlier one;
        returns it in clear for the message, the only place it exists so. A `void` code (the
        decoy of an identity that gets no mail) is counted like a real one and never matches.

        Refused (`OTP_LIMIT_REACHED`, writing nothing) when the holder had `PER_HOUR` codes in
        the last hour.
        """
        holder_id, since = str(holder), stamp(now - WINDOW)
        self._refuse_beyond_cap(cursor, holder_id, since)
        cursor.execute(
            "DELETE FROM appointment_otps WHERE citizen_id = %s AND code_hash = %s"
            " AND issued_at <= %s",
            (holder_id, VOID, since),
        )
        cursor.execute(
            "UPDATE appointment_otps SET code_hash = %s WHERE citizen_id = %s AND code_hash <> %s",
            (VOID, holder_id, VOID),
        )
        code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        salt = secrets.token_bytes(16)
        issued = IssuedCode(uuid4(), code, now + VALID_FOR)
        cursor.execute(
            "INSERT INTO appointment_otps (otp_id, citizen_id, salt, code_hash, issued_at,"
            " expires_at, attempts) VALUES (%s, %s, %s, %s, %s, %s, 0)",
            (
                str(issued.otp_id),
                holder_id,
                salt.hex(),
                VOID if void else _digest(salt, code),
                stamp(now),
                stamp(issued.expires_at),
            ),
        )
        return issued

    def _refuse_beyond_cap(self, cursor: Any, holder_id: str, since: str) -> None:
        """Lock the holder's rows, then refuse if `PER_HOUR` codes were issued since `since`."""
        if self.db.kind == "postgresql":  # SQLite's transaction holds the write lock already
            # A lock on the holder, not on rows: a holder's very first requests have none.
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended('sijill-otp:' || %s, 0))",
                (holder_id,),
            )
            cursor.fetchall()
        cursor.execute(  # a new statement: it sees what a writer we waited for committed
            "SELECT issued_at FROM appointment_otps WHERE citizen_id = %s AND issued_at > %s"
            " ORDER BY issued_at",
            (holder_id, since),
        )
        recent = [row[0] for row in cursor.fetchall()]
        if len(recent) >= PER_HOUR:
            again = unstamp(recent[len(recent) - PER_HOUR]) + WINDOW
            msg = (
                f"at most {PER_HOUR} codes an hour for one national ID;"
                f" ask again from {again:%H:%M} UTC"
            )
            raise AppointmentRefused(msg, field="national_id", code="OTP_LIMIT_REACHED")

    def check(self, citizen_id: UUID | None, code: str, now: datetime, *, claim: bool) -> Claim:
        """Refuse unless `code` is the citizen's current code; `claim` reserves it for one use.

        One transaction: take an attempt (only while fewer than five were taken) and read the
        code back; compare; on a match give the attempt back and, to claim, set `used_at`.
        """
        at = stamp(now)
        with self.db.transaction() as cursor:
            cursor.execute(
                "UPDATE appointment_otps SET attempts = attempts + 1 WHERE citizen_id = %s"
                " AND code_hash <> %s AND attempts < %s"
                " RETURNING otp_id, salt, code_hash, expires_at, used_at",
                (str(citizen_id), VOID, MAX_ATTEMPTS),
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
                "SELECT count(*) FROM appointment_otps WHERE citizen_id = %s AND code_hash <> %s",
                (str(citizen_id), VOID),
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

    def sweep(self, now: datetime) -> int:
        """Delete voided codes and decoys over an hour old (they no longer count towards a
        cap): unknown national IDs asked once would otherwise each leave a row for good."""
        with self.db.transaction() as cursor:
            cursor.execute(
                "DELETE FROM appointment_otps WHERE code_hash = %s AND issued_at <= %s",
                (VOID, stamp(now - WINDOW)),
            )
            return int(cursor.rowcount or 0)

    def release(self, claim: Claim) -> None:
        """Give a claimed code back (its command was refused)."""
        self.db.execute(
            "UPDATE appointment_otps SET used_at = NULL WHERE otp_id = %s AND used_at = %s",
            [claim.otp_id, claim.at],
        )
