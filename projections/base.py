"""What a view is: tables it owns, and how a batch of recorded events changes their rows.

Views write through a DB-API cursor with `%s` placeholders and unqualified table names, so the
runner can point them at the live tables or at a fresh schema (PostgreSQL) or file (SQLite)
for a rebuild. SQL here is portable: INSERT … ON CONFLICT works on both backends.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from datetime import datetime


class Cursor(Protocol):
    def execute(self, query: str, params: Sequence[Any] = ...) -> Any: ...

    def executemany(self, query: str, params_seq: Sequence[Sequence[Any]]) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def fetchone(self) -> Any: ...


@dataclass(frozen=True)
class Recorded:
    """One event as the store recorded it: its global position and the domain event."""

    position: int
    event: Any
    """A domain event (a `domain.base.RegisterEvent` for everything Sijill records)."""

    @property
    def recorded_at(self) -> datetime:
        stamp: datetime = self.event.timestamp
        return stamp


class View(Protocol):
    name: ClassVar[str]
    tables: ClassVar[tuple[str, ...]]
    """The tables the view owns, in the order a rebuild copies and compares them."""

    def apply(self, batch: Sequence[Recorded], cursor: Cursor) -> None:
        """Change the view's rows for `batch`; the runner commits them with the position."""


def status_changes(
    batch: Sequence[Recorded], statuses: dict[type[Any], str]
) -> Iterator[tuple[Any, str, str, int]]:
    """The events of `batch` that set a status: each with that status, its aggregate's id and
    its position, in order (the index views of documents and service requests)."""
    for recorded in batch:
        status = statuses.get(type(recorded.event))
        if status is not None:
            event = recorded.event
            yield event, status, str(event.originator_id), recorded.position


ROWS_PER_STATEMENT = 500


def insert_rows(
    cursor: Cursor,
    table: str,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    on_conflict: str = "",
) -> None:
    """Insert many rows in a few round trips: COPY on PostgreSQL when nothing can conflict,
    multi-row INSERT statements otherwise (and on SQLite). Names are the views' own constants.
    """
    if not rows:
        return
    names = ", ".join(columns)
    copy = getattr(cursor, "copy", None)
    if copy is not None and not on_conflict:
        with copy(f"COPY {table} ({names}) FROM STDIN") as pipe:
            for row in rows:
                pipe.write_row(row)
        return
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start : start + ROWS_PER_STATEMENT]
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        cursor.execute(
            f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(chunk))} {on_conflict}",
            [value for row in chunk for value in row],
        )


NUL = "\x00"
NUL_STORED_AS = "\ufffd"
"""PostgreSQL text cannot hold NUL: a stored event carrying one (entered before values were
checked) is projected with U+FFFD in its place, on both backends alike, so a rebuild on either
equals the live views and the event never stops a view."""


def storable(value: Any) -> Any:
    """`value` as a view stores it: text with NUL replaced (see NUL_STORED_AS)."""
    if isinstance(value, str) and NUL in value:
        return value.replace(NUL, NUL_STORED_AS)
    return value


def _storable_row(params: Any) -> Any:
    if isinstance(params, dict):
        return {k: storable(v) for k, v in params.items()}
    return [storable(v) for v in params]


class StorableCursor:
    """The cursor views write through: every parameter passes `storable` on its way in."""

    def __init__(self, cursor: Any) -> None:
        self._cursor = cursor
        if hasattr(cursor, "copy"):  # COPY only where the backend has it (PostgreSQL)
            self.copy = self._copy

    def execute(self, query: str, params: Sequence[Any] = ()) -> Any:
        return self._cursor.execute(query, _storable_row(params))

    def executemany(self, query: str, params_seq: Sequence[Sequence[Any]]) -> Any:
        return self._cursor.executemany(query, [_storable_row(p) for p in params_seq])

    def fetchall(self) -> list[Any]:
        rows: list[Any] = self._cursor.fetchall()
        return rows

    def fetchone(self) -> Any:
        return self._cursor.fetchone()

    @contextmanager
    def _copy(self, statement: str) -> Iterator[_StorablePipe]:
        with self._cursor.copy(statement) as pipe:
            yield _StorablePipe(pipe)


class _StorablePipe:
    def __init__(self, pipe: Any) -> None:
        self._pipe = pipe

    def write_row(self, row: Sequence[Any]) -> None:
        self._pipe.write_row(_storable_row(row))
