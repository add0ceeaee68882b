"""Statistics: counts per mission, month (of recording) and measure — the published tables."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, ClassVar

from domain.civil_status.citizen import Citizen
from domain.documents.document import Document
from domain.services.legalisation import Legalisation
from domain.services.request import ServiceRequest
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
    (Legalisation.DocumentLegalised, "legalisations"),
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


ISSUED_MEASURES = {"PASSPORT": "passports_issued", "NATIONAL_ID": "national_ids_issued"}


class Statistics:
    name: ClassVar[str] = "statistics"
    tables: ClassVar[tuple[str, ...]] = ("statistics", "statistics_subjects")

    def apply(self, batch: Sequence[Recorded], cursor: Cursor) -> None:
        counts: Counter[tuple[str, str, str]] = Counter()
        kinds = self._document_kinds(batch, cursor)
        for recorded in batch:
            event = recorded.event
            what = measure(event)
            if isinstance(event, Document.DocumentIssued):
                what = ISSUED_MEASURES.get(kinds.get(str(event.originator_id), ""))
            elif isinstance(event, ServiceRequest.ServiceRequested):
                what = f"requests:{event.service_code}"
            if what is not None:
                month = recorded.recorded_at.strftime("%Y-%m")
                counts[(event.mission, month, what)] += 1
        insert_rows(
            cursor,
            "statistics",
            ("mission", "month", "measure", "count"),
            [(*key, n) for key, n in sorted(counts.items())],
            on_conflict="ON CONFLICT (mission, month, measure)"
            " DO UPDATE SET count = statistics.count + excluded.count",
        )

    @staticmethod
    def _document_kinds(batch: Sequence[Recorded], cursor: Cursor) -> dict[str, str]:
        """Document id → kind for the batch's issued documents (the issue does not repeat it)."""
        applied = {
            str(r.event.originator_id): r.event.kind
            for r in batch
            if isinstance(r.event, Document.DocumentApplied)
        }
        insert_rows(
            cursor, "statistics_subjects", ("aggregate_id", "kind"), sorted(applied.items())
        )
        wanted = sorted(
            {
                str(r.event.originator_id)
                for r in batch
                if isinstance(r.event, Document.DocumentIssued)
            }
            - set(applied)
        )
        if wanted:
            marks = ", ".join(["%s"] * len(wanted))
            cursor.execute(
                "SELECT aggregate_id, kind FROM statistics_subjects"
                " WHERE aggregate_id IN (" + marks + ")",
                wanted,
            )
            applied.update({str(a): str(k) for a, k in cursor.fetchall()})
        return applied
