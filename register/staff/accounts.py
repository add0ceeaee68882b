"""People's accounts: created and disabled by the command line, signed in with a password.

Failed sign-ins are counted per account name in the database, so the lock-out holds across
every server process: LOCK_AFTER failures in a row lock the name for LOCK_FOR. Names that no
account has are counted alike, so the answers never tell which names exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, NoReturn

import structlog

from register.access import Account, Role
from register.staff import passwords

if TYPE_CHECKING:
    from collections.abc import Callable

    from register.store.missions import MissionDirectory
    from register.store.storage import Database

log = structlog.get_logger(__name__)
LOCK_AFTER = 5
LOCK_FOR = timedelta(minutes=15)


class SignInRefused(Exception):
    """A sign-in that did not succeed: `reason` is `wrong` (name or password), `locked` (until
    `locked_until`) or `disabled` (the right password for a disabled account)."""

    def __init__(self, reason: str, locked_until: datetime | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.locked_until = locked_until


class AccountExists(ValueError):
    """An account of that name exists already (names are never reused: events carry them)."""


@dataclass(frozen=True)
class StaffAccount:
    name: str
    role: str
    mission: str
    created_at: str
    disabled_at: str | None


class StaffAccounts:
    def __init__(
        self, db: Database, missions: MissionDirectory, now: Callable[[], datetime]
    ) -> None:
        self._db = db
        self._missions = missions
        self._now = now

    def create(self, *, name: str, role: Role, mission: str, password: str) -> Account:
        """A new account; only the argon2id hash of its password is stored."""
        passwords.check_name(name)
        code = self._missions.get(mission, field="mission").code
        password_hash = passwords.hash_password(password)
        with self._db.transaction() as cursor:
            cursor.execute("SELECT 1 FROM staff_accounts WHERE name = %s", [name])
            if cursor.fetchone() is not None:
                msg = f"an account named {name} exists already"
                raise AccountExists(msg)
            cursor.execute(
                "INSERT INTO staff_accounts (name, role, mission, password_hash, created_at)"
                " VALUES (%s, %s, %s, %s, %s)",
                [name, role.value, code, password_hash, self._now().isoformat()],
            )
        return Account(name=name, role=role, mission=code)

    def disable(self, name: str) -> bool:
        """Disable the account and end its sessions at once, in one transaction."""
        now = self._now().isoformat()
        with self._db.transaction() as cursor:
            cursor.execute(
                "UPDATE staff_accounts SET disabled_at = %s WHERE name = %s"
                " AND disabled_at IS NULL",
                [now, name],
            )
            disabled = int(cursor.rowcount) > 0
            cursor.execute(
                "UPDATE staff_sessions SET ended_at = %s WHERE account = %s AND ended_at IS NULL",
                [now, name],
            )
        return disabled

    def list(self) -> list[StaffAccount]:
        rows = self._db.fetch_all(
            "SELECT name, role, mission, created_at, disabled_at FROM staff_accounts ORDER BY name"
        )
        return [StaffAccount(*r) for r in rows]

    def sign_in(self, name: str, password: str) -> Account:
        """The account, if `password` is its own and the name is not locked; else refused."""
        now = self._now()
        lock = self._db.fetch_one(
            "SELECT locked_until FROM staff_sign_in_failures WHERE account = %s", [name]
        )
        if lock and lock[0] and datetime.fromisoformat(lock[0]) > now:
            raise SignInRefused("locked", datetime.fromisoformat(lock[0]))
        row = self._db.fetch_one(
            "SELECT role, mission, password_hash, disabled_at FROM staff_accounts WHERE name = %s",
            [name],
        )
        matches = passwords.verify(row[2] if row else None, password)
        if row is None or not matches:
            self._failed(name, now)
        if row[3] is not None:
            raise SignInRefused("disabled")
        self._db.execute("DELETE FROM staff_sign_in_failures WHERE account = %s", [name])
        if passwords.needs_rehash(row[2]):
            self._db.execute(
                "UPDATE staff_accounts SET password_hash = %s WHERE name = %s",
                [passwords.hash_password(password), name],
            )
        return Account(name=name, role=Role(row[0]), mission=row[1])

    def _failed(self, name: str, now: datetime) -> NoReturn:
        """Count one more failure in a row; the LOCK_AFTER-th locks the name for LOCK_FOR."""
        with self._db.transaction() as cursor:
            # One statement counts and reads, so two processes never both see the same count.
            cursor.execute(
                "INSERT INTO staff_sign_in_failures (account, failures, last_failed_at)"
                " VALUES (%s, 1, %s) ON CONFLICT (account) DO UPDATE"
                " SET failures = staff_sign_in_failures.failures + 1,"
                " last_failed_at = excluded.last_failed_at"
                " RETURNING failures",
                [name, now.isoformat()],
            )
            failures = int(cursor.fetchone()[0])
            until = now + LOCK_FOR
            if failures >= LOCK_AFTER:
                cursor.execute(
                    "UPDATE staff_sign_in_failures SET failures = 0, locked_until = %s"
                    " WHERE account = %s",
                    [until.isoformat(), name],
                )
        if failures < LOCK_AFTER:
            raise SignInRefused("wrong")
        log.warning("console.account_locked", account=name, minutes=LOCK_FOR.seconds // 60)
        raise SignInRefused("locked", until)
