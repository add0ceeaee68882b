"""GraphQL inputs built from tests.factories, and the citizen fields the operations read back."""

from __future__ import annotations

from datetime import date
from itertools import count
from typing import Any

from tests.factories import person, woman

SEX = {"M": "MALE", "F": "FEMALE"}
MISSION_CITIES = {"PAR": "Paris", "MTL": "Montréal", "DXB": "Dubai", "BRU": "Brussels"}
_serial = count(1)


def new_national_id() -> str:
    """A national ID no earlier test used (each server's database is fresh, tests share it)."""
    return f"EE{next(_serial):06d}"


def as_input(fields: dict[str, Any]) -> dict[str, Any]:
    """Factory fields as GraphQL variables: the Sex enum's names, dates as YYYY-MM-DD."""
    return {
        k: SEX[v] if k == "sex" else v.isoformat() if isinstance(v, date) else v
        for k, v in fields.items()
    }


def man_input(**overrides: Any) -> dict[str, Any]:
    return as_input(person(**overrides))


def woman_input(**overrides: Any) -> dict[str, Any]:
    return as_input(woman(**overrides))


def citizen_core(
    given: dict[str, Any],
    *,
    id: str,  # noqa: A002  # GraphQL's name
    version: int,
    mission: str = "PAR",
    status: str = "ALIVE",
    marital_status: str = "SINGLE",
    **changed: Any,
) -> dict[str, Any]:
    """The fields every operation selects on a citizen, as entered in `given` unless `changed`."""
    core = {
        "id": id,
        "version": version,
        "nationalId": given.get("nationalId"),
        "givenName": given["givenName"],
        "familyName": given["familyName"],
        "givenNameAr": given["givenNameAr"],
        "familyNameAr": given["familyNameAr"],
        "sex": given["sex"],
        "birthDate": given["birthDate"],
        "birthPlace": given["birthPlace"],
        "status": status,
        "maritalStatus": marital_status,
        "registeredMission": {"code": mission, "city": MISSION_CITIES[mission]},
    }
    return {**core, **changed}
