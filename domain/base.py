"""What every recorded fact carries: who recorded it, where, and when it happened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

# Index and receipt ids are uuid5 names under this namespace; changing it orphans every index.
SIJILL_NAMESPACE = uuid5(NAMESPACE_URL, "urn:sijill:register")


def name_id(kind: str, key: str) -> UUID:
    """The fixed id of an index aggregate for `key` (e.g. a national ID number)."""
    return uuid5(SIJILL_NAMESPACE, f"{kind}:{key}")


@dataclass(frozen=True)
class Recording:
    """Who records a fact, at which mission, and the date the fact took effect."""

    actor: str
    """The account that records the event (from its token, never from the request)."""
    mission: str
    """The mission where the event is recorded."""
    effective_date: date
    """When the fact happened: a 1990 birth recorded in 2026 has effective date 1990."""

    def fields(self) -> dict[str, object]:
        return {"actor": self.actor, "mission": self.mission, "effective_date": self.effective_date}


class RegisterEvent(Aggregate.Event):
    """Base of every register event; the store adds the recording timestamp."""

    actor: str
    mission: str
    effective_date: date
