"""Console sessions: a random id in the browser's cookie, only its SHA-256 in the database.

A session ends when its person signs out, when the account is disabled, or after IDLE_LIMIT
without a request; the account's role and mission are read afresh on every request.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from register.access import Account, Role

if TYPE_CHECKING:
    from collections.abc import Callable

    from register.store.storage import Database

IDLE_LIMIT = timedelta(minutes=30)
TOUCH_EVERY = timedelta(seconds=30)
"""A session's last request is written at most this often (every page would be a write)."""


def session_hash(session_id: str) -> str:
    # The id carries 256 random bits: a fast hash suffices, as for bearer tokens.
    return hashlib.sha256(session_id.encode()).hexdigest()


class StaffSessions:
    def __init__(self, db: Database, now: Callable[[], datetime]) -> None:
        self._db = db
        self._now = now

    def open(self, account: Account) -> str:
        """A new session for a signed-in account; the id is returned, never stored."""
        session_id = secrets.token_urlsafe(32)
        now = self._now().isoformat()
        self._db.execute(
            "INSERT INTO staff_sessions (session_hash, account, created_at, last_seen_at)"
            " VALUES (%s, %s, %s, %s)",
            [session_hash(session_id), account.name, now, now],
        )
        return session_id

    def resolve(self, session_id: str) -> Account | None:
        """The session's account, if the session is live; a request keeps it alive."""
        row = self._db.fetch_one(
            "SELECT s.last_seen_at, a.name, a.role, a.mission FROM staff_sessions s"
            " JOIN staff_accounts a ON a.name = s.account"
            " WHERE s.session_hash = %s AND s.ended_at IS NULL AND a.disabled_at IS NULL",
            [session_hash(session_id)],
        )
        if row is None:
            return None
        now = self._now()
        idle = now - datetime.fromisoformat(row[0])
        if idle > IDLE_LIMIT:
            self.end(session_id)
            return None
        if idle > TOUCH_EVERY:
            self._db.execute(
                "UPDATE staff_sessions SET last_seen_at = %s WHERE session_hash = %s",
                [now.isoformat(), session_hash(session_id)],
            )
        return Account(name=row[1], role=Role(row[2]), mission=row[3])

    def end(self, session_id: str) -> None:
        self._db.execute(
            "UPDATE staff_sessions SET ended_at = %s WHERE session_hash = %s AND ended_at IS NULL",
            [self._now().isoformat(), session_hash(session_id)],
        )
