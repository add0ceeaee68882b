"""Scalars that let bad values reach the input models, so they come back as typed errors."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import strawberry

from register.clock import as_utc
from register.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Mapping

    from strawberry.types.scalar import ScalarDefinition


def _serialize(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _parse(value: Any) -> Any:
    # Parsing happens in the command models: a bad date becomes INVALID_DATE on its field.
    return value


DATE = strawberry.scalar(
    name="Date",
    description="A calendar date, YYYY-MM-DD (ISO 8601).",
    serialize=_serialize,
    parse_value=_parse,
)


def _parse_instant(value: Any) -> datetime:
    # A refusal here reaches the client as INVALID_DATETIME on the argument that held it.
    try:
        moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError:
        msg = "a date and time, ISO 8601 (YYYY-MM-DDTHH:MM:SS, with an offset or read as UTC)"
        raise InvalidInput(msg, code="INVALID_DATETIME") from None
    return as_utc(moment)


DATETIME = strawberry.scalar(
    name="DateTime",
    description="An instant, ISO 8601; one given without an offset is read as UTC.",
    serialize=_serialize,
    parse_value=_parse_instant,
)
SCALARS: Mapping[object, ScalarDefinition] = {date: DATE, datetime: DATETIME}


def read_date(value: Any, field: str) -> date:
    """A `Date` argument (the scalar passes input through) or a typed INVALID_DATE refusal."""
    try:
        return value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        msg = f"{field} is a date, YYYY-MM-DD"
        raise InvalidInput(msg, field=field, code="INVALID_DATE") from None


def read_dates(from_: Any, to: Any) -> tuple[date | None, date | None]:
    """The `from` and `to` of a filter, either open; `to` before `from` is OUT_OF_RANGE."""
    start = None if from_ is None else read_date(from_, "from")
    end = None if to is None else read_date(to, "to")
    if start is not None and end is not None and end < start:
        msg = "to is before from"
        raise InvalidInput(msg, field="to", code="OUT_OF_RANGE")
    return start, end


def register_id(value: Any, field: str = "id") -> UUID:
    """An `ID` argument naming a record, or a typed INVALID_ID refusal."""
    try:
        return UUID(str(value))
    except ValueError:
        msg = f"{field} is not a register id"
        raise InvalidInput(msg, field=field, code="INVALID_ID") from None
