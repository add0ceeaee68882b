"""Valid command inputs for tests, in the API's own field names; override what a test varies."""

from __future__ import annotations

from datetime import date
from typing import Any

from register.access import Account, Role
from register.civil_status import inputs as c

PARIS_CLERK = Account(name="clerk-par", role=Role.CLERK, mission="PAR")
MONTREAL_CLERK = Account(name="clerk-mtl", role=Role.CLERK, mission="MTL")
DUBAI_OFFICER = Account(name="officer-dxb", role=Role.OFFICER, mission="DXB")
AUDITOR = Account(name="auditor", role=Role.AUDITOR, mission="BRU")


def person(**overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "givenName": "Youssef",
        "familyName": "El Amrani",
        "givenNameAr": "يوسف",
        "familyNameAr": "العمراني",
        "sex": "M",
        "birthDate": date(1985, 3, 4),
        "birthPlace": "Fes",
        "birthCountry": "MAR",
        "fatherName": "Ahmed El Amrani",
        "motherName": "Fatima Bennani",
    }
    fields.update(overrides)
    return fields


def woman(**overrides: Any) -> dict[str, Any]:
    fields = person(
        givenName="Khadija",
        familyName="Bennani",
        givenNameAr="خديجة",
        familyNameAr="بناني",
        sex="F",
        birthDate=date(1988, 7, 9),
    )
    fields.update(overrides)
    return fields


def enroll(**overrides: Any) -> c.EnrollCitizen:
    return c.parse(c.EnrollCitizen, person(**overrides))


def enroll_woman(**overrides: Any) -> c.EnrollCitizen:
    return c.parse(c.EnrollCitizen, woman(**overrides))
