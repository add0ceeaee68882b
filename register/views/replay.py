"""The views as they stood at a moment: rebuilt from the events recorded up to it, set apart.

An auditor's replay never touches the live views: it fills schema `sijill_replay`
(PostgreSQL) or the file `….replay.db` beside the register (SQLite), with the rebuild's own
machinery, from the first event to the last one recorded at or before the instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from register.views.rebuild import fresh_target, rebuild

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import datetime

    from projections.base import View
    from register.application import Register
    from register.store.event_log import EventLog
    from register.store.storage import Database

REPLAY = "replay"


def position_at(register: Register, log: EventLog, instant: datetime) -> int:
    """The position of the last event recorded at or before `instant` (0: none).

    A binary search over positions, decoding one event per step: recording times follow the
    global order (writers are serialised; concurrent writers can invert two events' stamps by
    the milliseconds between stamping and locking, far below what an inquiry asks).
    """
    low, high = 0, log.head()
    while low < high:
        middle = (low + high + 1) // 2
        row = log.first_from(middle)
        if row is None or row.position > high:
            high = middle - 1
            continue
        event: Any = register.store.mapper.to_domain_event(row.notification())
        if event.timestamp <= instant:
            low = row.position
        else:
            high = middle - 1
    return low


def replay(
    register: Register,
    live: Database,
    views: Sequence[View],
    *,
    until: int,
    progress: Callable[[int], None] | None = None,
) -> tuple[Database, int]:
    """Rebuild `views` from events up to position `until` into the replay schema or file."""
    target = fresh_target(live, views, name=REPLAY)
    return target, rebuild(register.store, target, views, until=until, progress=progress)


def where(target: Database) -> str:
    return f"schema {target.schema}" if target.schema else f"file {target.sqlite_path}"
