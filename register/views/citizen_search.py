"""Finding citizens in the directory view by name, in either script, or by a number they hold."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from projections import names
from register.views.similar_spellings import similar_spellings

if TYPE_CHECKING:
    from register.store.storage import Database

MAX_CANDIDATES = 500
DIRECTORY_COLUMNS = (
    "citizen_id, national_id, given_name, family_name, given_name_ar, family_name_ar, sex,"
    " birth_date, registered_mission, status"
)


@dataclass(frozen=True)
class CitizenSummary:
    citizen_id: str
    national_id: str | None
    given_name: str
    family_name: str
    given_name_ar: str
    family_name_ar: str
    sex: str
    birth_date: date
    registered_mission: str
    status: str

    @classmethod
    def from_row(cls, row: tuple[Any, ...]) -> CitizenSummary:
        return cls(
            citizen_id=row[0],
            national_id=row[1],
            given_name=row[2],
            family_name=row[3],
            given_name_ar=row[4],
            family_name_ar=row[5],
            sex=row[6],
            birth_date=date.fromisoformat(row[7]),
            registered_mission=row[8],
            status=row[9],
        )

    def full_name(self, *, arabic: bool) -> str:
        if arabic:
            return f"{self.given_name_ar} {self.family_name_ar}"
        return f"{self.given_name} {self.family_name}"


@dataclass(frozen=True)
class Found:
    citizen: CitizenSummary
    score: float


def _summaries(db: Database, ids: list[str], birth_year: int | None) -> list[CitizenSummary]:
    if not ids:
        return []
    marks = ", ".join(["%s"] * len(ids))
    query = f"SELECT {DIRECTORY_COLUMNS} FROM citizen_directory WHERE citizen_id IN ({marks})"
    params: list[Any] = list(ids)
    if birth_year is not None:
        query += " AND birth_year = %s"
        params.append(birth_year)
    return [CitizenSummary.from_row(r) for r in db.fetch_all(query, params)]


def search_citizens(db: Database, text: str, *, birth_year: int | None = None) -> list[Found]:
    """Citizens whose names match `text` in either script, or whose national ID it is,
    closest first (an exact match scores 1)."""
    query_keys = sorted(names.keys(text))
    candidates: list[str] = []
    if query_keys:
        marks = ", ".join(["%s"] * len(query_keys))
        candidates = [
            r[0]
            for r in db.fetch_all(
                "SELECT citizen_id FROM citizen_name_keys WHERE name_key IN (" + marks + ")"
                " GROUP BY citizen_id ORDER BY count(*) DESC, citizen_id LIMIT %s",
                [*query_keys, MAX_CANDIDATES],
            )
        ]
    if not names.is_arabic(text):
        candidates += similar_spellings(db, names.normalise_latin(text))
    compact = text.replace(" ", "").upper()
    by_number = [
        r[0]
        for r in db.fetch_all(
            "SELECT citizen_id FROM citizen_directory WHERE national_id = %s"
            " UNION SELECT citizen_id FROM documents_index WHERE number = %s"
            " UNION SELECT citizen_id FROM service_requests_index WHERE tracking_number = %s",
            [compact, compact, compact],
        )
    ]
    candidates += by_number
    arabic = names.is_arabic(text)
    found = [
        Found(
            c,
            1.0 if c.citizen_id in by_number else names.closeness(text, c.full_name(arabic=arabic)),
        )
        for c in _summaries(db, list(dict.fromkeys(candidates)), birth_year)
    ]
    return sorted(found, key=lambda f: (-f.score, f.citizen.family_name, f.citizen.citizen_id))
