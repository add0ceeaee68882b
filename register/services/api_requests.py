"""Service requests in GraphQL: the counter's mutations, staff lookups, public tracking."""

from __future__ import annotations

from datetime import date  # noqa: TC003  # strawberry reads the resolvers' annotations at runtime
from functools import partial
from typing import TYPE_CHECKING, Any
from uuid import UUID

import strawberry

from domain.services import tracking_number
from register.civil_status.api_types import UserError
from register.errors import InvalidInput
from register.services import inputs as sc
from register.services.api_guide import Channel
from register.services.api_request_types import ServiceRequest, TrackedRequest, steps_of
from register.services.requests import ServiceRequests
from register.web.context import context_of, off_loop
from register.web.input_types import input_of
from register.web.resolving import perform, public_floor
from register.web.scalars import read_date, register_id

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydantic import BaseModel

    from register.access import Account
    from register.unit_of_work import Outcome


def _tracking_number(text: str) -> str:
    """The number as printed, or a typed INVALID_FORMAT refusal (bad shape or check)."""
    try:
        return tracking_number.parse(text)
    except tracking_number.TrackingNumberInvalid as e:
        raise InvalidInput(str(e), field="trackingNumber", code="INVALID_FORMAT") from None


@strawberry.type
class ServiceRequestQuery:
    @strawberry.field(description="One request by id or tracking number (staff).")
    async def service_request(
        self,
        info: strawberry.Info,
        id: strawberry.ID | None = None,  # noqa: A002  # GraphQL's name
        tracking_number: str | None = None,
    ) -> ServiceRequest | None:
        context = context_of(info)
        register = context.register
        request_id: UUID | None
        if (id is None) == (tracking_number is None):
            msg = "give exactly one of id and trackingNumber"
            raise InvalidInput(msg, field="id", code="INVALID_CHOICE")
        if tracking_number is not None:
            number = _tracking_number(tracking_number)
            request_id = await off_loop(register.requests.service_request_id_for, number)
        else:
            request_id = register_id(id)
        if request_id is None:
            return None
        record = await off_loop(register.requests.service_request, context.account, request_id)
        return None if record is None else ServiceRequest.from_record(record)

    @strawberry.field(description="Public: a request's service, status and dates (no token).")
    async def track_request(
        self,
        info: strawberry.Info,
        tracking_number: str,
        birth_date: date,
    ) -> TrackedRequest | None:
        async with public_floor():  # a bad check character too: timing tells nothing
            number = _tracking_number(tracking_number)
            born = read_date(birth_date, "birthDate")
            requests = context_of(info).register.requests
            record = await off_loop(requests.track_request, number, born)
        if record is None:
            return None
        return TrackedRequest(
            tracking_number=record.tracking_number,
            service_code=record.service_code,
            status=record.status,
            steps=steps_of(record),
        )


# -- mutations -------------------------------------------------------------------------------


@input_of(sc.SubmitServiceRequest)
class SubmitServiceRequestInput:
    channel: Channel  # the model reads the enum's names


@input_of(sc.OnServiceRequest)
class OnServiceRequestInput:
    pass


@input_of(sc.RecordFeePayment)
class RecordFeePaymentInput:
    pass


@input_of(sc.RecordDocumentsReceived)
class RecordDocumentsReceivedInput:
    pass


@input_of(sc.DispatchServiceRequest)
class DispatchServiceRequestInput:
    pass


@input_of(sc.RejectServiceRequest)
class RejectServiceRequestInput:
    pass


@input_of(sc.WithdrawServiceRequest)
class WithdrawServiceRequestInput:
    pass


@strawberry.type
class ServiceRequestPayload:
    service_request: ServiceRequest | None
    position: int | None = strawberry.field(
        description="Store position of the last event recorded; null when a retry was replayed."
    )
    errors: list[UserError]


async def _payload(
    info: strawberry.Info, handler: Callable[[Account, Any], Outcome], command: Any, given: Any
) -> ServiceRequestPayload:
    outcome, errors = await perform(info, handler, command, given)
    if outcome is None:
        return ServiceRequestPayload(service_request=None, position=None, errors=errors)
    register = context_of(info).register
    record = await off_loop(
        register.requests.load_service_request, UUID(outcome.result["serviceRequestId"])
    )
    return ServiceRequestPayload(
        service_request=ServiceRequest.from_record(record), position=outcome.position, errors=[]
    )


def _request_mutation(
    description: str | None,
    handler: Callable[[ServiceRequests, Account, Any], Outcome],
    command: type[BaseModel],
    input_type: type,
) -> Any:
    """A mutation that runs one command of the counter and answers with the request it touched."""

    async def resolve(info: strawberry.Info, input: Any) -> ServiceRequestPayload:  # noqa: A002
        requests = context_of(info).register.requests
        return await _payload(info, partial(handler, requests), command, input)

    # strawberry reads the argument's GraphQL type from the annotation
    resolve.__annotations__ = {**resolve.__annotations__, "input": input_type}
    return strawberry.mutation(resolver=resolve, description=description)


@strawberry.type
class ServiceRequestMutation:
    submit_service_request = _request_mutation(
        "A citizen asks for a service of the guide at this mission.",
        ServiceRequests.submit_service_request,
        sc.SubmitServiceRequest,
        SubmitServiceRequestInput,
    )
    record_fee_payment = _request_mutation(
        "The fee is paid, in the fee's currency, to the cent.",
        ServiceRequests.record_fee_payment,
        sc.RecordFeePayment,
        RecordFeePaymentInput,
    )
    record_documents_received = _request_mutation(
        None,
        ServiceRequests.record_documents_received,
        sc.RecordDocumentsReceived,
        RecordDocumentsReceivedInput,
    )
    complete_service_request = _request_mutation(
        "The service is done; needs the fee and the documents.",
        ServiceRequests.complete_service_request,
        sc.CompleteServiceRequest,
        OnServiceRequestInput,
    )
    dispatch_service_request = _request_mutation(
        "Sent by post, with the carrier's tracking reference.",
        ServiceRequests.dispatch_service_request,
        sc.DispatchServiceRequest,
        DispatchServiceRequestInput,
    )
    mark_ready_for_collection = _request_mutation(
        "Ready for the citizen to collect at the mission.",
        ServiceRequests.mark_ready_for_collection,
        sc.MarkReadyForCollection,
        OnServiceRequestInput,
    )
    deliver_service_request = _request_mutation(
        "Delivered by post or collected.",
        ServiceRequests.deliver_service_request,
        sc.DeliverServiceRequest,
        OnServiceRequestInput,
    )
    reject_service_request = _request_mutation(
        "Refused, with the reason (officers).",
        ServiceRequests.reject_service_request,
        sc.RejectServiceRequest,
        RejectServiceRequestInput,
    )
    withdraw_service_request = _request_mutation(
        "Withdrawn by the citizen before it is completed.",
        ServiceRequests.withdraw_service_request,
        sc.WithdrawServiceRequest,
        WithdrawServiceRequestInput,
    )
