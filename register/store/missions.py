"""The missions: reference data loaded by a migration, read once and kept in memory."""

from __future__ import annotations

from dataclasses import dataclass
from threading import Lock
from typing import TYPE_CHECKING

from register.errors import UnknownMission

if TYPE_CHECKING:
    from register.store.storage import Database


DIASPORA = {
    "PAR": 9, "CLB": 6, "VLM": 4, "ORY": 4, "POX": 3, "MRS": 4, "LYS": 4, "LIL": 2, "TLS": 2,
    "BOD": 2, "MPL": 2, "SXB": 2, "MAD": 6, "BCN": 6, "MJV": 3, "VLC": 3, "AEI": 2, "LEI": 2,
    "BRU": 7, "ANR": 3, "AMS": 4, "HAG": 2, "MIL": 5, "ROM": 3, "TRN": 3, "BLQ": 2, "BER": 2,
    "DUS": 3, "FRA": 2, "MTL": 4, "YOW": 1, "NYC": 2, "WAS": 1, "LON": 2, "DXB": 2, "AUH": 1,
    "RUH": 1.5, "JED": 1.5, "DOH": 1, "IST": 1,
}  # fmt: skip
"""Relative size of the big rolls (France, Spain, Belgium, Italy, the Netherlands first, as in
the ministry's figures), for synthetic data: every other mission weighs `TAIL`, the long tail of
small posts."""
TAIL = 0.5


def roll_weight(code: str) -> float:
    """How large a mission's roll is, relative to the others, in synthetic registers."""
    return DIASPORA.get(code, TAIL)


@dataclass(frozen=True)
class Mission:
    code: str
    kind: str
    """`embassy` or `consulate`."""
    city: str
    country: str
    """ISO 3166-1 alpha-3."""
    timezone: str
    """IANA time zone."""
    languages: tuple[str, ...]


class MissionDirectory:
    """Every mission by code; the table is small and changes only by migration."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._missions: dict[str, Mission] | None = None
        self._lock = Lock()

    def _load(self) -> dict[str, Mission]:
        with self._lock:
            if self._missions is None:
                rows = self._db.fetch_all(
                    "SELECT code, kind, city, country, timezone, languages FROM missions"
                )
                self._missions = {
                    r[0]: Mission(r[0], r[1], r[2], r[3], r[4], tuple(r[5].split(",")))
                    for r in rows
                }
            return self._missions

    def all(self) -> list[Mission]:
        return sorted(self._load().values(), key=lambda m: m.code)

    def find(self, code: str) -> Mission | None:
        return self._load().get(code)

    def get(self, code: str, *, field: str = "mission") -> Mission:
        mission = self.find(code)
        if mission is None:
            msg = f"no mission with code {code!r}"
            raise UnknownMission(msg, field=field)
        return mission
