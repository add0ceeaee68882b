"""Reference tables the synthetic legacy export draws from: missions, services, places, papers.

Mission codes, cities and countries are read from the migration that loads them, and service
codes and channels from the consular guide, so generated lines only name what the register knows.
"""

from __future__ import annotations

import re
from bisect import bisect
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

from register.services.guide_data import SERVICES
from register.store.missions import roll_weight

if TYPE_CHECKING:
    from random import Random

T = TypeVar("T")

MISSIONS_SQL = Path(__file__).parents[1] / "migrations" / "common" / "0002.missions.sql"
MISSION_ROW = re.compile(r"\('([A-Z]{3})', '\w+', '([^']+)', '([A-Z]{3})'")


SERVICE_WEIGHTS = {
    "CIVIL_STATUS_COPY": 25, "CIVIL_STATUS_EXTRACT": 15, "CONSULAR_CARD": 15,
    "PASSPORT_RENEWAL": 15, "LEGALISATION": 10, "RESIDENCE_ATTESTATION": 8, "LIFE_CERTIFICATE": 8,
}  # fmt: skip
"""Requests per service: civil-status papers lead at every counter; unlisted services weigh 4."""

STREETS = {
    "FRA": ("rue de la République", "avenue Jean Jaurès", "boulevard Voltaire", "rue Pasteur"),
    "ESP": ("calle Mayor", "avenida de la Constitución", "calle del Sol"),
    "ITA": ("via Roma", "corso Garibaldi", "via Dante"),
    "BEL": ("rue Haute", "Grote Markt", "avenue Louise"),
    "NLD": ("Kerkstraat", "Dorpsstraat", "Stationsweg"),
    "DEU": ("Hauptstraße", "Bahnhofstraße", "Schulstraße"),
}
OTHER_STREETS = ("Main Street", "Station Road", "Park Avenue", "King Street")

FOREIGN_SPOUSES = {
    "FRA": (("Julien", "Nicolas", "Thomas"), ("Marie", "Camille", "Julie"), ("Martin", "Bernard")),
    "ESP": (("Javier", "Pablo", "Jorge"), ("Lucía", "María", "Carmen"), ("García", "López")),
    "ITA": (("Marco", "Luca", "Andrea"), ("Giulia", "Chiara", "Sara"), ("Rossi", "Russo")),
    "BEL": (("Pieter", "Lucas", "Arnaud"), ("Emma", "Louise", "Elise"), ("Peeters", "Janssens")),
    "DEU": (("Lukas", "Jonas", "Felix"), ("Anna", "Lena", "Sophie"), ("Müller", "Schmidt")),
    "GBR": (("James", "Oliver", "Harry"), ("Emily", "Olivia", "Amelia"), ("Smith", "Jones")),
}
"""Spouses outside the register who are not Moroccan: given names (men, women), family names."""

PAPERS = (
    ("birth certificate", "Civil registry of {city}", "civil registrar"),
    ("marriage certificate", "Civil registry of {city}", "civil registrar"),
    ("university diploma", "University of {city}", "registrar"),
    ("power of attorney", "Notary office, {city}", "notary"),
    ("medical certificate", "Hospital of {city}", "physician"),
    ("criminal record extract", "Ministry of Justice ({country})", None),
    ("commercial invoice", "Chamber of Commerce of {city}", None),
)
"""Papers brought for legalisation: kind, issuing authority, signer's capacity (None: a seal)."""


class Weighted(Generic[T]):
    """A fixed weighted choice, drawn with one uniform number and a bisection."""

    def __init__(self, weights: dict[T, float]) -> None:
        self.items = list(weights)
        self.bounds = list(accumulate(weights.values()))

    def draw(self, rng: Random) -> T:
        return self.items[bisect(self.bounds, rng.random() * self.bounds[-1])]


def missions() -> dict[str, tuple[str, str]]:
    """Every mission the migrations load: code → (city, country)."""
    rows = MISSION_ROW.findall(MISSIONS_SQL.read_text(encoding="utf-8"))
    return {code: (city, country) for code, city, country in rows}


def mission_weights(codes: dict[str, tuple[str, str]]) -> Weighted[str]:
    return Weighted({code: roll_weight(code) for code in codes})


def services() -> tuple[Weighted[str], dict[str, list[str]]]:
    """The guide's services, weighted, and the channels each one is offered on."""
    weights: dict[str, float] = {s["code"]: SERVICE_WEIGHTS.get(s["code"], 4) for s in SERVICES}
    return Weighted(weights), {s["code"]: list(s["channels"]) for s in SERVICES}
