"""Mission activity: every transaction recorded at a mission, marked when the citizen it
concerns is registered at another mission — the evidence that any mission serves anyone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from domain.civil_status.citizen import Citizen
from projections.base import insert_rows

if TYPE_CHECKING:
    from collections.abc import Sequence

    from projections.base import Cursor, Recorded

BOOKKEEPING = ("sijill/index/", "sijill/command-receipt", "sijill/dossier", "sijill/read-log")
"""Topics that are not transactions of their own: indexes, de-duplication, the read log."""
_CITIZEN_FIELDS = ("citizen_id", "holder_id")


def event_type(event: Any) -> str:
    return type(event).__name__


class MissionActivity:
    name: ClassVar[str] = "mission_activity"
    tables: ClassVar[tuple[str, ...]] = (
        "mission_activity",
        "activity_subjects",
        "activity_registrations",
    )

    def apply(self, batch: Sequence[Recorded], cursor: Cursor) -> None:
        """Resolve subjects and registrations for the whole batch with one query each."""
        events = [
            r for r in batch if not str(getattr(r.event, "TOPIC", "")).startswith(BOOKKEEPING)
        ]
        subjects = self._known_subjects(cursor, events)
        new_subjects: dict[str, str] = {}
        for r in events:
            if not isinstance(r.event, Citizen.Event):
                named = next(
                    (getattr(r.event, f) for f in _CITIZEN_FIELDS if hasattr(r.event, f)), None
                )
                if named is not None and str(r.event.originator_id) not in subjects:
                    subjects[str(r.event.originator_id)] = new_subjects[
                        str(r.event.originator_id)
                    ] = str(named)
        homes = self._registrations(cursor, set(subjects.values()))
        moved: dict[str, str] = {}
        rows = []
        for r in events:
            event = r.event
            citizen_id = subjects.get(str(event.originator_id))
            home = homes.get(citizen_id) if citizen_id else None
            if isinstance(event, Citizen.Enrolled) and citizen_id:
                home = homes[citizen_id] = moved[citizen_id] = event.registered_mission
            elif isinstance(event, Citizen.RegistrationTransferred) and citizen_id:
                homes[citizen_id] = moved[citizen_id] = event.to_mission
            rows.append(
                (
                    r.position,
                    event.mission,
                    r.recorded_at.isoformat(),
                    event_type(event),
                    str(event.originator_id),
                    citizen_id,
                    home,
                    int(home is not None and home != event.mission),
                    event.actor,
                )
            )
        insert_rows(
            cursor,
            "activity_subjects",
            ("aggregate_id", "citizen_id"),
            sorted(new_subjects.items()),
        )
        insert_rows(
            cursor,
            "activity_registrations",
            ("citizen_id", "mission"),
            sorted(moved.items()),
            on_conflict="ON CONFLICT (citizen_id) DO UPDATE SET mission = excluded.mission",
        )
        insert_rows(
            cursor,
            "mission_activity",
            (
                "position",
                "mission",
                "recorded_at",
                "event_type",
                "aggregate_id",
                "citizen_id",
                "citizen_mission",
                "cross_mission",
                "actor",
            ),
            rows,
        )

    @staticmethod
    def _known_subjects(cursor: Cursor, events: Sequence[Recorded]) -> dict[str, str]:
        """Aggregate id → citizen id: citizens themselves, and the aggregates already mapped."""
        subjects = {
            str(r.event.originator_id): str(r.event.originator_id)
            for r in events
            if isinstance(r.event, Citizen.Event)
        }
        others = sorted({str(r.event.originator_id) for r in events} - set(subjects))
        if others:
            marks = ", ".join(["%s"] * len(others))
            cursor.execute(
                "SELECT aggregate_id, citizen_id FROM activity_subjects"
                " WHERE aggregate_id IN (" + marks + ")",
                others,
            )
            subjects.update({str(a): str(c) for a, c in cursor.fetchall()})
        return subjects

    @staticmethod
    def _registrations(cursor: Cursor, citizen_ids: set[str]) -> dict[str, str]:
        if not citizen_ids:
            return {}
        ids = sorted(citizen_ids)
        marks = ", ".join(["%s"] * len(ids))
        cursor.execute(
            "SELECT citizen_id, mission FROM activity_registrations"
            " WHERE citizen_id IN (" + marks + ")",
            ids,
        )
        return {str(c): str(m) for c, m in cursor.fetchall()}
