"""Event-store recorders that hold each transaction open a random while before it commits.

Selected through the library's own APPLICATION_RECORDER_TOPIC setting, so the real recorder
(the register's, which writes each event's Merkle leaf) runs; only the time between INSERT and
COMMIT grows, which is what could let a tailing reader pass a position that commits later.
"""

from __future__ import annotations

import random
import time
from typing import Any

from register.store.chain import ChainedPostgresRecorder, ChainedSQLiteRecorder

MAX_DELAY_S = 0.02


class SlowCommitPostgresRecorder(ChainedPostgresRecorder):
    def _insert_events(self, curs: Any, stored_events: Any, **kwargs: Any) -> Any:
        result = super()._insert_events(curs, stored_events, **kwargs)
        time.sleep(random.uniform(0, MAX_DELAY_S))  # noqa: S311
        return result


class SlowCommitSQLiteRecorder(ChainedSQLiteRecorder):
    def _insert_events(self, c: Any, stored_events: Any, **kwargs: Any) -> Any:
        result = super()._insert_events(c, stored_events, **kwargs)
        time.sleep(random.uniform(0, MAX_DELAY_S))  # noqa: S311
        return result


def topic(kind: str) -> str:
    name = "SlowCommitSQLiteRecorder" if kind == "sqlite" else "SlowCommitPostgresRecorder"
    return f"tests.integration.slow_commits:{name}"
