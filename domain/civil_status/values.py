"""Value objects of civil status: sex, names, and a marriage as a citizen's record holds it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from uuid import UUID


class Sex(Enum):
    FEMALE = "F"
    MALE = "M"


class LifeStatus(Enum):
    ALIVE = "alive"
    DECEASED = "deceased"


class MaritalStatus(Enum):
    SINGLE = "single"
    MARRIED = "married"
    DIVORCED = "divorced"
    WIDOWED = "widowed"


@dataclass(frozen=True)
class Names:
    """A citizen's names in Latin and Arabic script."""

    given_name: str
    family_name: str
    given_name_ar: str
    family_name_ar: str


@dataclass(frozen=True)
class Marriage:
    """One marriage on a citizen's record; the spouse may be outside the register."""

    marriage_id: UUID
    spouse_id: UUID | None
    """The spouse's record, when the spouse is in the register."""
    spouse_name: str
    spouse_nationality: str
    married_on: date
    place: str
    ended_on: date | None = None
    end_reason: str | None = None
    """`divorce`, `death` (the citizen's own) or `death-of-spouse`."""

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    def ended(self, on: date, reason: str) -> Marriage:
        return replace(self, ended_on=on, end_reason=reason)
