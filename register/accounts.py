"""Bearer tokens: random, shown once, stored only as their SHA-256, revoked by the CLI."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from register.access import Account, Role

if TYPE_CHECKING:
    from register.store.missions import MissionDirectory
    from register.store.storage import Database

TOKEN_PREFIX = "sjl_"  # noqa: S105  # a visible prefix, not a secret: it lets scanners spot leaks


def _hash(token: str) -> str:
    # Tokens carry 256 random bits, so a fast hash suffices; no salt or stretching is needed.
    return hashlib.sha256(token.encode()).hexdigest()


class TokenStore:
    def __init__(self, db: Database, missions: MissionDirectory) -> None:
        self._db = db
        self._missions = missions

    def create(self, *, name: str, role: Role, mission: str) -> str:
        """Issue a token for account `name`; the token itself is returned and never stored."""
        self._missions.get(mission, field="mission")
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self._db.execute(
            "INSERT INTO access_tokens (token_hash, account, role, mission, created_at)"
            " VALUES (%s, %s, %s, %s, %s)",
            (_hash(token), name, role.value, mission, datetime.now(UTC).isoformat()),
        )
        return token

    def revoke(self, *, token: str | None = None, name: str | None = None) -> int:
        """Revoke one token, or every token of account `name`; returns how many were revoked."""
        now = datetime.now(UTC).isoformat()
        if token is not None:
            return self._db.execute(
                "UPDATE access_tokens SET revoked_at = %s"
                " WHERE token_hash = %s AND revoked_at IS NULL",
                (now, _hash(token)),
            )
        return self._db.execute(
            "UPDATE access_tokens SET revoked_at = %s WHERE account = %s AND revoked_at IS NULL",
            (now, name),
        )

    def authenticate(self, token: str) -> Account | None:
        if not token.startswith(TOKEN_PREFIX):
            return None
        row = self._db.fetch_one(
            "SELECT account, role, mission FROM access_tokens"
            " WHERE token_hash = %s AND revoked_at IS NULL",
            (_hash(token),),
        )
        return None if row is None else Account(name=row[0], role=Role(row[1]), mission=row[2])

    def list(self) -> list[tuple[str, str, str, str, str | None]]:
        """Account, role, mission, created, revoked: one row per token, never the token."""
        return [
            (r[0], r[1], r[2], r[3], r[4])
            for r in self._db.fetch_all(
                "SELECT account, role, mission, created_at, revoked_at FROM access_tokens"
                " ORDER BY created_at"
            )
        ]
