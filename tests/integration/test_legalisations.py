"""Legalisations on a real store: legalised by officers, verified by code and date, revoked."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING
from uuid import UUID

import pytest

from domain.errors import DomainError
from domain.services.legalisation import new_code
from register.civil_status import inputs as c
from register.errors import Forbidden
from register.services import legalisation_inputs as lc
from tests.consular_inputs import AUDITOR, CAIRO_OFFICER, citizen, legalise
from tests.factories import PARIS_CLERK

if TYPE_CHECKING:
    from register.application import Register
    from register.bootstrap import Container


def events_in(register: Register) -> int:
    return register.recorder.max_notification_id() or 0


def revoke(register: Register, legalisation_id: str, **fields: object) -> None:
    register.revoke_legalisation(
        CAIRO_OFFICER,
        c.parse(
            lc.RevokeLegalisation,
            {"legalisationId": legalisation_id, "reason": "signature forged", **fields},
        ),
    )


def test_a_legalised_document_is_verified_by_its_code_and_date(container: Container) -> None:
    register = container.register
    citizen_id = citizen(register)
    outcome = legalise(register, citizen_id, CAIRO_OFFICER)
    code = outcome.result["code"]

    found = register.verify_legalisation(code, register.today())

    assert found is not None
    assert found.id == UUID(outcome.result["legalisationId"])
    assert (found.officer, found.mission, found.signer_name) == (
        "officer-cai",
        "CAI",
        "Claire Martin",
    )
    assert register.verify_legalisation(code.lower().replace("-", " "), register.today()) == found
    assert [type(e).__name__ for e in register.history(citizen_id)] == [
        "Enrolled",
        "DocumentLegalised",
    ]


def test_a_wrong_date_an_unknown_code_and_a_malformed_code_all_find_nothing(
    container: Container,
) -> None:
    register = container.register
    code = legalise(register, citizen(register)).result["code"]
    today = register.today()

    assert register.verify_legalisation(code, today - timedelta(days=1)) is None
    assert register.verify_legalisation(code, None) is None
    assert register.verify_legalisation(new_code(), today) is None
    assert register.verify_legalisation("not a code", today) is None


def test_a_revoked_legalisation_still_verifies_and_says_so(container: Container) -> None:
    register = container.register
    outcome = legalise(register, citizen(register))

    revoke(register, outcome.result["legalisationId"])

    found = register.verify_legalisation(outcome.result["code"], register.today())
    assert found is not None
    assert (found.revoked, found.revocation_reason) == (True, "signature forged")
    with pytest.raises(DomainError) as again:
        revoke(register, outcome.result["legalisationId"])
    assert (again.value.code, again.value.field) == ("ALREADY_REVOKED", "legalisation_id")


def test_clerks_and_auditors_may_not_legalise_and_nothing_is_written(
    container: Container,
) -> None:
    register = container.register
    citizen_id = citizen(register)
    before = events_in(register)

    for account in (PARIS_CLERK, AUDITOR):
        with pytest.raises(Forbidden):
            legalise(register, citizen_id, account)

    assert events_in(register) == before


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"signerName": None, "signerCapacity": None}, "REQUIRED", "signer_name"),
        ({"signerCapacity": None}, "REQUIRED", "signer_capacity"),
        ({"documentSha256": "abc"}, "INVALID_FORMAT", "documentSha256"),
        ({"documentKind": "x" * 121}, "TOO_LONG", "documentKind"),
        ({"citizenId": "00000000-0000-4000-8000-000000000000"}, "NOT_FOUND", "citizen_id"),
    ],
)
def test_a_bad_legalisation_is_refused_naming_the_field_and_writes_nothing(
    container: Container, fields: dict[str, object], code: str, field: str
) -> None:
    register = container.register
    data = {
        "citizenId": str(citizen(register)),
        "documentKind": "diploma",
        "issuingAuthority": "University",
        "signerName": "A",
        "signerCapacity": "dean",
    }
    before = events_in(register)

    with pytest.raises(DomainError) as refused:
        register.legalise_document(CAIRO_OFFICER, c.parse(lc.LegaliseDocument, {**data, **fields}))

    assert (refused.value.code, refused.value.field) == (code, field)
    assert events_in(register) == before
