"""The citizen directory: one row per citizen, and the name keys that search looks up."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from domain.civil_status.citizen import Citizen
from projections import names
from projections.base import insert_rows

if TYPE_CHECKING:
    from collections.abc import Sequence

    from projections.base import Cursor, Recorded

_NAME_FIELDS = ("given_name", "family_name", "given_name_ar", "family_name_ar")
_CORRECTABLE_COLUMNS = (*_NAME_FIELDS, "national_id", "sex", "birth_date")
_DIRECTORY_COLUMNS = (
    "citizen_id",
    "national_id",
    "given_name",
    "family_name",
    "given_name_ar",
    "family_name_ar",
    "sex",
    "birth_date",
    "birth_year",
    "registered_mission",
    "status",
    "search_latin",
    "position",
)
_CHANGES = (
    Citizen.NameChanged,
    Citizen.RegistrationTransferred,
    Citizen.DeathRecorded,
    Citizen.EntryCorrected,
)


class CitizenDirectory:
    name: ClassVar[str] = "citizen_directory"
    tables: ClassVar[tuple[str, ...]] = ("citizen_directory", "citizen_name_keys")
    sqlite_tables: ClassVar[tuple[str, ...]] = ("citizen_search",)
    """SQLite's stand-in for PostgreSQL's trigram index, which the directory's triggers fill
    (migrations/sqlite/0011): a rebuild creates and compares it, and a swap refills it."""

    def apply(self, batch: Sequence[Recorded], cursor: Cursor) -> None:
        enrolled: list[tuple[Citizen.Enrolled, int]] = []
        for recorded in batch:
            event = recorded.event
            if isinstance(event, Citizen.Enrolled):
                enrolled.append((event, recorded.position))  # inserted together, in order
                continue
            if not isinstance(event, _CHANGES):
                continue
            self._insert(cursor, enrolled)
            enrolled = []
            citizen_id = str(event.originator_id)
            if isinstance(event, Citizen.NameChanged):
                self._set(
                    cursor,
                    citizen_id,
                    recorded.position,
                    {f: getattr(event, f) for f in _NAME_FIELDS},
                )
            elif isinstance(event, Citizen.RegistrationTransferred):
                self._set(
                    cursor, citizen_id, recorded.position, {"registered_mission": event.to_mission}
                )
            elif isinstance(event, Citizen.DeathRecorded):
                self._set(cursor, citizen_id, recorded.position, {"status": "deceased"})
            elif isinstance(event, Citizen.EntryCorrected) and event.field in _CORRECTABLE_COLUMNS:
                self._set(cursor, citizen_id, recorded.position, {event.field: event.new_value})
        self._insert(cursor, enrolled)

    def _insert(self, cursor: Cursor, enrolled: list[tuple[Citizen.Enrolled, int]]) -> None:
        if not enrolled:
            return
        insert_rows(
            cursor,
            "citizen_directory",
            _DIRECTORY_COLUMNS,
            [
                (
                    str(e.originator_id),
                    e.national_id,
                    e.given_name,
                    e.family_name,
                    e.given_name_ar,
                    e.family_name_ar,
                    e.sex,
                    e.birth_date.isoformat(),
                    e.birth_date.year,
                    e.registered_mission,
                    "alive",
                    names.normalise_latin(f"{e.given_name} {e.family_name}"),
                    at,
                )
                for e, at in enrolled
            ],
        )
        insert_rows(
            cursor,
            "citizen_name_keys",
            ("name_key", "citizen_id"),
            [
                (k, str(e.originator_id))
                for e, _ in enrolled
                for k in sorted(
                    names.keys(e.given_name, e.family_name, e.given_name_ar, e.family_name_ar)
                )
            ],
        )

    def _set(self, cursor: Cursor, citizen_id: str, at: int, values: dict[str, object]) -> None:
        if values.get("birth_date"):
            values["birth_year"] = int(str(values["birth_date"])[:4])
        assignments = ", ".join(f"{column} = %s" for column in values)  # fixed column names
        cursor.execute(
            f"UPDATE citizen_directory SET {assignments}, position = %s WHERE citizen_id = %s",
            (*values.values(), at, citizen_id),
        )
        if set(values) & set(_NAME_FIELDS):
            cursor.execute(
                "SELECT given_name, family_name, given_name_ar, family_name_ar"
                " FROM citizen_directory WHERE citizen_id = %s",
                (citizen_id,),
            )
            row = cursor.fetchone()
            cursor.execute(
                "UPDATE citizen_directory SET search_latin = %s WHERE citizen_id = %s",
                (names.normalise_latin(f"{row[0]} {row[1]}"), citizen_id),
            )
            cursor.execute("DELETE FROM citizen_name_keys WHERE citizen_id = %s", (citizen_id,))
            self._index_names(cursor, citizen_id, *row)

    @staticmethod
    def _index_names(cursor: Cursor, citizen_id: str, *full_names: str | None) -> None:
        cursor.executemany(
            "INSERT INTO citizen_name_keys (name_key, citizen_id) VALUES (%s, %s)",
            [(k, citizen_id) for k in sorted(names.keys(*full_names))],
        )
