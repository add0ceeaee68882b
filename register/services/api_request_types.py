"""Service requests as GraphQL types: the staff view, and what the public tracking page shows."""

from __future__ import annotations

from datetime import date

import strawberry

from domain.services import request as sr
from domain.services import request_status as rs
from domain.services.catalogue import localised
from register.services.api_guide import Channel
from register.services.inputs import AMOUNT
from register.web.context import context_of, off_loop
from register.web.resolving import Money

RequestStatus = strawberry.enum(rs.RequestStatus, name="RequestStatus")
Milestone = strawberry.enum(rs.Milestone, name="Milestone")


@strawberry.type
class RequestStep:
    milestone: Milestone  # type: ignore[valid-type]
    on: date


@strawberry.type
class FeePayment:
    amount: str = strawberry.field(description=AMOUNT)
    currency: str
    receipt_reference: str


@strawberry.type
class PostalDispatch:
    carrier: str
    carrier_reference: str


def steps_of(r: sr.ServiceRequest) -> list[RequestStep]:
    return [RequestStep(milestone=m, on=d) for m, d in r.milestones]


@strawberry.type
class ServiceRequest:
    """A request as staff see it; `version` is the expectedVersion of the next step."""

    id: strawberry.ID
    version: int
    tracking_number: str
    citizen_id: strawberry.ID
    service_code: str
    mission: str = strawberry.field(description="Where the request was made.")
    channel: Channel
    status: RequestStatus  # type: ignore[valid-type]
    fee: Money = strawberry.field(description="The guide's fee when submitted (0: free).")
    payment: FeePayment | None
    documents_received: list[str]
    dispatch: PostalDispatch | None
    closing_reason: str | None = strawberry.field(description="Why rejected or withdrawn.")
    steps: list[RequestStep]

    @classmethod
    def from_record(cls, r: sr.ServiceRequest) -> ServiceRequest:
        return cls(
            id=strawberry.ID(str(r.id)),
            version=r.version,
            tracking_number=r.tracking_number,
            citizen_id=strawberry.ID(str(r.citizen_id)),
            service_code=r.service_code,
            mission=r.mission,
            channel=Channel(r.channel),
            status=r.status,
            fee=Money(amount=str(r.fee.amount), currency=r.fee.currency),
            payment=None
            if r.payment is None
            else FeePayment(
                amount=str(r.payment[0].amount),
                currency=r.payment[0].currency,
                receipt_reference=r.payment[1],
            ),
            documents_received=list(r.documents),
            dispatch=None
            if r.dispatch is None
            else PostalDispatch(carrier=r.dispatch[0], carrier_reference=r.dispatch[1]),
            closing_reason=r.closing_reason,
            steps=steps_of(r),
        )


@strawberry.type
class TrackedRequest:
    """What the public may see of a request: the service, its status and the dates."""

    tracking_number: str
    service_code: str
    status: RequestStatus  # type: ignore[valid-type]
    steps: list[RequestStep]

    @strawberry.field(description="The service's name in `lang` (else fr, en, ar).")
    async def service_name(self, info: strawberry.Info, lang: str | None = None) -> str:
        service = await off_loop(
            context_of(info).register.services.consular_service, self.service_code
        )
        return localised(service.names, lang.strip().lower() if lang else None)[0]
