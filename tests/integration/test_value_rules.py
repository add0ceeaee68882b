"""One rule per kind of value wherever it enters, on a real store (SQLite and PostgreSQL): a
correction's new value, a request id and an import line are refused as enrolment refuses the
same value, with a typed code and field, and the store records nothing."""

from __future__ import annotations

import json
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

import pytest
from pydantic.alias_generators import to_camel

from domain.civil_status import correction
from domain.errors import DomainError
from register.civil_status import inputs as c
from register.errors import api_field
from register.legacy_import.importer import Importer
from tests import legacy_lines as legacy
from tests.factories import DUBAI_OFFICER, PARIS_CLERK, enroll, person
from tests.integration.test_register_commands import marry_outside

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from register.bootstrap import Container

NUL, BEL, RLO = "\x00", "\x07", "\u202e"
CHAR, VALUE = "INVALID_CHARACTER", "INVALID_VALUE"
EVERY_TEXT = [
    (f"Am{NUL}ina", CHAR),
    (f"Am{BEL}ina", CHAR),
    ("Am\tina", CHAR),
    ("Am\nina", CHAR),
    ("Am\x85ina", CHAR),
    (f"Am{RLO}ina", CHAR),
    ("Am\u2066ina", CHAR),
    ("Am\ud800ina", CHAR),
]
"""What no entry may hold: NUL, C0 and C1 controls, line breaks, bidi overrides and isolates,
a lone surrogate."""
BAD: dict[str, list[tuple[str, str]]] = {
    "given_name": [("يوسف", "SCRIPT"), ("Amina2", CHAR), ("A" * 61, "TOO_LONG"), ("  ", VALUE)],
    "family_name": [("العلوي", "SCRIPT"), ("Al@oui", CHAR), ("A" * 61, "TOO_LONG"), ("", VALUE)],
    "given_name_ar": [("Amina", "SCRIPT"), ("أمينة3", CHAR), ("م" * 61, "TOO_LONG")],
    "family_name_ar": [("Alaoui", "SCRIPT"), ("العلوي!", CHAR), ("م" * 61, "TOO_LONG")],
    "birth_place": [("F" * 81, "TOO_LONG"), (" ", VALUE)],
    "father_name": [("F" * 121, "TOO_LONG")],
    "mother_name": [("F" * 121, "TOO_LONG")],
    "sex": [("X", VALUE), ("f", VALUE), ("", VALUE)],
    "birth_date": [("1990-02-30", VALUE), ("19900412", VALUE), ("1990-04-12T00:00", VALUE)],
    "birth_country": [("XYZ", VALUE), ("MA", VALUE), ("M4R", VALUE)],
    "nationality": [("ZZZ", VALUE), ("FRANCE", VALUE)],
    "national_id": [("12AB", "INVALID_FORMAT"), ("AB1234567", "INVALID_FORMAT")],
}
CASES = [
    (field, value, code)
    for field in correction.CORRECTABLE
    for value, code in [*BAD[field], *(EVERY_TEXT if field != "sex" else EVERY_TEXT[:1])]
]


def events_in(container: Container) -> int:
    return container.register.recorder.max_notification_id() or 0


def refused(attempt: Callable[[], object]) -> tuple[str, str | None]:
    """The refusal's code and field as a client reads them (the field in the API's words)."""
    with pytest.raises(DomainError) as refusal:
        attempt()
    return refusal.value.code, api_field(refusal.value.field)


def correct(container: Container, citizen: UUID, field: str, value: str, **more: Any) -> object:
    given = {"citizenId": str(citizen), "field": field, "newValue": value, "legalBasis": "J 1"}
    return container.register.correct_entry(
        DUBAI_OFFICER, c.parse(c.CorrectEntry, {**given, **more})
    )


@pytest.fixture
def citizen(container: Container) -> UUID:
    outcome = container.register.enroll_citizen(PARIS_CLERK, enroll(nationalId="AB123456"))
    return UUID(outcome.result["citizenId"])


def test_every_correctable_entry_has_a_bad_value_list() -> None:
    assert set(BAD) == set(correction.CORRECTABLE) == set(correction.CITIZEN_ENTRIES)


