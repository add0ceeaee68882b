"""The mission roll: the living citizens registered at each mission."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from domain.civil_status.citizen import Citizen
from projections.base import insert_rows

if TYPE_CHECKING:
    from collections.abc import Sequence

    from projections.base import Cursor, Recorded


class MissionRoll:
    name: ClassVar[str] = "mission_roll"
    tables: ClassVar[tuple[str, ...]] = ("mission_roll",)

    def apply(self, batch: Sequence[Recorded], cursor: Cursor) -> None:
        enrolled: list[tuple[str, str, str, int]] = []
        for recorded in batch:
            event, at = recorded.event, recorded.position
            citizen_id = str(event.originator_id)
            if isinstance(event, Citizen.Enrolled):
                enrolled.append(
                    (
                        citizen_id,
                        event.registered_mission,
                        recorded.recorded_at.date().isoformat(),
                        at,
                    )
                )
                continue
            if not isinstance(event, (Citizen.RegistrationTransferred, Citizen.DeathRecorded)):
                continue
            self._insert(cursor, enrolled)
            enrolled = []
            if isinstance(event, Citizen.RegistrationTransferred):
                cursor.execute(
                    "UPDATE mission_roll SET mission = %s, registered_on = %s, position = %s"
                    " WHERE citizen_id = %s",
                    (event.to_mission, event.effective_date.isoformat(), at, citizen_id),
                )
            else:
                cursor.execute("DELETE FROM mission_roll WHERE citizen_id = %s", (citizen_id,))
        self._insert(cursor, enrolled)

    @staticmethod
    def _insert(cursor: Cursor, enrolled: list[tuple[str, str, str, int]]) -> None:
        insert_rows(
            cursor, "mission_roll", ("citizen_id", "mission", "registered_on", "position"), enrolled
        )
