"""Reads of the past: a record as recorded at an instant or as it stood on a date, and the log.

These read the event store, never the views: the views only know the present.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from domain.base import RegisterEvent
from domain.civil_status.citizen import Citizen
from domain.civil_status.timeline import as_effective, as_recorded
from domain.errors import CitizenNotFound
from register.access import Role, authorize
from register.civil_status.operations import CivilStatusOperation
from register.views.replay import position_at

if TYPE_CHECKING:
    from collections.abc import Iterable
    from uuid import UUID

    from register.access import Account
    from register.application import Register
    from register.store.event_log import EventLog

SCAN_BUDGET = 5000
"""Events one page of `events` may decode before it answers with what it found (and a cursor)."""


def _events(register: Register, citizen_id: UUID) -> list[Any]:
    events = list(register.store.events.get(citizen_id))
    if not events or not isinstance(events[0], Citizen.Created):
        msg = f"no citizen with id {citizen_id}"
        raise CitizenNotFound(msg, field="id")
    return events


def citizen_as_of(
    register: Register, account: Account, citizen_id: UUID, at: datetime
) -> Citizen | None:
    """The record as the register held it at `at` (None: not recorded yet); the read recorded."""
    authorize(account, CivilStatusOperation.CITIZEN_AS_OF)
    record: Citizen | None = as_recorded(_events(register, citizen_id), at)
    register.store.record_reads(account, "citizen", [citizen_id])
    return record


def citizen_effective_on(
    register: Register, account: Account, citizen_id: UUID, on: date
) -> Citizen | None:
    """What was true of the citizen on `on`, with every correction known now; the read recorded."""
    authorize(account, CivilStatusOperation.CITIZEN_EFFECTIVE_ON)
    record = as_effective(_events(register, citizen_id), on)
    register.store.record_reads(account, "citizen", [citizen_id])
    return record


def shown_to(account: Account, events: Iterable[Any]) -> list[Any]:
    """A record's history as `account` may see it: casework is confidential, so even that a
    case exists is for auditors here; officers of the holding missions read it by `case(id)`."""
    if account.role is Role.AUDITOR:
        return list(events)
    return [e for e in events if not str(getattr(e, "TOPIC", "")).startswith("sijill/case")]


def event_types() -> dict[str, list[str]]:
    """Each event class name auditors filter by → the topics stored under that name."""
    found: dict[str, list[str]] = {}
    pending: list[type] = [RegisterEvent]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        topic = cls.__dict__.get("TOPIC")
        if isinstance(topic, str) and cls.__name__ not in ("Created", "Event"):
            found.setdefault(cls.__name__, []).append(topic)
    return found


@dataclass(frozen=True)
class LogEntry:
    position: int
    event: Any


@dataclass(frozen=True)
class LogPage:
    entries: list[LogEntry]
    last_scanned: int
    """The position to continue after (the cursor of the page's end)."""
    more: bool


@dataclass(frozen=True)
class LogFilter:
    recorded_from: datetime | None = None
    recorded_to: datetime | None = None
    mission: str | None = None
    actor: str | None = None
    topics: Sequence[str] = ()


def log_page(
    register: Register, log: EventLog, which: LogFilter, *, after: int, first: int
) -> LogPage:
    """One page of the store in global order, filtered; mission and actor by decoding.

    Positions bound the scan first (recording times → positions by binary search), the type
    filter is SQL on the topic column, then each event is decoded for mission and actor. A page
    decodes at most SCAN_BUDGET events: a rare actor over a long range answers a short page
    with `more` and a cursor instead of scanning the whole store in one request.
    """
    start = after
    if which.recorded_from is not None:
        start = max(
            start, position_at(register, log, which.recorded_from - timedelta(microseconds=1))
        )
    upto = (
        log.head() if which.recorded_to is None else position_at(register, log, which.recorded_to)
    )
    entries: list[LogEntry] = []
    last, scanned = start, 0
    for row in log.events(after=start, upto=upto, topics=which.topics, batch=500):
        if len(entries) == first or scanned == SCAN_BUDGET:
            return LogPage(entries, last, more=True)
        scanned += 1
        last = row.position
        event: Any = register.store.mapper.to_domain_event(row.notification())
        if which.mission is not None and getattr(event, "mission", None) != which.mission:
            continue
        if which.actor is not None and getattr(event, "actor", None) != which.actor:
            continue
        entries.append(LogEntry(row.position, event))
    return LogPage(entries, last, more=False)