@pytest.mark.parametrize(
    ("field", "value", "code"), CASES, ids=[f"{f}-{v!a}"[:60] for f, v, _ in CASES]
)
def test_a_correction_is_refused_by_its_entry_rule_and_records_nothing(
    container: Container, citizen: UUID, field: str, value: str, code: str
) -> None:
    before = events_in(container)

    got = refused(lambda: correct(container, citizen, to_camel(field), value))

    assert got == (code, "newValue")
    assert events_in(container) == before


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [(f, v, code) for f, v, code in CASES if code != VALUE],
    ids=[f"{f}-{v!a}"[:60] for f, v, code in CASES if code != VALUE],
)
def test_enrolment_refuses_the_same_value_with_the_same_code(
    container: Container, field: str, value: str, code: str
) -> None:
    before = events_in(container)

    got = refused(lambda: c.parse(c.EnrollCitizen, person(**{to_camel(field): value})))

    assert got == (code, to_camel(field))
    assert events_in(container) == before


@pytest.mark.parametrize(
    ("value", "code"),
    [("2010-13-01", VALUE), ("2010-5-6", VALUE), (f"2010-05-06{NUL}", CHAR), ("", VALUE)],
)
def test_a_marriage_date_correction_is_refused_by_the_date_rule(
    container: Container, citizen: UUID, value: str, code: str
) -> None:
    marriage = marry_outside(container.register, citizen)
    before = events_in(container)

    got = refused(lambda: correct(container, citizen, "marriedOn", value, marriageId=marriage))

    assert got == (code, "newValue")
    assert events_in(container) == before


@pytest.mark.parametrize(
    ("request_id", "code"),
    [
        (f"retry{NUL}1", CHAR),
        (f"retry{BEL}1", CHAR),
        ("retry\n1", CHAR),
        ("retry\x9b1", CHAR),
        (f"retry{RLO}1", CHAR),
        ("r" * 101, "TOO_LONG"),
        ("", "REQUIRED"),
    ],
    ids=["nul", "bel", "newline", "c1", "rlo", "101-chars", "empty"],
)
def test_a_request_id_with_a_control_character_or_too_long_is_refused(
    container: Container, request_id: str, code: str
) -> None:
    before = events_in(container)

    got = refused(
        lambda: container.register.enroll_citizen(PARIS_CLERK, enroll(requestId=request_id))
    )

    assert got == (code, "requestId")
    assert events_in(container) == before


def test_a_request_id_of_a_hundred_printable_characters_is_kept(container: Container) -> None:
    request_id = "é-" * 50
    first = container.register.enroll_citizen(PARIS_CLERK, enroll(requestId=request_id))
    again = container.register.enroll_citizen(PARIS_CLERK, enroll(requestId=request_id))

    assert again.result == first.result


def test_import_lines_with_bad_values_are_refused_lines_and_the_good_one_goes_in(
    container: Container, tmp_path: Path
) -> None:
    lines: list[dict[str, Any] | str] = [
        legacy.citizen("GOOD"),
        legacy.citizen("B2", givenName=f"You{NUL}ssef"),
        legacy.citizen("B3", givenName="يوسف"),
        legacy.citizen("B4", birthPlace=f"Fes{RLO}"),
        json.dumps(legacy.citizen("B5", fatherName="Ahmed\ud800")),  # written \\ud800
        legacy.citizen(
            "B6",
            events=[
                {
                    "type": "residence",
                    "date": "2015-01-01",
                    "mission": "PAR",
                    "address": f"1 rue{BEL}",
                    "city": "Paris",
                    "country": "FRA",
                },
            ],
        ),
        legacy.citizen("B7", birthDate="1983-03-04T00:00:00"),
        legacy.citizen("B8", familyNameAr="Amrani"),
    ]
    file = legacy.write(tmp_path / "export.jsonl", lines)
    with file.open("ab") as f:  # a line with a byte that is not UTF-8, in its last date
        f.write(
            json.dumps(legacy.citizen("B9")).replace("Fes", "F\\u00e9s").encode()[:-2] + b'\xff"}\n'
        )
    before = events_in(container)

    report = Importer(container, batch_lines=3, workers=1, today=date(2026, 11, 22)).run(
        file, file.with_suffix(".rejects.jsonl")
    )

    rows = [json.loads(r) for r in file.with_suffix(".rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r["legacyId"], r["field"], r.get("code")) for r in rows] == [
        (2, "B2", "givenName", CHAR),
        (3, "B3", "givenName", "SCRIPT"),
        (4, "B4", "birthPlace", CHAR),
        (5, "B5", "fatherName", CHAR),
        (6, "B6", "events.0.address", CHAR),
        (7, "B7", "birthDate", "INVALID_DATE"),
        (8, "B8", "familyNameAr", "SCRIPT"),
        (9, "B9", "registeredOn", CHAR),  # the byte read as a lone surrogate
    ]
    assert (report.imported, report.rejected) == (1, 8)
    assert events_in(container) - before == report.events
