"""Refused document commands on a real store: duplicates, races, bad input, access."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any
from uuid import uuid4

import pytest

from domain.documents.kinds import DocumentStatus
from domain.errors import DomainError
from register.access import Account, Role
from register.civil_status import inputs as c
from register.documents import inputs as dc
from register.errors import Forbidden
from tests.factories import AUDITOR, MONTREAL_CLERK
from tests.integration.test_concurrency import race
from tests.integration.test_documents import (
    apply_for,
    approve,
    enrolled,
    events_in,
    issue,
    on,
    passport,
    passport_application,
    status,
    verify,
)

if TYPE_CHECKING:
    from register.bootstrap import Container

S = DocumentStatus


def test_two_officers_issuing_one_number_at_once_leave_one_document_with_it(
    container: Container,
) -> None:
    register = container.register
    documents = [passport_application(register, given) for given in ("Ali", "Omar")]
    officers = [
        Account(name=f"officer-{i}", role=Role.OFFICER, mission=m)
        for i, m in enumerate(("DXB", "PAR"))
    ]

    def attempt(i: int) -> int:
        issue(register, documents[i], "AB1234567", officers[i])
        return i

    outcomes = race(2, attempt)

    winners = [o for o in outcomes if isinstance(o, int)]
    [loser] = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(winners) == 1
    assert (loser.code, loser.field) == ("DUPLICATE", "number")
    holder = register.document_by_number(AUDITOR, "AB1234567")
    assert holder is not None
    assert holder.id == documents[winners[0]]
    assert [status(register, d) for d in documents].count(S.ISSUED) == 1


def test_a_number_already_issued_is_a_duplicate_and_writes_nothing(container: Container) -> None:
    register = container.register
    passport(register, enrolled(register), "AB1234567")
    second = passport_application(register, "Omar")
    before = events_in(register)

    with pytest.raises(DomainError) as refused:
        issue(register, second, "AB1234567")

    assert (refused.value.code, refused.value.field) == ("DUPLICATE", "number")
    assert events_in(register) == before


def aliases(command: type[c.Command]) -> set[str]:
    return {f.alias or name for name, f in command.model_fields.items()}


@pytest.mark.parametrize(
    ("command", "given", "code", "field"),
    [
        (dc.IssueDocument, {"number": "AB12345"}, "INVALID_FORMAT", "number"),
        (dc.IssueDocument, {"number": "1234567AB"}, "INVALID_FORMAT", "number"),
        (dc.ApplyForDocument, {"kind": "VISA"}, "UNKNOWN_DOCUMENT_KIND", "kind"),
        (dc.ApplyForDocument, {"effectiveDate": "2026-02-30"}, "INVALID_DATE", "effectiveDate"),
        (dc.ReportDocumentLost, {"effectiveDate": "yesterday"}, "INVALID_DATE", "effectiveDate"),
        (dc.CaptureBiometrics, {"facialImageRef": "<img>"}, "INVALID_FORMAT", "facialImageRef"),
        (dc.VerifyDocument, {"birthDate": "1899-12-31"}, "OUT_OF_RANGE", "birthDate"),
        (dc.VerifyDocument, {"number": "AB-1234567"}, "INVALID_FORMAT", "number"),
    ],
)
def test_malformed_input_is_refused_on_its_field(
    command: type[c.Command], given: dict[str, Any], code: str, field: str
) -> None:
    valid: dict[str, Any] = {
        "citizenId": str(uuid4()),
        "documentId": str(uuid4()),
        "kind": "PASSPORT",
        "number": "AB1234567",
        "facialImageRef": "bio:face:1",
        "birthDate": "1985-03-04",
    }
    data = {k: v for k, v in {**valid, **given}.items() if k in aliases(command)}

    with pytest.raises(DomainError) as refused:
        c.parse(command, data)

    assert (refused.value.code, refused.value.field) == (code, field)


def test_unknown_citizens_missions_documents_and_future_dates_are_refused_and_write_nothing(
    container: Container,
) -> None:
    register = container.register
    citizen_id = enrolled(register)
    before = events_in(register)
    tomorrow = register.today() + timedelta(days=1)

    refusals = []
    for attempt in (
        lambda: apply_for(register, uuid4()),
        lambda: apply_for(register, citizen_id, collectionMission="XYZ"),
        lambda: apply_for(register, citizen_id, effectiveDate=tomorrow),
        lambda: approve(register, uuid4()),
        lambda: verify(register, "AB1234567", tomorrow),
    ):
        with pytest.raises(DomainError) as refused:
            attempt()
        refusals.append((refused.value.code, refused.value.field))

    assert refusals == [
        ("NOT_FOUND", "citizen_id"),
        ("UNKNOWN_MISSION", "collection_mission"),
        ("DATE_IN_FUTURE", "effective_date"),
        ("DOCUMENT_NOT_FOUND", "document_id"),
        ("DATE_IN_FUTURE", "birth_date"),
    ]
    assert events_in(register) == before


def test_clerks_apply_and_deliver_officers_decide_and_auditors_only_read(
    container: Container,
) -> None:
    register = container.register
    citizen_id = enrolled(register)
    document_id = apply_for(register, citizen_id)
    register.capture_biometrics(
        MONTREAL_CLERK, c.parse(dc.CaptureBiometrics, on(document_id, facialImageRef="f1"))
    )
    before = events_in(register)

    with pytest.raises(Forbidden):
        register.approve_document(MONTREAL_CLERK, c.parse(dc.ApproveDocument, on(document_id)))
    with pytest.raises(Forbidden):
        register.apply_for_document(
            AUDITOR,
            c.parse(dc.ApplyForDocument, {"citizenId": str(citizen_id), "kind": "PASSPORT"}),
        )

    assert events_in(register) == before
    assert [d.id for d in register.documents_of(AUDITOR, citizen_id)] == [document_id]
