"""Mission activity: every transaction recorded at a mission, marked when the citizen it
concerns is registered at another mission — the evidence that any mission serves anyone."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from domain.citizen import Citizen

if TYPE_CHECKING:
    from collections.abc import Sequence

    from projections.base import Cursor, Recorded

BOOKKEEPING = ("sijill/index/", "sijill/command-receipt", "sijill/dossier")
"""Topics of aggregates that only index or de-duplicate: not transactions of their own."""
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
        rows = []
        for recorded in batch:
            event = recorded.event
            if str(getattr(event, "TOPIC", "")).startswith(BOOKKEEPING):
                continue
            citizen_id = self._subject(cursor, event)
            home = self._registration(cursor, citizen_id) if citizen_id else None
            if isinstance(event, Citizen.Enrolled):
                home = event.registered_mission
                self._register(cursor, citizen_id, home)
            elif isinstance(event, Citizen.RegistrationTransferred):
                self._register(cursor, citizen_id, event.to_mission)
            rows.append(
                (
                    recorded.position,
                    event.mission,
                    recorded.recorded_at.isoformat(),
                    event_type(event),
                    str(event.originator_id),
                    citizen_id,
                    home,
                    int(home is not None and home != event.mission),
                    event.actor,
                )
            )
        cursor.executemany(
            "INSERT INTO mission_activity (position, mission, recorded_at, event_type,"
            " aggregate_id, citizen_id, citizen_mission, cross_mission, actor)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            rows,
        )

    @staticmethod
    def _subject(cursor: Cursor, event: Any) -> str | None:
        """The citizen an event concerns: the record itself, or the one its aggregate names."""
        if isinstance(event, Citizen.Event):
            return str(event.originator_id)
        aggregate_id = str(event.originator_id)
        named = next((getattr(event, f) for f in _CITIZEN_FIELDS if hasattr(event, f)), None)
        if named is not None:
            cursor.execute(
                "INSERT INTO activity_subjects (aggregate_id, citizen_id) VALUES (%s, %s)"
                " ON CONFLICT (aggregate_id) DO NOTHING",
                (aggregate_id, str(named)),
            )
            return str(named)
        cursor.execute(
            "SELECT citizen_id FROM activity_subjects WHERE aggregate_id = %s", (aggregate_id,)
        )
        row = cursor.fetchone()
        return None if row is None else str(row[0])

    @staticmethod
    def _registration(cursor: Cursor, citizen_id: str) -> str | None:
        cursor.execute(
            "SELECT mission FROM activity_registrations WHERE citizen_id = %s", (citizen_id,)
        )
        row = cursor.fetchone()
        return None if row is None else str(row[0])

    @staticmethod
    def _register(cursor: Cursor, citizen_id: str | None, mission: str) -> None:
        cursor.execute(
            "INSERT INTO activity_registrations (citizen_id, mission) VALUES (%s, %s)"
            " ON CONFLICT (citizen_id) DO UPDATE SET mission = excluded.mission",
            (citizen_id, mission),
        )
