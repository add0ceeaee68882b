"""A service request's life: each step, each step out of order, each payment refused."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import uuid4

import pytest

from domain.errors import DateRuleViolated, PaymentRefused, RequestTransitionRefused
from domain.services.catalogue import Fee
from domain.services.request import ServiceRequest
from domain.services.request_status import Milestone, RequestStatus

from .builders import TODAY, assert_nothing_pending, by, replay

if TYPE_CHECKING:
    from collections.abc import Callable

SUBMITTED_ON = TODAY - timedelta(days=10)
CITIZEN = uuid4()


def submitted(*, fee: str = "10", documents_required: bool = True) -> ServiceRequest:
    request = ServiceRequest.submit(
        citizen_id=CITIZEN,
        tracking_number="PAR-2026-7K3F9Q-X",
        service_code="LEGALISATION",
        channel="COUNTER",
        fee=Fee(Decimal(fee), "EUR"),
        documents_required=documents_required,
        by=by(SUBMITTED_ON),
        today=TODAY,
    )
    request.collect_events()
    return request


def pay(request: ServiceRequest, amount: str = "10.00", currency: str = "EUR") -> None:
    request.record_fee_payment(
        amount=Decimal(amount),
        currency=currency,
        receipt_reference="R-1",
        by=by(SUBMITTED_ON),
        today=TODAY,
    )


def receive(request: ServiceRequest) -> None:
    request.receive_documents(documents=["diploma"], by=by(SUBMITTED_ON), today=TODAY)


def completed() -> ServiceRequest:
    request = submitted()
    pay(request)
    receive(request)
    request.complete(by=by(SUBMITTED_ON + timedelta(days=1)), today=TODAY)
    request.collect_events()
    return request


def dispatched() -> ServiceRequest:
    request = completed()
    request.dispatch_by_post(
        carrier="La Poste", carrier_reference="LP123", by=by(TODAY), today=TODAY
    )
    request.collect_events()
    return request


def refused_with(code: str, field: str, attempt: Callable[[], Any], *records: Any) -> None:
    with pytest.raises((RequestTransitionRefused, PaymentRefused, DateRuleViolated)) as refused:
        attempt()
    assert (refused.value.code, refused.value.field) == (code, field)
    assert_nothing_pending(*records)


def test_a_submitted_request_names_the_citizen_service_fee_and_tracking_number() -> None:
    request = ServiceRequest.submit(
        citizen_id=CITIZEN,
        tracking_number="PAR-2026-7K3F9Q-X",
        service_code="LEGALISATION",
        channel="POST",
        fee=Fee(Decimal("10"), "EUR"),
        documents_required=True,
        by=by(SUBMITTED_ON),
        today=TODAY,
    )

    assert (request.status, request.mission, request.fee) == (
        RequestStatus.SUBMITTED,
        "PAR",
        Fee(Decimal("10"), "EUR"),
    )
    [event] = request.collect_events()
    assert type(event) is ServiceRequest.ServiceRequested
    assert (event.citizen_id, event.actor, event.effective_date) == (
        CITIZEN,
        "officer.paris",
        SUBMITTED_ON,
    )


def test_a_request_goes_from_submission_to_delivery_by_post() -> None:
    request = dispatched()
    request.deliver(by=by(TODAY), today=TODAY)

    assert request.status == RequestStatus.DELIVERED
    assert request.dispatch == ("La Poste", "LP123")
    assert request.payment == (Fee(Decimal("10.00"), "EUR"), "R-1")
    assert [m for m, _ in request.milestones] == [
        Milestone.SUBMITTED,
        Milestone.FEE_PAID,
        Milestone.DOCUMENTS_RECEIVED,
        Milestone.COMPLETED,
        Milestone.DISPATCHED,
        Milestone.DELIVERED,
    ]
    assert request.on(Milestone.DELIVERED) == TODAY


def test_every_event_of_a_request_names_the_citizen_and_replays_to_the_same_state() -> None:
    request = ServiceRequest.submit(
        citizen_id=CITIZEN,
        tracking_number="PAR-2026-7K3F9Q-X",
        service_code="LEGALISATION",
        channel="COUNTER",
        fee=Fee(Decimal("10"), "EUR"),
        documents_required=True,
        by=by(SUBMITTED_ON),
        today=TODAY,
    )
    pay(request)
    receive(request)
    request.complete(by=by(TODAY), today=TODAY)
    events = request.collect_events()

    copy = replay(events)

    assert {e.citizen_id for e in events} == {CITIZEN}
    assert (copy.status, copy.payment, copy.documents, copy.milestones) == (
        request.status,
        request.payment,
        request.documents,
        request.milestones,
    )


def test_a_completed_request_may_be_made_ready_for_collection_then_collected() -> None:
    request = completed()
    request.make_ready_for_collection(by=by(TODAY), today=TODAY)
    request.deliver(by=by(TODAY), today=TODAY)

    assert request.status == RequestStatus.DELIVERED
    assert request.on(Milestone.READY_FOR_COLLECTION) == TODAY


def test_a_free_service_without_documents_completes_at_once() -> None:
    request = submitted(fee="0", documents_required=False)

    request.complete(by=by(TODAY), today=TODAY)

    assert request.status == RequestStatus.COMPLETED


@pytest.mark.parametrize(
    ("amount", "currency", "code", "field"),
    [
        ("10.00", "USD", "CURRENCY_MISMATCH", "currency"),
        ("9.99", "EUR", "AMOUNT_MISMATCH", "amount"),
    ],
)
def test_a_payment_in_another_currency_or_amount_is_refused(
    amount: str, currency: str, code: str, field: str
) -> None:
    request = submitted()

    refused_with(code, field, lambda: pay(request, amount, currency), request)
    assert request.payment is None


def test_a_fee_is_paid_once_and_never_for_a_free_service() -> None:
    paid = submitted()
    pay(paid)
    paid.collect_events()
    free = submitted(fee="0")

    refused_with("FEE_ALREADY_PAID", "service_request_id", lambda: pay(paid), paid)
    refused_with("NO_FEE_DUE", "service_request_id", lambda: pay(free, "0"), free)


def test_completion_needs_the_fee_and_the_documents() -> None:
    unpaid = submitted()
    receive(unpaid)
    unpaid.collect_events()
    undocumented = submitted()
    pay(undocumented)
    undocumented.collect_events()

    refused_with(
        "FEE_NOT_PAID", "service_request_id", lambda: unpaid.complete(by=by(TODAY), today=TODAY)
    )
    refused_with(
        "DOCUMENTS_NOT_RECEIVED",
        "service_request_id",
        lambda: undocumented.complete(by=by(TODAY), today=TODAY),
        unpaid,
        undocumented,
    )


STEPS: dict[str, Callable[[ServiceRequest], None]] = {
    "pay": pay,
    "receive": receive,
    "complete": lambda r: r.complete(by=by(TODAY), today=TODAY),
    "reject": lambda r: r.reject(reason="forged", by=by(TODAY), today=TODAY),
    "withdraw": lambda r: r.withdraw(reason=None, by=by(TODAY), today=TODAY),
    "dispatch": lambda r: r.dispatch_by_post(
        carrier="DHL", carrier_reference="1", by=by(TODAY), today=TODAY
    ),
    "ready": lambda r: r.make_ready_for_collection(by=by(TODAY), today=TODAY),
    "deliver": lambda r: r.deliver(by=by(TODAY), today=TODAY),
}


def rejected() -> ServiceRequest:
    request = submitted()
    STEPS["reject"](request)
    request.collect_events()
    return request


def withdrawn() -> ServiceRequest:
    request = submitted()
    STEPS["withdraw"](request)
    request.collect_events()
    return request


def delivered() -> ServiceRequest:
    request = dispatched()
    STEPS["deliver"](request)
    request.collect_events()
    return request


@pytest.mark.parametrize(
    ("state", "step", "code"),
    [
        (submitted, "dispatch", "NOT_COMPLETED"),
        (submitted, "ready", "NOT_COMPLETED"),
        (submitted, "deliver", "NOT_DISPATCHED"),
        (completed, "pay", "ALREADY_COMPLETED"),
        (completed, "receive", "ALREADY_COMPLETED"),
        (completed, "complete", "ALREADY_COMPLETED"),
        (completed, "reject", "ALREADY_COMPLETED"),
        (completed, "withdraw", "ALREADY_COMPLETED"),
        (completed, "deliver", "NOT_DISPATCHED"),
        (dispatched, "dispatch", "ALREADY_DISPATCHED"),
        (dispatched, "ready", "ALREADY_DISPATCHED"),
        (dispatched, "withdraw", "ALREADY_COMPLETED"),
        (delivered, "deliver", "REQUEST_CLOSED"),
        (delivered, "dispatch", "REQUEST_CLOSED"),
        (rejected, "complete", "REQUEST_CLOSED"),
        (rejected, "withdraw", "REQUEST_CLOSED"),
        (withdrawn, "pay", "REQUEST_CLOSED"),
        (withdrawn, "ready", "REQUEST_CLOSED"),
        (withdrawn, "deliver", "REQUEST_CLOSED"),
    ],
)
def test_a_step_out_of_order_is_refused_with_a_code_naming_the_state(
    state: Callable[[], ServiceRequest], step: str, code: str
) -> None:
    request = state()
    before = (request.status, list(request.milestones))

    refused_with(code, "service_request_id", lambda: STEPS[step](request), request)
    assert (request.status, request.milestones) == before


def test_rejection_and_withdrawal_close_the_request_with_their_reason() -> None:
    assert (rejected().status, rejected().closing_reason) == (RequestStatus.REJECTED, "forged")
    assert (withdrawn().status, withdrawn().closing_reason) == (RequestStatus.WITHDRAWN, None)


def test_a_step_cannot_take_effect_before_the_previous_one_or_in_the_future() -> None:
    request = completed()

    refused_with(
        "DATE_BEFORE_PREVIOUS_STEP",
        "effective_date",
        lambda: request.make_ready_for_collection(by=by(SUBMITTED_ON), today=TODAY),
        request,
    )
    refused_with(
        "DATE_IN_FUTURE",
        "effective_date",
        lambda: request.make_ready_for_collection(by=by(date(2099, 1, 1)), today=TODAY),
        request,
    )
