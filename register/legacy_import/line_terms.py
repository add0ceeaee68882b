"""What the steps of a legacy line share: the import's actor, ids from legacy keys, a refusal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.base import Recording, name_id

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date
    from uuid import UUID

ACTOR = "import"
"""The account every imported event is recorded by."""
Step = tuple["date", int, "Callable[[], None]"]
"""One dated step of a line: its day, its rank on that day, and what it records."""


def citizen_id_for(legacy_id: str) -> UUID:
    """The register id of the citizen with this legacy key (fixed: it makes imports resumable)."""
    return name_id("legacy-citizen", legacy_id)


class LineRejected(Exception):
    """A line that cannot go in: the field (a dotted path in the line) and why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def by_import(mission: str, on: date) -> Recording:
    """How an imported event is recorded: by the import, at `mission`, effective `on`."""
    return Recording(actor=ACTOR, mission=mission, effective_date=on)
