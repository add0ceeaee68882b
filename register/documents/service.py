"""Identity-document commands and queries: any mission serves any citizen's documents."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any

from domain.base import name_id
from domain.civil_status import rules
from domain.documents.document import Document
from domain.documents.kinds import DocumentKind, DocumentStatus
from domain.documents.numbers import DocumentNumberIndex
from domain.errors import DocumentNotFound, DocumentNumberTaken
from register.access import authorize
from register.errors import Conflict
from register.unit_of_work import Decision, Outcome, RegisterBase

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

    from eventsourcing.domain import Aggregate

    from domain.base import Recording, RegisterEvent
    from register.access import Account
    from register.documents.inputs import (
        ApplyForDocument,
        ApproveDocument,
        CaptureBiometrics,
        DeliverDocument,
        IssueDocument,
        OnDocument,
        RejectDocument,
        ReportDocumentLost,
        ReportDocumentStolen,
        RevokeDocument,
        VerifyDocument,
    )

_DECOY = name_id("decoy", "document")
"""Loaded in place of an unknown number's document, so both answers cost the same reads."""
_NO_BIRTH_DATE = b"0000-00-00"


class DocumentCheck(Enum):
    """The public check's only answers; nothing else about the document or its holder."""

    VALID = "VALID"
    EXPIRED = "EXPIRED"
    LOST_OR_STOLEN = "LOST_OR_STOLEN"
    REVOKED = "REVOKED"
    """Revoked, superseded by a newer document, or ended by the holder's death: not valid."""
    UNKNOWN = "UNKNOWN"
    """No such number, or a birth date that does not match it."""


_CHECKS = {
    DocumentStatus.ISSUED: DocumentCheck.VALID,
    DocumentStatus.DELIVERED: DocumentCheck.VALID,
    DocumentStatus.EXPIRED: DocumentCheck.EXPIRED,
    DocumentStatus.LOST: DocumentCheck.LOST_OR_STOLEN,
    DocumentStatus.STOLEN: DocumentCheck.LOST_OR_STOLEN,
    DocumentStatus.REVOKED: DocumentCheck.REVOKED,
    DocumentStatus.SUPERSEDED: DocumentCheck.REVOKED,
    DocumentStatus.INVALIDATED_BY_DEATH: DocumentCheck.REVOKED,
}


@dataclass(frozen=True)
class Verification:
    status: DocumentCheck
    expires_on: date | None
    """Given only when the document is valid."""


