"""Events a view could not apply: recorded beside the views, reported, never dropped silently.

A view that meets an event it cannot apply does one of two things, and says which here:
- **skipped**: the database refused a value the event carries (a data error: a text PostgreSQL
  cannot hold, a number out of range). Waiting would not help, so the view goes on without it;
  a code fix and `sijill rebuild --swap` bring the event in later.
- **stopped**: anything else (a fault in the view's own code). The view holds just before the
  event and is retried with backoff; every other view goes on. It moves again once the fault is
  fixed, and the row then records a failure that was healed.

Errors that mean the database itself is out of reach are neither: they fail the whole batch,
which the follower retries once the database is back.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

import psycopg

from register.store.outage import is_outage

if TYPE_CHECKING:
    from projections.base import Recorded
    from register.store.storage import Database

Action = Literal["skipped", "stopped"]
TABLE = "projection_dead_letters"
_QUOTED = re.compile(r"\"[^\"]*\"|'[^']*'")
_TRANSIENT_SQLITE = ("locked", "busy", "disk i/o", "unable to open")


@dataclass(frozen=True)
class DeadLetter:
    view: str
    position: int
    topic: str
    action: str
    error: str
    failures: int
    recorded_at: str


def describe(error: BaseException) -> str:
    """The error's type and first line with quoted values blanked: no event data leaks out."""
    first = (str(error).strip().splitlines() or [""])[0]
    text = f"{type(error).__name__}: {_QUOTED.sub('…', first)}".rstrip(": ")
    return text[:300]


def out_of_reach(error: BaseException) -> bool:
    """The database is out of reach (or busy): the batch is retried, no event is blamed."""
    if is_outage(error):
        return True
    if isinstance(error, sqlite3.OperationalError):
        return any(word in str(error).lower() for word in _TRANSIENT_SQLITE)
    return False


def action_for(error: BaseException) -> Action:
    """What a view does about an event it failed on (see the module's docstring)."""
    cannot_store = isinstance(error, psycopg.DataError | sqlite3.DataError | OverflowError)
    return "skipped" if cannot_store else "stopped"


def record(cursor: Any, view: str, event: Recorded, action: Action, error: str) -> None:
    """Keep the failure in the batch's own transaction (one row per view and event)."""
    cursor.execute(
        f"INSERT INTO {TABLE} (view, position, topic, action, error, failures, recorded_at)"
        " VALUES (%s, %s, %s, %s, %s, 1, %s)"
        " ON CONFLICT (view, position) DO UPDATE SET action = excluded.action,"
        f" error = excluded.error, failures = {TABLE}.failures + 1,"
        " recorded_at = excluded.recorded_at",
        (
            view,
            event.position,
            str(getattr(event.event, "TOPIC", type(event.event).__name__)),
            action,
            error,
            datetime.now(UTC).isoformat(timespec="seconds"),
        ),
    )


def latest(db: Database, *, limit: int = 100) -> list[DeadLetter]:
    """The most recent dead letters, newest first."""
    rows = db.fetch_all(
        f"SELECT view, position, topic, action, error, failures, recorded_at FROM {TABLE}"
        " ORDER BY recorded_at DESC, position DESC, view LIMIT %s",
        (limit,),
    )
    return [
        DeadLetter(str(r[0]), int(r[1]), str(r[2]), str(r[3]), str(r[4]), int(r[5]), str(r[6]))
        for r in rows
    ]


def skipped_counts(db: Database) -> dict[str, int]:
    """How many events each view went on without."""
    rows = db.fetch_all(
        f"SELECT view, count(*) FROM {TABLE} WHERE action = 'skipped' GROUP BY view"
    )
    return {str(view): int(n) for view, n in rows}


def stopped(db: Database) -> dict[str, tuple[int, str]]:
    """The views held before an event they failed on: view → (that event's position, error)."""
    rows = db.fetch_all(
        f"SELECT d.view, d.position, d.error FROM {TABLE} d"
        " JOIN projection_tracking t ON t.view = d.view"
        " WHERE d.action = 'stopped' AND d.position > t.position ORDER BY d.position"
    )
    found: dict[str, tuple[int, str]] = {}
    for view, position, error in rows:
        found.setdefault(str(view), (int(position), str(error)))
    return found
