"""The documents index (number → status, holder) and the document applications' work queue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from domain.document import Document

if TYPE_CHECKING:
    from collections.abc import Sequence

    from projections.base import Cursor, Recorded

_STATUS: dict[type[Any], str] = {
    Document.DocumentApplied: "APPLIED",
    Document.BiometricsCaptured: "BIOMETRICS_CAPTURED",
    Document.DocumentApproved: "APPROVED",
    Document.DocumentRejected: "REJECTED",
    Document.DocumentIssued: "ISSUED",
    Document.DocumentSuperseded: "SUPERSEDED",
    Document.DocumentDelivered: "DELIVERED",
    Document.DocumentReportedLost: "LOST",
    Document.DocumentReportedStolen: "STOLEN",
    Document.DocumentRevoked: "REVOKED",
    Document.DocumentInvalidatedByDeath: "INVALIDATED_BY_DEATH",
}
OPEN = ("APPLIED", "BIOMETRICS_CAPTURED", "APPROVED", "ISSUED")
"""Statuses with work left for a mission: capture, decide, issue, hand over."""


class DocumentsIndex:
    name: ClassVar[str] = "documents_index"
    tables: ClassVar[tuple[str, ...]] = ("documents_index",)

    def apply(self, batch: Sequence[Recorded], cursor: Cursor) -> None:
        for recorded in batch:
            event: Any = recorded.event
            status = _STATUS.get(type(event))
            if status is None:
                continue
            document_id, at = str(event.originator_id), recorded.position
            if isinstance(event, Document.DocumentApplied):
                cursor.execute(
                    "INSERT INTO documents_index (document_id, kind, citizen_id, status,"
                    " applied_at, position) VALUES (%s, %s, %s, %s, %s, %s)",
                    (document_id, event.kind, str(event.citizen_id), status, event.mission, at),
                )
            elif isinstance(event, Document.DocumentIssued):
                cursor.execute(
                    "UPDATE documents_index SET status = %s, number = %s, issued_at = %s,"
                    " expires_on = %s, position = %s WHERE document_id = %s",
                    (
                        status,
                        event.number,
                        event.mission,
                        event.expires_on.isoformat(),
                        at,
                        document_id,
                    ),
                )
            else:
                cursor.execute(
                    "UPDATE documents_index SET status = %s, position = %s WHERE document_id = %s",
                    (status, at, document_id),
                )


class DocumentWorkQueue:
    """Open applications at the mission that took them; issued ones at the collection mission."""

    name: ClassVar[str] = "document_work_queue"
    tables: ClassVar[tuple[str, ...]] = ("work_queue",)
    QUEUE = "document-application"

    def apply(self, batch: Sequence[Recorded], cursor: Cursor) -> None:
        for recorded in batch:
            event: Any = recorded.event
            status = _STATUS.get(type(event))
            if status is None:
                continue
            item, at = str(event.originator_id), recorded.position
            if isinstance(event, Document.DocumentApplied):
                cursor.execute(
                    "INSERT INTO work_queue (item_id, mission, queue, item_kind, status,"
                    " citizen_id, hand_over_at, opened_at, position)"
                    " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                    (
                        item,
                        event.mission,
                        self.QUEUE,
                        event.kind,
                        status,
                        str(event.citizen_id),
                        event.collection_mission,
                        recorded.recorded_at.isoformat(),
                        at,
                    ),
                )
            elif status not in OPEN:
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
