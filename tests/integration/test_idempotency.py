"""Every civil-status command is idempotent by its `requestId` (both backends): a retry returns
the first outcome and records nothing; the same id with a different command is refused."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pytest

from register.civil_status import inputs as c
from register.errors import RequestIdReused
from tests.factories import DUBAI_OFFICER, PARIS_CLERK, person
from tests.integration.test_register_commands import enrolled, enrolled_woman, events_in, marry

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

    from register.access import Account
    from register.application import Register
    from register.bootstrap import Container


def couple(register: Register) -> tuple[UUID, UUID, UUID]:
    husband, wife = enrolled(register), enrolled_woman(register)
    return husband, wife, marry(register, husband, wife)


Case = tuple[str, Any, "Callable[[Register], dict[str, Any]]", "Account"]
CASES: dict[str, Case] = {
    "registerBirth": (
        "register_birth",
        c.RegisterBirth,
        lambda r: person(
            givenName="Adam",
            givenNameAr="آدم",
            birthDate=date(2015, 1, 2),
            birthPlace="Dubai",
            birthCountry="ARE",
            fatherId=str(couple(r)[0]),
            fatherName=None,
        ),
        PARIS_CLERK,
    ),
    "recordMarriage": (
        "record_marriage",
        c.RecordMarriage,
        lambda r: {
            "citizenId": str(enrolled(r)),
            "spouseId": str(enrolled_woman(r)),
            "effectiveDate": date(2012, 6, 1),
            "place": "Rabat",
        },
        PARIS_CLERK,
    ),
    "recordDivorce": (
        "record_divorce",
        c.RecordDivorce,
        lambda r: dict(
            zip(("citizenId", "marriageId"), (str(v) for v in couple(r)[::2]), strict=True),
            effectiveDate=date(2019, 2, 3),
        ),
        PARIS_CLERK,
    ),
    "recordDeath": (
        "record_death",
        c.RecordDeath,
        lambda r: {
            "citizenId": str(enrolled(r)),
            "effectiveDate": date(2021, 4, 5),
            "place": "Fes",
        },
        PARIS_CLERK,
    ),
    "changeName": (
        "change_name",
        c.ChangeName,
        lambda r: {
            "citizenId": str(enrolled(r)),
            "givenName": "Karim",
            "familyName": "Benjelloun",
            "givenNameAr": "كريم",
            "familyNameAr": "بنجلون",
            "legalBasis": "Judgment 12/2020",
        },
        PARIS_CLERK,
    ),
    "changeResidence": (
        "change_residence",
        c.ChangeResidence,
        lambda r: {
            "citizenId": str(enrolled(r)),
            "address": "2 rue Y",
            "city": "Lyon",
            "country": "FRA",
        },
        PARIS_CLERK,
    ),
    "transferRegistration": (
        "transfer_registration",
        c.TransferRegistration,
        lambda r: {"citizenId": str(enrolled(r)), "toMission": "MTL"},
        PARIS_CLERK,
    ),
    "correctEntry": (
        "correct_entry",
        c.CorrectEntry,
        lambda r: {
            "citizenId": str(enrolled(r)),
            "field": "birthPlace",
            "newValue": "Rabat",
            "legalBasis": "Civil-status judgment 2026/17",
        },
        DUBAI_OFFICER,
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_retried_command_returns_its_first_outcome_and_records_nothing(
    container: Container, name: str
) -> None:
    register = container.register
    method, command, given, account = CASES[name]
    fields = {**given(register), "requestId": f"retry-{name}"}
    first = getattr(register, method)(account, c.parse(command, fields))
    after_first = events_in(register)

    retry = getattr(register, method)(account, c.parse(command, fields))

    assert (retry.result, retry.replayed) == (first.result, True)
    assert not first.replayed
    assert events_in(register) == after_first
    with pytest.raises(RequestIdReused):
        register.change_residence(
            account,
            c.parse(
                c.ChangeResidence,
                {
                    "citizenId": str(enrolled(register)),
                    "address": "9 rue Z",
                    "city": "Lille",
                    "country": "FRA",
                    "requestId": f"retry-{name}",
                },
            ),
        )