class DocumentCommands(RegisterBase):
    """Passports and ID cards: applied for at any mission, issued, delivered, ended."""

    # -- loading -----------------------------------------------------------------------------

    def load_document(
        self, document_id: UUID, *, field: str = "document_id", expected_version: int | None = None
    ) -> Document:
        document = self._find(Document, document_id)
        if document is None:
            msg = f"no document with id {document_id}"
            raise DocumentNotFound(msg, field=field)
        if expected_version is not None and document.version != expected_version:
            msg = f"the document is at version {document.version}, not {expected_version}"
            raise Conflict(msg, field="expected_version")
        return document

    def _holders_documents(self, citizen_id: UUID) -> list[Document]:
        found = (self._find(Document, i) for i in self.dossier(citizen_id, "document"))
        return [d for d in found if d is not None]

    def consequences_of_death(self, citizen_id: UUID, by: Recording) -> list[Aggregate]:
        """A death ends the holder's applications and valid documents, in the death's save."""
        changed = super().consequences_of_death(citizen_id, by)
        changed.extend(d for d in self._holders_documents(citizen_id) if d.end_by_death(by=by))
        return changed

    # -- commands ----------------------------------------------------------------------------

    def apply_for_document(self, account: Account, cmd: ApplyForDocument) -> Outcome:
        def decide() -> Decision:
            holder = self.load_citizen(cmd.citizen_id)
            mission = self.missions.get(
                cmd.collection_mission or account.mission, field="collection_mission"
            )
            by = self.recording(account, cmd.effective_date)
            document = Document.apply_for(
                kind=DocumentKind(cmd.kind),
                holder=holder,
                holders_documents=self._holders_documents(holder.id),
                collection_mission=mission.code,
                by=by,
                today=self.today(),
            )
            dossier = self.link_to_dossier(
                holder.id, kind="document", aggregate_id=document.id, by=by
            )
            return [document, dossier], {"documentId": str(document.id)}

        return self.execute(account, "applyForDocument", cmd, decide)

    def _step(
        self,
        account: Account,
        operation: str,
        cmd: OnDocument,
        act: Callable[[Document, Recording], object],
        effective_date: date | None = None,
    ) -> Outcome:
        """One lifecycle step on one document, saved alone."""

        def decide() -> Decision:
            document = self.load_document(cmd.document_id, expected_version=cmd.expected_version)
            act(document, self.recording(account, effective_date))
            return [document], {"documentId": str(document.id)}

        return self.execute(account, operation, cmd, decide)

    def capture_biometrics(self, account: Account, cmd: CaptureBiometrics) -> Outcome:
        return self._step(
            account,
            "captureBiometrics",
            cmd,
            lambda d, by: d.capture_biometrics(
                facial_image_ref=cmd.facial_image_ref,
                fingerprints_ref=cmd.fingerprints_ref,
                by=by,
                today=self.today(),
            ),
        )

    def approve_document(self, account: Account, cmd: ApproveDocument) -> Outcome:
        return self._step(
            account, "approveDocument", cmd, lambda d, by: d.approve(by=by, today=self.today())
        )

    def reject_document(self, account: Account, cmd: RejectDocument) -> Outcome:
        return self._step(
            account,
            "rejectDocument",
            cmd,
            lambda d, by: d.reject(reason=cmd.reason, by=by, today=self.today()),
        )

    def issue_document(self, account: Account, cmd: IssueDocument) -> Outcome:
        """Issue with the blank's number; the number's index is saved in the same transaction."""
        index_id = DocumentNumberIndex.id_for(cmd.number)

        def decide() -> Decision:
            document = self.load_document(cmd.document_id, expected_version=cmd.expected_version)
            holder = self.load_citizen(document.citizen_id, field="document_id")
            by = self.recording(account, None)
            document.check_may_issue(holder=holder, by=by, today=self.today())
            index = DocumentNumberIndex.claim(
                self._find(DocumentNumberIndex, index_id),
                number=cmd.number,
                document_id=document.id,
                by=by,
            )
            superseded = document.issue(
                number=cmd.number,
                holder=holder,
                holders_documents=self._holders_documents(holder.id),
                by=by,
                today=self.today(),
            )
            return [document, index, *superseded], {"documentId": str(document.id)}

        try:
            return self.execute(account, "issueDocument", cmd, decide)
        except Conflict:
            # Another officer's issue committed first; if it took this number, say so.
            if self._find(DocumentNumberIndex, index_id) is None:
                raise
            msg = f"document number {cmd.number} was issued by another officer just now"
            raise DocumentNumberTaken(msg, field="number") from None

    def deliver_document(self, account: Account, cmd: DeliverDocument) -> Outcome:
        return self._step(
            account, "deliverDocument", cmd, lambda d, by: d.deliver(by=by, today=self.today())
        )

    def report_document_lost(self, account: Account, cmd: ReportDocumentLost) -> Outcome:
        return self._step(
            account,
            "reportDocumentLost",
            cmd,
            lambda d, by: d.report_lost(circumstances=cmd.circumstances, by=by, today=self.today()),
            cmd.effective_date,
        )

    def report_document_stolen(self, account: Account, cmd: ReportDocumentStolen) -> Outcome:
        return self._step(
            account,
            "reportDocumentStolen",
            cmd,
            lambda d, by: d.report_stolen(
                circumstances=cmd.circumstances, by=by, today=self.today()
            ),
            cmd.effective_date,
        )

    def revoke_document(self, account: Account, cmd: RevokeDocument) -> Outcome:
        return self._step(
            account,
            "revokeDocument",
            cmd,
            lambda d, by: d.revoke(reason=cmd.reason, by=by, today=self.today()),
        )

    # -- queries -----------------------------------------------------------------------------

    def document(self, account: Account, document_id: UUID) -> Document:
        authorize(account, "document")
        document = self.load_document(document_id, field="id")
        self._record_read(account, document.citizen_id)
        return document

    def document_by_number(self, account: Account, number: str) -> Document | None:
        """The document holding `number` (canonical form), or None; the read is recorded."""
        authorize(account, "document")
        index = self._find(DocumentNumberIndex, DocumentNumberIndex.id_for(number))
        document = None if index is None else self._find(Document, index.document_id)
        if document is not None:
            self._record_read(account, document.citizen_id)
        return document

    def documents_of(self, account: Account, citizen_id: UUID) -> list[Document]:
        """The citizen's documents and applications, oldest first."""
        authorize(account, "document")
        return self._holders_documents(citizen_id)

    def document_history(self, account: Account, document_id: UUID) -> list[RegisterEvent]:
        authorize(account, "document")
        events: list[Any] = list(self.events.get(document_id))
        return events

    def verify_document(self, cmd: VerifyDocument) -> Verification:
        """The public check: the same reads and comparison whether the number exists or not."""
        rules.not_in_future(cmd.birth_date, today=self.today(), field="birth_date")
        index = self._find(DocumentNumberIndex, DocumentNumberIndex.id_for(cmd.number))
        document = self._find(Document, _DECOY if index is None else index.document_id)
        recorded = _NO_BIRTH_DATE
        if document is not None and document.birth_date is not None:
            recorded = document.birth_date.isoformat().encode()
        matches = hmac.compare_digest(recorded, cmd.birth_date.isoformat().encode())
        if document is None or not matches:
            return Verification(DocumentCheck.UNKNOWN, None)
        check = _CHECKS.get(document.status(self.today()), DocumentCheck.UNKNOWN)
        return Verification(check, document.expires_on if check is DocumentCheck.VALID else None)
