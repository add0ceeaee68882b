"""Queries on the views: search, mission roll, activity, statistics. Never replays aggregates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from register.views.citizen_search import (
    DIRECTORY_COLUMNS,
    CitizenSummary,
    Found,
    search_citizens,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from register.store.storage import Database


def _none_of(column: str, count: int) -> str:
    """`column` is none of `count` parameters (a constant column name, never input)."""
    return f"{column} NOT IN ({', '.join(['%s'] * count)})"


DateRange = tuple[date | None, date | None]
"""The first and last day a filter keeps, either open."""


@dataclass(frozen=True)
class Activity:
    position: int
    mission: str
    recorded_at: str
    event_type: str
    aggregate_id: str
    citizen_id: str | None
    citizen_mission: str | None
    cross_mission: bool
    actor: str


class ReadModels:
    def __init__(self, db: Database) -> None:
        self.db = db

    def search_citizens(self, text: str, *, birth_year: int | None = None) -> list[Found]:
        """Citizens whose names match `text` in either script, or whose national ID it is,
        closest first (an exact match scores 1)."""
        return search_citizens(self.db, text, birth_year=birth_year)

    def roll(
        self, mission: str, *, limit: int, offset: int, registered: DateRange = (None, None)
    ) -> tuple[list[CitizenSummary], int]:
        """A page of the mission's roll (by family name), optionally of those registered there
        within a range of days, and the size of that roll."""
        within, params = _on_days("r.registered_on", registered)
        where = " WHERE r.mission = %s" + within
        total = self.db.fetch_one("SELECT count(*) FROM mission_roll r" + where, [mission, *params])
        rows = self.db.fetch_all(
            f"SELECT {', '.join('d.' + c.strip() for c in DIRECTORY_COLUMNS.split(','))}"
            " FROM mission_roll r JOIN citizen_directory d ON d.citizen_id = r.citizen_id"
            + where
            + " ORDER BY d.family_name, d.given_name, d.citizen_id LIMIT %s OFFSET %s",
            [mission, *params, limit, offset],
        )
        return [CitizenSummary.from_row(r) for r in rows], int(total[0]) if total else 0

    def activity(
        self,
        mission: str,
        *,
        limit: int,
        before: int | None,
        cross_mission_only: bool,
        recorded: DateRange = (None, None),
        hidden_types: Sequence[str] = (),
    ) -> list[Activity]:
        """The mission's transactions, newest first, from before position `before`, optionally
        those recorded within a range of (UTC) days, leaving out events of `hidden_types`."""
        query = (
            "SELECT position, mission, recorded_at, event_type, aggregate_id, citizen_id,"
            " citizen_mission, cross_mission, actor FROM mission_activity WHERE mission = %s"
        )
        params: list[Any] = [mission]
        if before is not None:
            query += " AND position < %s"
            params.append(before)
        if cross_mission_only:
            query += " AND cross_mission = 1"
        if hidden_types:
            query += " AND " + _none_of("event_type", len(hidden_types))
            params += hidden_types
        within, days = _on_days("recorded_at", recorded)
        query += within
        params += days
        query += " ORDER BY position DESC LIMIT %s"
        params.append(limit)
        return [
            Activity(int(r[0]), r[1], r[2], r[3], r[4], r[5], r[6], bool(r[7]), r[8])
            for r in self.db.fetch_all(query, params)
        ]

    def statistics(self, mission: str, month: str | None) -> list[tuple[str, str, int]]:
        """(month, measure, count) rows for the mission, optionally one month."""
        query = "SELECT month, measure, count FROM statistics WHERE mission = %s"
        params: list[Any] = [mission]
        if month is not None:
            query += " AND month = %s"
            params.append(month)
        rows = self.db.fetch_all(query + " ORDER BY month, measure", params)
        return [(str(r[0]), str(r[1]), int(r[2])) for r in rows]

    def work_queue(
        self, mission: str, *, queue: str | None, status: str | None, limit: int, offset: int
    ) -> tuple[list[WorkItem], int]:
        """Open work at the mission, oldest first, optionally one queue or status; and the total."""
        where = " WHERE mission = %s"
        params: list[Any] = [mission]
        for column, value in (("queue", queue), ("status", status)):
            if value is not None:
                where += f" AND {column} = %s"  # fixed column names
                params.append(value)
        total = self.db.fetch_one("SELECT count(*) FROM work_queue" + where, params)
        rows = self.db.fetch_all(
            "SELECT item_id, queue, item_kind, status, citizen_id, opened_at, position"
            " FROM work_queue" + where + " ORDER BY position LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return [WorkItem(*r) for r in rows], int(total[0]) if total else 0

    def access_log(  # the log's filters and paging
        self,
        *,
        record_id: str | None,
        account: str | None,
        since: str | None,
        until: str | None,
        limit: int,
        offset: int,
        hidden_kinds: Sequence[str] = (),
    ) -> list[Read]:
        """Recorded reads, oldest first, optionally of one record, by one account, in a window,
        leaving out reads of `hidden_kinds` of record."""
        clauses: list[str] = []
        params: list[Any] = []
        if hidden_kinds:
            clauses.append(_none_of("record_kind", len(hidden_kinds)))
            params += hidden_kinds
        for condition, value in (
            ("record_id = %s", record_id),
            ("account = %s", account),
            ("read_at >= %s", since),
            ("read_at <= %s", until),
        ):
            if value is not None:
                clauses.append(condition)
                params.append(value)
        where = " WHERE " + " AND ".join(clauses) if clauses else ""
        rows = self.db.fetch_all(
            "SELECT position, read_at, account, mission, record_kind, record_id FROM access_log"
            + where
            + " ORDER BY read_at, position, seq LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return [Read(int(r[0]), r[1], r[2], r[3], r[4], r[5]) for r in rows]


def _on_days(column: str, days: DateRange) -> tuple[str, list[Any]]:
    """Conditions keeping rows whose ISO date or UTC instant in `column` falls on the days.

    ISO text sorts as time does, so the same comparison serves dates and instants, on SQLite
    and PostgreSQL alike: from the first day's start to before the day after the last.
    """
    first, last = days
    conditions, params = "", []
    if first is not None:
        conditions += f" AND {column} >= %s"  # fixed column names
        params.append(first.isoformat())
    if last is not None and last < date.max:
        conditions += f" AND {column} < %s"
        params.append((last + timedelta(days=1)).isoformat())
    return conditions, params


@dataclass(frozen=True)
class WorkItem:
    item_id: str
    queue: str
    item_kind: str
    status: str
    citizen_id: str | None
    opened_at: str
    position: int


@dataclass(frozen=True)
class Read:
    position: int
    read_at: str
    account: str
    mission: str
    record_kind: str
    record_id: str


@dataclass(frozen=True)
class DocumentSummary:
    document_id: str
    number: str | None
    kind: str
    status: str
    expires_on: str | None


def documents_of(db: Database, citizen_ids: list[str]) -> dict[str, list[DocumentSummary]]:
    """The documents index rows of many citizens, in one query."""
    found: dict[str, list[DocumentSummary]] = {c: [] for c in citizen_ids}
    if not citizen_ids:
        return found
    marks = ", ".join(["%s"] * len(citizen_ids))
    rows = db.fetch_all(
        "SELECT citizen_id, document_id, number, kind, status, expires_on FROM documents_index"
        " WHERE citizen_id IN (" + marks + ") ORDER BY position",
        citizen_ids,
    )
    for citizen_id, *fields in rows:
        found[citizen_id].append(DocumentSummary(*fields))
    return found
