"""Settings from the environment (SIJILL_DATABASE_URL, SIJILL_ENV, SIJILL_LOG_LEVEL, …)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from register.storage import DEFAULT_URL

if TYPE_CHECKING:
    from collections.abc import Mapping


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_URL
    """`sqlite:///relative.db`, `sqlite:////absolute/path.db` or `postgresql://…`."""
    env: str = "development"
    """`production` turns off introspection and the in-browser IDE."""
    log_level: str = "info"
    public_rate: float = 5.0
    """Public operations (no token): requests per second per client address, on average."""
    public_burst: int = 20
    token_rate: float = 50.0
    """Any one account: requests per second on average (a counter's busiest hour is far below)."""
    token_burst: int = 200

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        return cls(
            database_url=environ.get("SIJILL_DATABASE_URL") or DEFAULT_URL,
            env=environ.get("SIJILL_ENV", "development"),
            log_level=environ.get("SIJILL_LOG_LEVEL", "info"),
            public_rate=float(environ.get("SIJILL_PUBLIC_RATE", "5")),
            public_burst=int(environ.get("SIJILL_PUBLIC_BURST", "20")),
            token_rate=float(environ.get("SIJILL_TOKEN_RATE", "50")),
            token_burst=int(environ.get("SIJILL_TOKEN_BURST", "200")),
        )

    @property
    def production(self) -> bool:
        return self.env == "production"
