"""Work queues: open document applications and service requests, per mission and status.

Applications wait at the mission that took them, and once issued at the collection mission;
requests wait at the mission that took them until delivered, rejected or withdrawn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from domain.documents.document import Document
from domain.services.request import ServiceRequest
from projections import documents, service_requests

if TYPE_CHECKING:
    from collections.abc import Sequence

    from projections.base import Cursor, Recorded


def _opened(event: Any) -> tuple[str, str, str | None] | None:
    """(queue, item kind, hand-over mission) for an event that opens an item."""
    if isinstance(event, Document.DocumentApplied):
        return "document-application", event.kind, event.collection_mission
    if isinstance(event, ServiceRequest.ServiceRequested):
        return "service-request", event.service_code, None
    return None


class WorkQueue:
    name: ClassVar[str] = "work_queue"
    tables: ClassVar[tuple[str, ...]] = ("work_queue",)

    def apply(self, batch: Sequence[Recorded], cursor: Cursor) -> None:
        for recorded in batch:
            event: Any = recorded.event
            status = documents.STATUS.get(type(event)) or service_requests.STATUS.get(type(event))
            if status is None:
                continue
            item, at = str(event.originator_id), recorded.position
            opened = _opened(event)
            if opened is not None:
                queue, kind, hand_over_at = opened
                cursor.execute(
                    "INSERT INTO work_queue (item_id, mission, queue, item_kind, status,"
                    " citizen_id, hand_over_at, opened_at, position)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    (
                        item,
                        event.mission,
                        queue,
                        kind,
                        status,
                        str(event.citizen_id),
                        hand_over_at,
                        recorded.recorded_at.isoformat(),
                        at,
                    ),
                )
            elif status not in documents.OPEN and status not in service_requests.OPEN:
                cursor.execute("DELETE FROM work_queue WHERE item_id = %s", (item,))
            elif isinstance(event, Document.DocumentIssued):
                cursor.execute(
                    "UPDATE work_queue SET status = %s, position = %s, mission = hand_over_at"
                    " WHERE item_id = %s",
                    (status, at, item),
                )
            else:
                cursor.execute(
                    "UPDATE work_queue SET status = %s, position = %s WHERE item_id = %s",
                    (status, at, item),
                )
