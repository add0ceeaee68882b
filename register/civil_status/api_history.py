"""A record's history in GraphQL: one entry per event, and the page of a filtered history."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from register.civil_status.history import event_types
from register.errors import InvalidInput
from register.web.pagination import Connection, page_of
from register.web.scalars import read_dates

if TYPE_CHECKING:
    from domain.base import RegisterEvent


@strawberry.type
class HistoryEntry:
    """One event on a citizen's record: what, who, where, when recorded, when effective."""

    position: int
    type: str
    effective_date: date
    recorded_at: datetime
    mission: str
    actor: str
    reason: str | None = strawberry.field(
        description="The legal basis of a correction or name change."
    )

    @classmethod
    def from_event(cls, e: RegisterEvent) -> HistoryEntry:
        reason = getattr(e, "legal_basis", None)
        return cls(
            position=e.originator_version,
            type=type(e).__name__,
            effective_date=e.effective_date,
            recorded_at=e.timestamp,
            mission=e.mission,
            actor=e.actor,
            reason=reason,
        )


def history_page(  # a page and its filters
    entries: list[HistoryEntry],
    first: int | None,
    after: str | None,
    from_: Any,
    to: Any,
    type_: str | None,
) -> Connection[HistoryEntry]:
    """A page of a history, optionally between two effective dates and of one event type."""
    start, end = read_dates(from_, to)
    if type_ is not None and type_ not in event_types():
        msg = f"no event type {type_!r}"
        raise InvalidInput(msg, field="type", code="INVALID_CHOICE")
    shown = [
        e
        for e in entries
        if (start is None or e.effective_date >= start)
        and (end is None or e.effective_date <= end)
        and (type_ is None or e.type == type_)
    ]
    return page_of(shown, first, after)


HISTORY_FROM = strawberry.argument(name="from", description="Effective on or after.")
HISTORY_TO = strawberry.argument(description="Effective on or before.")
HISTORY_TYPE = strawberry.argument(name="type", description="An event type, e.g. MarriageRecorded.")


async def _history_page(  # a page and its filters
    self: Any,
    info: strawberry.Info,
    first: int | None = None,
    after: str | None = None,
    from_: Annotated[date | None, HISTORY_FROM] = None,
    to: Annotated[date | None, HISTORY_TO] = None,
    type_: Annotated[str | None, HISTORY_TYPE] = None,
) -> Connection[HistoryEntry]:
    return history_page(await self._history(info), first, after, from_, to, type_)


def history_page_field() -> Any:
    """`historyPage` of a type that has `_history(info)`: its history a page at a time."""
    return strawberry.field(
        resolver=_history_page,
        description="`history`, a page at a time, by effective date and type.",
    )
