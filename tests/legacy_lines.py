"""Lines of a legacy register export (docs/legacy-format.md) for the import's tests."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path


def citizen(legacy_id: str, **overrides: Any) -> dict[str, Any]:
    line: dict[str, Any] = {
        "legacyId": legacy_id,
        "givenName": "Youssef",
        "familyName": "El Amrani",
        "givenNameAr": "يوسف",
        "familyNameAr": "العمراني",
        "sex": "M",
        "birthDate": "1983-03-04",
        "birthPlace": "Fes",
        "birthCountry": "MAR",
        "mission": "PAR",
        "registeredOn": "2009-06-01",
    }
    line.update(overrides)
    return line


def family() -> list[dict[str, Any]]:
    """A married couple in the register, their child born abroad, his passport, a request and
    a legalisation; the husband moved from Paris to Montréal."""
    return [
        citizen(
            "HUSBAND",
            nationalId="BK284411",
            children=["CHILD"],
            events=[
                {
                    "type": "marriage",
                    "date": "2012-07-14",
                    "mission": "PAR",
                    "place": "Paris",
                    "spouse": {"legacyId": "WIFE"},
                },
                {"type": "transfer", "date": "2019-09-02", "mission": "PAR", "toMission": "MTL"},
            ],
            documents=[
                {
                    "kind": "PASSPORT",
                    "number": "PA1234567",
                    "issuedOn": "2016-05-10",
                    "mission": "PAR",
                },
                {
                    "kind": "PASSPORT",
                    "number": "PA7654321",
                    "issuedOn": "2021-05-10",
                    "mission": "MTL",
                },
            ],
            requests=[
                {
                    "service": "CIVIL_STATUS_COPY",
                    "mission": "MTL",
                    "channel": "COUNTER",
                    "submittedOn": "2022-01-10",
                    "status": "DELIVERED",
                    "closedOn": "2022-01-20",
                },
            ],
            legalisations=[
                {
                    "mission": "MTL",
                    "date": "2022-02-01",
                    "documentKind": "diploma",
                    "issuingAuthority": "Université de Montréal",
                    "signerName": "Jean Roy",
                    "signerCapacity": "registrar",
                },
            ],
        ),
        citizen(
            "WIFE",
            nationalId="BK118020",
            givenName="Khadija",
            familyName="Bennani",
            givenNameAr="خديجة",
            familyNameAr="بناني",
            sex="F",
            birthDate="1986-05-01",
            children=["CHILD"],
            events=[
                {
                    "type": "marriage",
                    "date": "2012-07-14",
                    "mission": "PAR",
                    "place": "Paris",
                    "spouse": {"legacyId": "HUSBAND"},
                }
            ],
        ),
        citizen(
            "CHILD",
            givenName="Sara",
            givenNameAr="سارة",
            sex="F",
            birthDate="2015-02-03",
            birthPlace="Paris",
            birthCountry="FRA",
            registeredOn=None,
            birth={"fatherId": "HUSBAND", "motherId": "WIFE"},
        ),
    ]


def many(n: int, prefix: str = "P") -> list[dict[str, Any]]:
    """`n` unrelated citizens, each with a national ID card."""
    return [
        citizen(
            f"{prefix}{i:06d}",
            nationalId=f"{prefix}X{i:06d}",
            documents=[
                {
                    "kind": "NATIONAL_ID",
                    "number": f"{prefix}N{i:07d}",
                    "issuedOn": "2020-01-02",
                    "mission": "BRU",
                }
            ],
        )
        for i in range(n)
    ]


def write(path: Path, lines: list[dict[str, Any] | str]) -> Path:
    path.write_text(
        "".join(
            (x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n" for x in lines
        ),
        encoding="utf-8",
    )
    return path
