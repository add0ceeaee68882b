"""Service requests: submitted at any mission, tracked to delivery; public tracking by number."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import structlog

from domain.civil_status.citizen import Citizen
from domain.errors import ServiceRequestNotFound
from domain.services import tracking_number
from domain.services.request import ServiceRequest
from domain.services.tracking_number import TrackingNumberIndex
from register.access import authorize
from register.errors import Conflict
from register.services.operations import ServicesOperation

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date
    from uuid import UUID

    from domain.base import Recording
    from register.access import Account
    from register.services.guide import Guide
    from register.services.inputs import (
        CompleteServiceRequest,
        DeliverServiceRequest,
        DispatchServiceRequest,
        MarkReadyForCollection,
        OnServiceRequest,
        RecordDocumentsReceived,
        RecordFeePayment,
        RejectServiceRequest,
        SubmitServiceRequest,
        WithdrawServiceRequest,
    )
    from register.unit_of_work import Decision, Given, Outcome, UnitOfWork

    R = TypeVar("R", bound=OnServiceRequest)

log = structlog.get_logger(__name__)
TRACKING_NUMBER_DRAWS = 5
"""New draws when a tracking number is taken (30 random bits a mission and year: rare)."""


class ServiceRequests:
    """Each step loads the request (at the version the client read), decides, and saves it."""

    def __init__(self, store: UnitOfWork, guide: Guide) -> None:
        self.store = store
        self.guide = guide
        """The services requests are for, and their fees."""

    def submit_service_request(
        self, account: Account, given: Given[SubmitServiceRequest]
    ) -> Outcome:
        def decide(cmd: SubmitServiceRequest) -> Decision:
            citizen = self.store.load_citizen(cmd.citizen_id)
            service = self.guide.consular_service(cmd.service_code)
            fee = service.offer(mission=account.mission, channel=cmd.channel)
            by = self.store.recording(account, cmd.effective_date)
            number = self._new_tracking_number(account.mission, by.effective_date.year)
            request = ServiceRequest.submit(
                citizen_id=citizen.id,
                tracking_number=number,
                service_code=service.code,
                channel=cmd.channel,
                fee=fee,
                documents_required=bool(service.required_documents),
                by=by,
                today=self.store.today(),
            )
            index = TrackingNumberIndex.assign(
                tracking_number=number, service_request_id=request.id, by=by
            )
            dossier = self.store.link_to_dossier(
                citizen.id, kind="service-request", aggregate_id=request.id, by=by
            )
            return [request, index, dossier], {
                "serviceRequestId": str(request.id),
                "trackingNumber": number,
            }

        return self.store.execute(account, ServicesOperation.SUBMIT_SERVICE_REQUEST, given, decide)

    def _new_tracking_number(self, mission: str, year: int) -> str:
        for _ in range(TRACKING_NUMBER_DRAWS):
            number = tracking_number.issue(mission, year)
            if self.store.find(TrackingNumberIndex, TrackingNumberIndex.id_for(number)) is None:
                return number
        msg = "no free tracking number was drawn; retry"
        raise Conflict(msg)

    def _request_step(
        self,
        account: Account,
        operation: ServicesOperation,
        given: Given[R],
        act: Callable[[ServiceRequest, Recording, R], None],
    ) -> Outcome:
        def decide(cmd: R) -> Decision:
            request = self.load_service_request(
                cmd.service_request_id, expected_version=cmd.expected_version
            )
            act(request, self.store.recording(account, cmd.effective_date), cmd)
            return [request], {"serviceRequestId": str(request.id)}

        return self.store.execute(account, operation, given, decide)

    def record_fee_payment(self, account: Account, given: Given[RecordFeePayment]) -> Outcome:
        return self._request_step(
            account,
            ServicesOperation.RECORD_FEE_PAYMENT,
            given,
            lambda r, by, cmd: r.record_fee_payment(
                amount=cmd.amount,
                currency=cmd.currency,
                receipt_reference=cmd.receipt_reference,
                by=by,
                today=self.store.today(),
            ),
        )

    def record_documents_received(
        self, account: Account, given: Given[RecordDocumentsReceived]
    ) -> Outcome:
        return self._request_step(
            account,
            ServicesOperation.RECORD_DOCUMENTS_RECEIVED,
            given,
            lambda r, by, cmd: r.receive_documents(
                documents=list(cmd.documents), by=by, today=self.store.today()
            ),
        )

    def complete_service_request(
        self, account: Account, given: Given[CompleteServiceRequest]
    ) -> Outcome:
        return self._request_step(
            account,
            ServicesOperation.COMPLETE_SERVICE_REQUEST,
            given,
            lambda r, by, _: r.complete(by=by, today=self.store.today()),
        )

    def dispatch_service_request(
        self, account: Account, given: Given[DispatchServiceRequest]
    ) -> Outcome:
        return self._request_step(
            account,
            ServicesOperation.DISPATCH_SERVICE_REQUEST,
            given,
            lambda r, by, cmd: r.dispatch_by_post(
                carrier=cmd.carrier,
                carrier_reference=cmd.carrier_reference,
                by=by,
                today=self.store.today(),
            ),
        )

    def mark_ready_for_collection(
        self, account: Account, given: Given[MarkReadyForCollection]
    ) -> Outcome:
        return self._request_step(
            account,
            ServicesOperation.MARK_READY_FOR_COLLECTION,
            given,
            lambda r, by, _: r.make_ready_for_collection(by=by, today=self.store.today()),
        )

    def deliver_service_request(
        self, account: Account, given: Given[DeliverServiceRequest]
    ) -> Outcome:
        return self._request_step(
            account,
            ServicesOperation.DELIVER_SERVICE_REQUEST,
            given,
            lambda r, by, _: r.deliver(by=by, today=self.store.today()),
        )

    def reject_service_request(
        self, account: Account, given: Given[RejectServiceRequest]
    ) -> Outcome:
        return self._request_step(
            account,
            ServicesOperation.REJECT_SERVICE_REQUEST,
            given,
            lambda r, by, cmd: r.reject(reason=cmd.reason, by=by, today=self.store.today()),
        )

    def withdraw_service_request(
        self, account: Account, given: Given[WithdrawServiceRequest]
    ) -> Outcome:
        return self._request_step(
            account,
            ServicesOperation.WITHDRAW_SERVICE_REQUEST,
            given,
            lambda r, by, cmd: r.withdraw(reason=cmd.reason, by=by, today=self.store.today()),
        )

    # -- reading ----------------------------------------------------------------------------

    def load_service_request(
        self,
        request_id: UUID,
        *,
        field: str = "service_request_id",
        expected_version: int | None = None,
    ) -> ServiceRequest:
        request = self.store.find(ServiceRequest, request_id)
        if request is None:
            msg = f"no service request with id {request_id}"
            raise ServiceRequestNotFound(msg, field=field)
        if expected_version is not None and request.version != expected_version:
            msg = (
                f"the request is at version {request.version}, not {expected_version}:"
                " it changed since it was read"
            )
            raise Conflict(msg, field="expected_version")
        return request

    def service_request(self, account: Account, request_id: UUID) -> ServiceRequest | None:
        """One request, as staff see it; the read is recorded."""
        authorize(account, ServicesOperation.SERVICE_REQUEST)
        request = self.store.find(ServiceRequest, request_id)
        if request is not None:
            self.store.record_reads(account, "service-request", [request.id])
        return request

    def service_request_id_for(self, number: str) -> UUID | None:
        """The request a tracking number (as printed, see tracking_number.parse) names."""
        index = self.store.find(TrackingNumberIndex, TrackingNumberIndex.id_for(number))
        return None if index is None else index.service_request_id

    def track_request(self, number: str, birth_date: date) -> ServiceRequest | None:
        """The public lookup: the request, only if the number and the birth date both match."""
        request_id = self.service_request_id_for(number)
        request = None if request_id is None else self.store.find(ServiceRequest, request_id)
        citizen = None if request is None else self.store.find(Citizen, request.citizen_id)
        found = citizen is not None and citizen.birth_date == birth_date
        log.info("service_request.tracked", found=found)
        return request if found else None
