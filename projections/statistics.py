"""Statistics: counts per mission, month (of recording) and measure — the published tables."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, ClassVar

from domain.citizen import Citizen
from projections.base import insert_rows

if TYPE_CHECKING:
    from collections.abc import Sequence

    from projections.base import Cursor, Recorded


MEASURES: tuple[tuple[type[Any], str], ...] = (
    (Citizen.BirthRegistered, "births_registered"),  # before Enrolled: it is a subclass
    (Citizen.Enrolled, "enrolments"),
    (Citizen.MarriageRecorded, "marriages"),
    (Citizen.DeathRecorded, "deaths"),
    (Citizen.RegistrationTransferred, "registration_transfers"),
    (Citizen.EntryCorrected, "corrections"),
)


def measure(event: Any) -> str | None:
    """What an event counts as, if anything. A marriage of two citizens is counted once."""
    if (
        isinstance(event, Citizen.MarriageRecorded)
        and event.spouse_id is not None
        and str(event.originator_id) > str(event.spouse_id)
    ):
        return None
    return next((name for kind, name in MEASURES if isinstance(event, kind)), None)


class Statistics:
    name: ClassVar[str] = "statistics"
    tables: ClassVar[tuple[str, ...]] = ("statistics",)

    def apply(self, batch: Sequence[Recorded], cursor: Cursor) -> None:
        counts: Counter[tuple[str, str, str]] = Counter()
        for recorded in batch:
            what = measure(recorded.event)
            if what is not None:
                month = recorded.recorded_at.strftime("%Y-%m")
                counts[(recorded.event.mission, month, what)] += 1
        insert_rows(
            cursor,
            "statistics",
            ("mission", "month", "measure", "count"),
            [(*key, n) for key, n in sorted(counts.items())],
            on_conflict="ON CONFLICT (mission, month, measure)"
            " DO UPDATE SET count = statistics.count + excluded.count",
        )
