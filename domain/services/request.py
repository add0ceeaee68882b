"""A service request, tracked from submission at any mission to delivery, refusal or withdrawal
(its states: domain.services.request_status)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent
from domain.civil_status import rules
from domain.errors import DateRuleViolated, PaymentRefused, RequestTransitionRefused
from domain.services.catalogue import Fee
from domain.services.request_status import CLOSED, SENT, Milestone, RequestStatus

FIELD = "service_request_id"


def _refused(message: str, code: str) -> RequestTransitionRefused:
    return RequestTransitionRefused(message, field=FIELD, code=code)


class ServiceRequest(Aggregate):
    """One request of one citizen for one service of the guide; every event names the citizen."""

    TOPIC = "sijill/service-request"

    class Event(RegisterEvent):
        citizen_id: UUID

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/service-request/created"

    class ServiceRequested(Created):
        TOPIC = "sijill/service-request/submitted/v1"
        tracking_number: str
        service_code: str
        channel: str
        fee_amount: Decimal
        fee_currency: str
        """The guide's fee at the mission when submitted: later guide changes do not alter it."""
        documents_required: bool

    class FeePaid(Event):
        TOPIC = "sijill/service-request/fee-paid/v1"
        amount: Decimal
        currency: str
        receipt_reference: str

        def apply(self, aggregate: ServiceRequest) -> None:
            aggregate.payment = (Fee(self.amount, self.currency), self.receipt_reference)
            aggregate.reached(Milestone.FEE_PAID, self.effective_date)

    class DocumentsReceived(Event):
        TOPIC = "sijill/service-request/documents-received/v1"
        documents: list[str]

        def apply(self, aggregate: ServiceRequest) -> None:
            aggregate.documents.extend(self.documents)
            aggregate.reached(Milestone.DOCUMENTS_RECEIVED, self.effective_date)

    class ServiceCompleted(Event):
        TOPIC = "sijill/service-request/completed/v1"

        def apply(self, aggregate: ServiceRequest) -> None:
            aggregate.moved(RequestStatus.COMPLETED, self.effective_date)

    class DispatchedByPost(Event):
        TOPIC = "sijill/service-request/dispatched-by-post/v1"
        carrier: str
        carrier_reference: str

        def apply(self, aggregate: ServiceRequest) -> None:
            aggregate.dispatch = (self.carrier, self.carrier_reference)
            aggregate.moved(RequestStatus.DISPATCHED, self.effective_date)

    class ReadyForCollection(Event):
        TOPIC = "sijill/service-request/ready-for-collection/v1"

        def apply(self, aggregate: ServiceRequest) -> None:
            aggregate.moved(RequestStatus.READY_FOR_COLLECTION, self.effective_date)

    class ServiceDelivered(Event):
        TOPIC = "sijill/service-request/delivered/v1"

        def apply(self, aggregate: ServiceRequest) -> None:
            aggregate.moved(RequestStatus.DELIVERED, self.effective_date)

    class ServiceRequestRejected(Event):
        TOPIC = "sijill/service-request/rejected/v1"
        reason: str

        def apply(self, aggregate: ServiceRequest) -> None:
            aggregate.closing_reason = self.reason
            aggregate.moved(RequestStatus.REJECTED, self.effective_date)

    class ServiceRequestWithdrawn(Event):
        TOPIC = "sijill/service-request/withdrawn/v1"
        reason: str | None

        def apply(self, aggregate: ServiceRequest) -> None:
            aggregate.closing_reason = self.reason
            aggregate.moved(RequestStatus.WITHDRAWN, self.effective_date)

    def __init__(  # noqa: PLR0913  # the ServiceRequested event's fields, applied on replay too
        self,
        *,
        citizen_id: UUID,
        tracking_number: str,
        service_code: str,
        channel: str,
        fee_amount: Decimal,
        fee_currency: str,
        documents_required: bool,
        mission: str,
        effective_date: date,
        **_: Any,
    ) -> None:
        self.citizen_id = citizen_id
        self.tracking_number = tracking_number
        self.service_code = service_code
        self.channel = channel
        self.mission = mission
        self.fee = Fee(fee_amount, fee_currency)
        self.documents_required = documents_required
        self.status = RequestStatus.SUBMITTED
        self.payment: tuple[Fee, str] | None = None
        self.documents: list[str] = []
        self.dispatch: tuple[str, str] | None = None
        self.closing_reason: str | None = None
        self.milestones: list[tuple[Milestone, date]] = [(Milestone.SUBMITTED, effective_date)]

    def reached(self, milestone: Milestone, on: date) -> None:
        self.milestones.append((milestone, on))

    def moved(self, status: RequestStatus, on: date) -> None:
        self.status = status
        self.reached(Milestone[status.name], on)

    @property
    def fee_due(self) -> bool:
        return self.fee.amount > 0

    def on(self, milestone: Milestone) -> date | None:
        """The date `milestone` was reached, if it was."""
        return next((d for m, d in self.milestones if m == milestone), None)

    # -- creation ---------------------------------------------------------------------------

    @classmethod
    def submit(  # a request has this many facts
        cls,
        *,
        citizen_id: UUID,
        tracking_number: str,
        service_code: str,
        channel: str,
        fee: Fee,
        documents_required: bool,
        by: Recording,
        today: date,
    ) -> ServiceRequest:
        rules.not_in_future(by.effective_date, today=today, field="effective_date")
        return cls._create(
            cls.ServiceRequested,
            id=uuid4(),
            citizen_id=citizen_id,
            tracking_number=tracking_number,
            service_code=service_code,
            channel=channel,
            fee_amount=fee.amount,
            fee_currency=fee.currency,
            documents_required=documents_required,
            **by.fields(),
        )

    # -- decisions --------------------------------------------------------------------------

    def _check_date(self, by: Recording, today: date) -> None:
        rules.not_in_future(by.effective_date, today=today, field="effective_date")
        latest = max(d for _, d in self.milestones)
        if by.effective_date < latest:
            msg = f"is before the request's last step ({latest.isoformat()})"
            code = "DATE_BEFORE_PREVIOUS_STEP"
            raise DateRuleViolated(msg, field="effective_date", code=code, about_field=True)

    def _check_open(self, by: Recording, today: date) -> None:
        """Fee, documents, completion, rejection and withdrawal: only before completion."""
        if self.status in CLOSED:
            msg = f"the request is closed ({self.status.value})"
            raise _refused(msg, "REQUEST_CLOSED")
        if self.status != RequestStatus.SUBMITTED:
            msg = f"the request is already {self.status.value}"
            raise _refused(msg, "ALREADY_COMPLETED")
        self._check_date(by, today)

    def _record(self, event: type[Event], by: Recording, **fields: Any) -> None:
        self.trigger_event(event, citizen_id=self.citizen_id, **fields, **by.fields())

    def record_fee_payment(
        self, *, amount: Decimal, currency: str, receipt_reference: str, by: Recording, today: date
    ) -> None:
        self._check_open(by, today)
        if not self.fee_due:
            raise PaymentRefused("no fee is due for this request", field=FIELD, code="NO_FEE_DUE")
        if self.payment is not None:
            msg = "the fee is already paid"
            raise PaymentRefused(msg, field=FIELD, code="FEE_ALREADY_PAID")
        if currency != self.fee.currency:
            msg = f"the fee is paid in {self.fee.currency}, not {currency}"
            raise PaymentRefused(msg, field="currency", code="CURRENCY_MISMATCH")
        if amount != self.fee.amount:
            msg = f"the fee is {self.fee.amount} {self.fee.currency}, not {amount}"
            raise PaymentRefused(msg, field="amount", code="AMOUNT_MISMATCH")
        self._record(
            self.FeePaid,
            by,
            amount=amount,
            currency=currency,
            receipt_reference=receipt_reference,
        )

    def receive_documents(self, *, documents: list[str], by: Recording, today: date) -> None:
        self._check_open(by, today)
        self._record(self.DocumentsReceived, by, documents=documents)

    def complete(self, *, by: Recording, today: date) -> None:
        self._check_open(by, today)
        if self.fee_due and self.payment is None:
            raise _refused("the fee is not paid yet", "FEE_NOT_PAID")
        if self.documents_required and not self.documents:
            raise _refused(
                "the required documents have not been received", "DOCUMENTS_NOT_RECEIVED"
            )
        self._record(self.ServiceCompleted, by)

    def reject(self, *, reason: str, by: Recording, today: date) -> None:
        self._check_open(by, today)
        self._record(self.ServiceRequestRejected, by, reason=reason)

    def withdraw(self, *, reason: str | None, by: Recording, today: date) -> None:
        self._check_open(by, today)
        self._record(self.ServiceRequestWithdrawn, by, reason=reason)

    def _check_completed(self, by: Recording, today: date) -> None:
        if self.status in CLOSED:
            raise _refused(f"the request is closed ({self.status.value})", "REQUEST_CLOSED")
        if self.status == RequestStatus.SUBMITTED:
            raise _refused("the request is not completed yet", "NOT_COMPLETED")
        if self.status in SENT:
            raise _refused(f"the request is already {self.status.value}", "ALREADY_DISPATCHED")
        self._check_date(by, today)

    def dispatch_by_post(
        self, *, carrier: str, carrier_reference: str, by: Recording, today: date
    ) -> None:
        self._check_completed(by, today)
        self._record(
            self.DispatchedByPost, by, carrier=carrier, carrier_reference=carrier_reference
        )

    def make_ready_for_collection(self, *, by: Recording, today: date) -> None:
        self._check_completed(by, today)
        self._record(self.ReadyForCollection, by)

    def deliver(self, *, by: Recording, today: date) -> None:
        if self.status in CLOSED:
            raise _refused(f"the request is closed ({self.status.value})", "REQUEST_CLOSED")
        if self.status not in SENT:
            msg = "the request is neither dispatched nor ready for collection"
            raise _refused(msg, "NOT_DISPATCHED")
        self._check_date(by, today)
        self._record(self.ServiceDelivered, by)
