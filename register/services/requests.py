"""Service requests: submitted at any mission, tracked to delivery; public tracking by number."""

from __future__ import annotations

from typing import TYPE_CHECKING

import structlog

from domain.civil_status.citizen import Citizen
from domain.errors import ServiceRequestNotFound
from domain.services import tracking_number
from domain.services.request import ServiceRequest
from domain.services.tracking_number import TrackingNumberIndex
from register.access import authorize
from register.errors import Conflict
from register.services.guide import GuideCommands

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date
    from uuid import UUID

    from domain.base import Recording
    from register.access import Account
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
    from register.unit_of_work import Decision, Outcome

log = structlog.get_logger(__name__)
TRACKING_NUMBER_DRAWS = 5
"""New draws when a tracking number is taken (30 random bits a mission and year: rare)."""


class ServiceCommands(GuideCommands):
    """Each step loads the request (at the version the client read), decides, and saves it."""

    def submit_service_request(self, account: Account, cmd: SubmitServiceRequest) -> Outcome:
        def decide() -> Decision:
            citizen = self.load_citizen(cmd.citizen_id)
            service = self.consular_service(cmd.service_code)
            fee = service.offer(mission=account.mission, channel=cmd.channel)
            by = self.recording(account, cmd.effective_date)
            number = self._new_tracking_number(account.mission, by.effective_date.year)
            request = ServiceRequest.submit(
                citizen_id=citizen.id,
                tracking_number=number,
                service_code=service.code,
                channel=cmd.channel,
                fee=fee,
                documents_required=bool(service.required_documents),
                by=by,
                today=self.today(),
            )
            index = TrackingNumberIndex.assign(
                tracking_number=number, service_request_id=request.id, by=by
            )
            dossier = self.link_to_dossier(
                citizen.id, kind="service-request", aggregate_id=request.id, by=by
            )
            return [request, index, dossier], {
                "serviceRequestId": str(request.id),
                "trackingNumber": number,
            }

        return self.execute(account, "submitServiceRequest", cmd, decide)

    def _new_tracking_number(self, mission: str, year: int) -> str:
        for _ in range(TRACKING_NUMBER_DRAWS):
            number = tracking_number.issue(mission, year)
            if self._find(TrackingNumberIndex, TrackingNumberIndex.id_for(number)) is None:
                return number
        msg = "no free tracking number was drawn; retry"
        raise Conflict(msg)

    def _request_step(
        self,
        account: Account,
        operation: str,
        cmd: OnServiceRequest,
        act: Callable[[ServiceRequest, Recording], None],
    ) -> Outcome:
        def decide() -> Decision:
            request = self.load_service_request(
                cmd.service_request_id, expected_version=cmd.expected_version
            )
            act(request, self.recording(account, cmd.effective_date))
            return [request], {"serviceRequestId": str(request.id)}

        return self.execute(account, operation, cmd, decide)

    def record_fee_payment(self, account: Account, cmd: RecordFeePayment) -> Outcome:
        return self._request_step(
            account,
            "recordFeePayment",
            cmd,
            lambda r, by: r.record_fee_payment(
                amount=cmd.amount,
                currency=cmd.currency,
                receipt_reference=cmd.receipt_reference,
                by=by,
                today=self.today(),
            ),
        )

    def record_documents_received(self, account: Account, cmd: RecordDocumentsReceived) -> Outcome:
        return self._request_step(
            account,
            "recordDocumentsReceived",
            cmd,
            lambda r, by: r.receive_documents(
                documents=list(cmd.documents), by=by, today=self.today()
            ),
        )

    def complete_service_request(self, account: Account, cmd: CompleteServiceRequest) -> Outcome:
        return self._request_step(
            account,
            "completeServiceRequest",
            cmd,
            lambda r, by: r.complete(by=by, today=self.today()),
        )

    def dispatch_service_request(self, account: Account, cmd: DispatchServiceRequest) -> Outcome:
        return self._request_step(
            account,
            "dispatchServiceRequest",
            cmd,
            lambda r, by: r.dispatch_by_post(
                carrier=cmd.carrier,
                carrier_reference=cmd.carrier_reference,
                by=by,
                today=self.today(),
            ),
        )

    def mark_ready_for_collection(self, account: Account, cmd: MarkReadyForCollection) -> Outcome:
        return self._request_step(
            account,
            "markReadyForCollection",
            cmd,
            lambda r, by: r.make_ready_for_collection(by=by, today=self.today()),
        )

    def deliver_service_request(self, account: Account, cmd: DeliverServiceRequest) -> Outcome:
        return self._request_step(
            account,
            "deliverServiceRequest",
            cmd,
            lambda r, by: r.deliver(by=by, today=self.today()),
        )

    def reject_service_request(self, account: Account, cmd: RejectServiceRequest) -> Outcome:
        return self._request_step(
            account,
            "rejectServiceRequest",
            cmd,
            lambda r, by: r.reject(reason=cmd.reason, by=by, today=self.today()),
        )

    def withdraw_service_request(self, account: Account, cmd: WithdrawServiceRequest) -> Outcome:
        return self._request_step(
            account,
            "withdrawServiceRequest",
            cmd,
            lambda r, by: r.withdraw(reason=cmd.reason, by=by, today=self.today()),
        )

    # -- reading ----------------------------------------------------------------------------

    def load_service_request(
        self,
        request_id: UUID,
        *,
        field: str = "service_request_id",
        expected_version: int | None = None,
    ) -> ServiceRequest:
        request = self._find(ServiceRequest, request_id)
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
        authorize(account, "serviceRequest")
        request = self._find(ServiceRequest, request_id)
        if request is not None:
            self.record_reads(account, "service-request", [request.id])
        return request

    def service_request_id_for(self, number: str) -> UUID | None:
        """The request a tracking number (as printed, see tracking_number.parse) names."""
        index = self._find(TrackingNumberIndex, TrackingNumberIndex.id_for(number))
        return None if index is None else index.service_request_id

    def track_request(self, number: str, birth_date: date) -> ServiceRequest | None:
        """The public lookup: the request, only if the number and the birth date both match."""
        request_id = self.service_request_id_for(number)
        request = None if request_id is None else self._find(ServiceRequest, request_id)
        citizen = None if request is None else self._find(Citizen, request.citizen_id)
        found = citizen is not None and citizen.birth_date == birth_date
        log.info("service_request.tracked", found=found)
        return request if found else None
