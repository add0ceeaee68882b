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
