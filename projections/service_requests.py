"""The service requests index: tracking number → status, service, citizen, mission."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from domain.services.request import ServiceRequest
from projections.base import status_changes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from projections.base import Cursor, Recorded

R = ServiceRequest
STATUS: dict[type[Any], str] = {
    R.ServiceRequested: "SUBMITTED",
    R.FeePaid: "FEE_PAID",
    R.DocumentsReceived: "DOCUMENTS_RECEIVED",
    R.ServiceCompleted: "COMPLETED",
    R.DispatchedByPost: "DISPATCHED",
    R.ReadyForCollection: "READY_FOR_COLLECTION",
    R.ServiceDelivered: "DELIVERED",
    R.ServiceRequestRejected: "REJECTED",
    R.ServiceRequestWithdrawn: "WITHDRAWN",
}
OPEN = (
    "SUBMITTED",
    "FEE_PAID",
    "DOCUMENTS_RECEIVED",
    "COMPLETED",
    "DISPATCHED",
    "READY_FOR_COLLECTION",
)
"""Statuses with work left for the mission."""


class ServiceRequestsIndex:
    name: ClassVar[str] = "service_requests_index"
    tables: ClassVar[tuple[str, ...]] = ("service_requests_index",)

    def apply(self, batch: Sequence[Recorded], cursor: Cursor) -> None:
        for event, status, request_id, at in status_changes(batch, STATUS):
            if isinstance(event, R.ServiceRequested):
                cursor.execute(
                    "INSERT INTO service_requests_index (request_id, tracking_number, citizen_id,"
                    " service_code, status, mission, position) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    (
                        request_id,
                        event.tracking_number,
                        str(event.citizen_id),
                        event.service_code,
                        status,
                        event.mission,
                        at,
                    ),
                )
            else:
                cursor.execute(
                    "UPDATE service_requests_index SET status = %s, position = %s"
                    " WHERE request_id = %s",
                    (status, at, request_id),
                )
