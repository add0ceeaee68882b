"""The documents index: number → status, kind, holder, and the missions involved."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from domain.documents.document import Document
from projections.base import status_changes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from projections.base import Cursor, Recorded

STATUS: dict[type[Any], str] = {
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
        for event, status, document_id, at in status_changes(batch, STATUS):
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
