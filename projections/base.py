"""What a view is: tables it owns, and how a batch of recorded events changes their rows.

Views write through a DB-API cursor with `%s` placeholders and unqualified table names, so the
runner can point them at the live tables or at a fresh schema (PostgreSQL) or file (SQLite)
for a rebuild. SQL here is portable: INSERT … ON CONFLICT works on both backends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence
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
