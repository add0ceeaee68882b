"""Service requests on a real store: a whole life, public tracking, refusals writing nothing."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

import pytest

from domain.errors import DomainError
from domain.services import tracking_number
from domain.services.request_status import Milestone, RequestStatus
from register.civil_status import inputs as c
from register.errors import Forbidden
from register.services import inputs as sc
from register.services.guide_seed import seed_guide
from tests.consular_inputs import AUDITOR, PARIS_OFFICER, citizen, step, submit
from tests.factories import MONTREAL_CLERK, PARIS_CLERK

if TYPE_CHECKING:
    from register.application import Register
    from register.bootstrap import Container

BORN = date(1985, 3, 4)
"""The birth date of tests.factories.person(): what the public tracking page asks for."""


@pytest.fixture
def register(container: Container) -> Register:
    seed_guide(container.register)
    return container.register


def events_in(register: Register) -> int:
    return register.recorder.max_notification_id() or 0


def test_a_request_made_at_any_mission_is_tracked_from_submission_to_delivery(
    register: Register,
) -> None:
    citizen_id = citizen(register)
    submitted = submit(register, citizen_id, account=MONTREAL_CLERK)
    request_id, number = submitted.result["serviceRequestId"], submitted.result["trackingNumber"]

    for name, fields in [
        ("record_fee_payment", {"amount": "15", "currency": "CAD", "receiptReference": "Q-77"}),
        ("record_documents_received", {"documents": ["diploma", "passport copy"]}),
        ("complete_service_request", {}),
        ("dispatch_service_request", {"carrier": "Postes Canada", "carrierReference": "CP1"}),
    ]:
        step(register, name, request_id, account=MONTREAL_CLERK, **fields)
    step(register, "deliver_service_request", request_id, account=PARIS_CLERK)

    request = register.load_service_request(UUID(request_id))
    assert number.startswith(f"MTL-{register.today().year}-")
    assert tracking_number.parse(number) == number
    assert register.service_request_id_for(number) == request.id
    assert (request.status, request.mission, request.version) == (RequestStatus.DELIVERED, "MTL", 6)
    assert (request.fee.amount, request.fee.currency) == (15, "CAD")
    assert request.dispatch == ("Postes Canada", "CP1")
    assert request.documents == ["diploma", "passport copy"]
    history = register.history(citizen_id)
    assert [type(e).__name__ for e in history] == [
        "Enrolled",
        "ServiceRequested",
        "FeePaid",
        "DocumentsReceived",
        "ServiceCompleted",
        "DispatchedByPost",
        "ServiceDelivered",
    ]
    assert [e.mission for e in history[1:]] == ["MTL"] * 5 + ["PAR"]
    assert all(e.citizen_id == citizen_id for e in history[1:])


def test_a_request_may_be_collected_at_the_counter(register: Register) -> None:
    request_id = submit(register, citizen(register), service="CIVIL_STATUS_EXTRACT").result[
        "serviceRequestId"
    ]

    step(register, "complete_service_request", request_id)
    step(register, "mark_ready_for_collection", request_id)
    step(register, "deliver_service_request", request_id)

    request = register.load_service_request(UUID(request_id))
    assert request.status == RequestStatus.DELIVERED
    assert [m for m, _ in request.milestones] == [
        Milestone.SUBMITTED,
        Milestone.COMPLETED,
        Milestone.READY_FOR_COLLECTION,
        Milestone.DELIVERED,
    ]


def test_tracking_needs_the_number_and_the_citizens_birth_date(register: Register) -> None:
    number = submit(register, citizen(register)).result["trackingNumber"]

    found = register.track_request(number, BORN)

    assert found is not None
    assert (found.tracking_number, found.status) == (number, RequestStatus.SUBMITTED)
    assert register.track_request(number, date(1985, 3, 5)) is None
    assert register.track_request(tracking_number.issue("PAR", 2026), BORN) is None


def test_rejection_and_withdrawal_close_a_request(register: Register) -> None:
    citizen_id = citizen(register)
    rejected = submit(register, citizen_id).result["serviceRequestId"]
    withdrawn = submit(register, citizen_id).result["serviceRequestId"]

    step(register, "reject_service_request", rejected, account=PARIS_OFFICER, reason="forged stamp")
    step(register, "withdraw_service_request", withdrawn, reason="no longer needed")

    assert register.load_service_request(UUID(rejected)).status == RequestStatus.REJECTED
    assert register.load_service_request(UUID(withdrawn)).closing_reason == "no longer needed"


def test_a_clerk_may_not_reject_a_request_and_an_auditor_may_not_submit(
    register: Register,
) -> None:
    citizen_id = citizen(register)
    request_id = submit(register, citizen_id).result["serviceRequestId"]
    before = events_in(register)

    with pytest.raises(Forbidden):
        step(register, "reject_service_request", request_id, reason="x")
    with pytest.raises(Forbidden):
        submit(register, citizen_id, account=AUDITOR)

    assert events_in(register) == before


def test_a_retried_submission_returns_the_first_tracking_number(register: Register) -> None:
    command = c.parse(
        sc.SubmitServiceRequest,
        {
            "citizenId": str(citizen(register)),
            "serviceCode": "LEGALISATION",
            "channel": "POST",
            "requestId": "counter-7-req-1",
        },
    )
    first = register.submit_service_request(PARIS_CLERK, command)
    before = events_in(register)

    again = register.submit_service_request(PARIS_CLERK, command)

    assert again.replayed
    assert again.result == first.result
    assert events_in(register) == before


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"serviceCode": "PASSPORT_RENEWAL_X"}, "UNKNOWN_SERVICE", "service_code"),
        ({"serviceCode": "legalisation!"}, "INVALID_FORMAT", "serviceCode"),
        ({"serviceCode": "PASSPORT_RENEWAL", "channel": "POST"}, "CHANNEL_NOT_OFFERED", "channel"),
        ({"channel": "FAX"}, "INVALID_CHOICE", "channel"),
        ({"citizenId": str(uuid4())}, "NOT_FOUND", "citizen_id"),
        ({"effectiveDate": date(2999, 1, 1)}, "DATE_IN_FUTURE", "effective_date"),
    ],
)
def test_a_bad_submission_is_refused_naming_the_field_and_writes_nothing(
    register: Register, fields: dict[str, Any], code: str, field: str
) -> None:
    data = {
        "citizenId": str(citizen(register)),
        "serviceCode": "LEGALISATION",
        "channel": "COUNTER",
    }
    before = events_in(register)

    with pytest.raises(DomainError) as refused:
        register.submit_service_request(
            PARIS_CLERK, c.parse(sc.SubmitServiceRequest, {**data, **fields})
        )

    assert (refused.value.code, refused.value.field) == (code, field)
    assert events_in(register) == before


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"currency": "USD"}, "CURRENCY_MISMATCH", "currency"),
        ({"currency": "XYZ"}, "UNKNOWN_CURRENCY", "currency"),
        ({"amount": "-10"}, "OUT_OF_RANGE", "amount"),
        ({"amount": "0"}, "OUT_OF_RANGE", "amount"),
        ({"amount": "9"}, "AMOUNT_MISMATCH", "amount"),
        ({"receiptReference": ""}, "REQUIRED", "receiptReference"),
        ({"expectedVersion": 2}, "CONFLICT", "expected_version"),
    ],
)
def test_a_bad_payment_is_refused_naming_the_field_and_writes_nothing(
    register: Register, fields: dict[str, Any], code: str, field: str
) -> None:
    request_id = submit(register, citizen(register)).result["serviceRequestId"]
    data = {"amount": "10", "currency": "EUR", "receiptReference": "R-1"}
    before = events_in(register)

    with pytest.raises(DomainError) as refused:
        step(register, "record_fee_payment", request_id, **{**data, **fields})

    assert (refused.value.code, refused.value.field) == (code, field)
    assert events_in(register) == before


@pytest.mark.parametrize(
    ("name", "fields", "code"),
    [
        ("complete_service_request", {}, "FEE_NOT_PAID"),
        ("dispatch_service_request", {"carrier": "DHL", "carrierReference": "1"}, "NOT_COMPLETED"),
        ("deliver_service_request", {}, "NOT_DISPATCHED"),
    ],
)
def test_a_step_out_of_order_is_refused_and_writes_nothing(
    register: Register, name: str, fields: dict[str, Any], code: str
) -> None:
    request_id = submit(register, citizen(register)).result["serviceRequestId"]
    before = events_in(register)

    with pytest.raises(DomainError) as refused:
        step(register, name, request_id, **fields)

    assert (refused.value.code, refused.value.field) == (code, "service_request_id")
    assert events_in(register) == before


def test_a_step_on_an_unknown_request_is_not_found(register: Register) -> None:
    with pytest.raises(DomainError) as refused:
        step(register, "complete_service_request", str(uuid4()))

    assert (refused.value.code, refused.value.field) == ("NOT_FOUND", "service_request_id")
