"""Accounts and command inputs for the consular-services tests (guide, requests, cases)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from register.access import Account, Role
from register.casework import inputs as cc
from register.civil_status import inputs as c
from register.services import inputs as sc
from register.services import legalisation_inputs as lc
from tests.factories import PARIS_CLERK, enroll

if TYPE_CHECKING:
    from datetime import date

    from register.application import Register
    from register.unit_of_work import Outcome

PARIS_OFFICER = Account(name="officer-par", role=Role.OFFICER, mission="PAR")
PARIS_ADMIN = Account(name="admin-par", role=Role.ADMIN, mission="PAR")
DUBAI_OFFICER = Account(name="officer-dxb", role=Role.OFFICER, mission="DXB")
DUBAI_ADMIN = Account(name="admin-dxb", role=Role.ADMIN, mission="DXB")
DUBAI_CLERK = Account(name="clerk-dxb", role=Role.CLERK, mission="DXB")
RIYADH_OFFICER = Account(name="officer-ruh", role=Role.OFFICER, mission="RUH")
CAIRO_OFFICER = Account(name="officer-cai", role=Role.OFFICER, mission="CAI")
"""An officer of a mission that never held the cases in these tests."""
AUDITOR = Account(name="auditor", role=Role.AUDITOR, mission="BRU")


def citizen(register: Register, **overrides: Any) -> UUID:
    return UUID(register.enroll_citizen(PARIS_CLERK, enroll(**overrides)).result["citizenId"])


def submit(
    register: Register,
    citizen_id: UUID,
    *,
    service: str = "LEGALISATION",
    channel: str = "COUNTER",
    account: Account = PARIS_CLERK,
) -> Outcome:
    return register.submit_service_request(
        account,
        c.parse(
            sc.SubmitServiceRequest,
            {"citizenId": str(citizen_id), "serviceCode": service, "channel": channel},
        ),
    )


def step(
    register: Register, name: str, request_id: str, account: Account = PARIS_CLERK, **fields: Any
) -> Outcome:
    """Run the request step `name` (e.g. "complete_service_request") with its API fields."""
    commands = {
        "record_fee_payment": sc.RecordFeePayment,
        "record_documents_received": sc.RecordDocumentsReceived,
        "complete_service_request": sc.CompleteServiceRequest,
        "dispatch_service_request": sc.DispatchServiceRequest,
        "mark_ready_for_collection": sc.MarkReadyForCollection,
        "deliver_service_request": sc.DeliverServiceRequest,
        "reject_service_request": sc.RejectServiceRequest,
        "withdraw_service_request": sc.WithdrawServiceRequest,
    }
    command = c.parse(commands[name], {"serviceRequestId": request_id, **fields})
    outcome: Outcome = getattr(register, name)(account, command)
    return outcome


def legalise(register: Register, citizen_id: UUID, account: Account = PARIS_OFFICER) -> Outcome:
    return register.legalise_document(
        account,
        c.parse(
            lc.LegaliseDocument,
            {
                "citizenId": str(citizen_id),
                "documentKind": "university diploma",
                "issuingAuthority": "Université Lyon 2",
                "signerName": "Claire Martin",
                "signerCapacity": "registrar",
            },
        ),
    )


def open_case(
    register: Register,
    citizen_id: UUID,
    account: Account = DUBAI_OFFICER,
    opened_on: date | None = None,
) -> UUID:
    outcome = register.open_case(
        account,
        c.parse(
            cc.OpenCase,
            {
                "citizenId": str(citizen_id),
                "kind": "DETENTION",
                "summary": "held at the airport",
                "effectiveDate": opened_on,
            },
        ),
    )
    return UUID(outcome.result["caseId"])
