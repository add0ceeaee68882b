"""Scalars that let bad values reach the input models, so they come back as typed errors."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import strawberry

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
SCALARS: Mapping[object, ScalarDefinition] = {date: DATE}
