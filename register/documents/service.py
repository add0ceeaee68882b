"""Identity-document commands and queries: any mission serves any citizen's documents."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Any, TypeVar

from domain.base import name_id
from domain.civil_status import rules
from domain.documents.document import Document
from domain.documents.kinds import DocumentKind, DocumentStatus
from domain.documents.numbers import DocumentNumberIndex
from domain.errors import DocumentNotFound, DocumentNumberTaken
from register.access import authorize
from register.documents.operations import DocumentOperation
from register.errors import Conflict

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
    from register.unit_of_work import Decision, Given, Outcome, UnitOfWork

    D = TypeVar("D", bound=OnDocument)

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


class Documents:
    """Passports and ID cards: applied for at any mission, issued, delivered, ended."""

    def __init__(self, store: UnitOfWork) -> None:
        self.store = store

    # -- loading -----------------------------------------------------------------------------

    def load_document(
        self, document_id: UUID, *, field: str = "document_id", expected_version: int | None = None
    ) -> Document:
        document = self.store.find(Document, document_id)
        if document is None:
            msg = f"no document with id {document_id}"
            raise DocumentNotFound(msg, field=field)
        if expected_version is not None and document.version != expected_version:
            msg = f"the document is at version {document.version}, not {expected_version}"
            raise Conflict(msg, field="expected_version")
        return document

    def _holders_documents(self, citizen_id: UUID) -> list[Document]:
        found = (self.store.find(Document, i) for i in self.store.dossier(citizen_id, "document"))
        return [d for d in found if d is not None]

    def invalidate_on_death(self, citizen_id: UUID, by: Recording) -> list[Aggregate]:
        """A death ends the holder's applications and valid documents, in the death's save."""
        return [d for d in self._holders_documents(citizen_id) if d.end_by_death(by=by)]

    # -- commands ----------------------------------------------------------------------------

    def apply_for_document(self, account: Account, given: Given[ApplyForDocument]) -> Outcome:
        def decide(cmd: ApplyForDocument) -> Decision:
            holder = self.store.load_citizen(cmd.citizen_id)
            mission = self.store.missions.get(
                cmd.collection_mission or account.mission, field="collection_mission"
            )
            by = self.store.recording(account, cmd.effective_date)
            document = Document.apply_for(
                kind=DocumentKind(cmd.kind),
                holder=holder,
                holders_documents=self._holders_documents(holder.id),
                collection_mission=mission.code,
                by=by,
                today=self.store.today(),
            )
            dossier = self.store.link_to_dossier(
                holder.id, kind="document", aggregate_id=document.id, by=by
            )
            return [document, dossier], {"documentId": str(document.id)}

        return self.store.execute(account, DocumentOperation.APPLY_FOR_DOCUMENT, given, decide)

    def _step(
        self,
        account: Account,
        operation: DocumentOperation,
        given: Given[D],
        act: Callable[[Document, Recording, D], object],
        effective_date: Callable[[D], date | None] = lambda _: None,
    ) -> Outcome:
        """One lifecycle step on one document, saved alone."""

        def decide(cmd: D) -> Decision:
            document = self.load_document(cmd.document_id, expected_version=cmd.expected_version)
            act(document, self.store.recording(account, effective_date(cmd)), cmd)
            return [document], {"documentId": str(document.id)}

        return self.store.execute(account, operation, given, decide)

    def capture_biometrics(self, account: Account, given: Given[CaptureBiometrics]) -> Outcome:
        return self._step(
            account,
            DocumentOperation.CAPTURE_BIOMETRICS,
            given,
            lambda d, by, cmd: d.capture_biometrics(
                facial_image_ref=cmd.facial_image_ref,
                fingerprints_ref=cmd.fingerprints_ref,
                by=by,
                today=self.store.today(),
            ),
        )

    def approve_document(self, account: Account, given: Given[ApproveDocument]) -> Outcome:
        return self._step(
            account,
            DocumentOperation.APPROVE_DOCUMENT,
            given,
            lambda d, by, _: d.approve(by=by, today=self.store.today()),
        )

    def reject_document(self, account: Account, given: Given[RejectDocument]) -> Outcome:
        return self._step(
            account,
            DocumentOperation.REJECT_DOCUMENT,
            given,
            lambda d, by, cmd: d.reject(reason=cmd.reason, by=by, today=self.store.today()),
        )

    def issue_document(self, account: Account, given: Given[IssueDocument]) -> Outcome:
        """Issue with the blank's number; the number's index is saved in the same transaction."""
        number = ""  # the command's, once validated

        def decide(cmd: IssueDocument) -> Decision:
            nonlocal number
            number = cmd.number
            index_id = DocumentNumberIndex.id_for(number)
            document = self.load_document(cmd.document_id, expected_version=cmd.expected_version)
            holder = self.store.load_citizen(document.citizen_id, field="document_id")
            by = self.store.recording(account, None)
            document.check_may_issue(holder=holder, by=by, today=self.store.today())
            index = DocumentNumberIndex.claim(
                self.store.find(DocumentNumberIndex, index_id),
                number=cmd.number,
                document_id=document.id,
                by=by,
            )
            superseded = document.issue(
                number=cmd.number,
                holder=holder,
                holders_documents=self._holders_documents(holder.id),
                by=by,
                today=self.store.today(),
            )
            return [document, index, *superseded], {"documentId": str(document.id)}

        try:
            return self.store.execute(account, DocumentOperation.ISSUE_DOCUMENT, given, decide)
        except Conflict:
            # Another officer's issue committed first; if it took this number, say so.
            if self.store.find(DocumentNumberIndex, DocumentNumberIndex.id_for(number)) is None:
                raise
            msg = f"document number {number} was issued by another officer just now"
            raise DocumentNumberTaken(msg, field="number") from None

    def deliver_document(self, account: Account, given: Given[DeliverDocument]) -> Outcome:
        return self._step(
            account,
            DocumentOperation.DELIVER_DOCUMENT,
            given,
            lambda d, by, _: d.deliver(by=by, today=self.store.today()),
        )

    def report_document_lost(self, account: Account, given: Given[ReportDocumentLost]) -> Outcome:
        return self._step(
            account,
            DocumentOperation.REPORT_DOCUMENT_LOST,
            given,
            lambda d, by, cmd: d.report_lost(
                circumstances=cmd.circumstances, by=by, today=self.store.today()
            ),
            lambda cmd: cmd.effective_date,
        )

    def report_document_stolen(
        self, account: Account, given: Given[ReportDocumentStolen]
    ) -> Outcome:
        return self._step(
            account,
            DocumentOperation.REPORT_DOCUMENT_STOLEN,
            given,
            lambda d, by, cmd: d.report_stolen(
                circumstances=cmd.circumstances, by=by, today=self.store.today()
            ),
            lambda cmd: cmd.effective_date,
        )

    def revoke_document(self, account: Account, given: Given[RevokeDocument]) -> Outcome:
        return self._step(
            account,
            DocumentOperation.REVOKE_DOCUMENT,
            given,
            lambda d, by, cmd: d.revoke(reason=cmd.reason, by=by, today=self.store.today()),
        )

    # -- queries -----------------------------------------------------------------------------

    def document(self, account: Account, document_id: UUID) -> Document:
        authorize(account, DocumentOperation.DOCUMENT)
        document = self.load_document(document_id, field="id")
        self.store.record_read(account, document.citizen_id)
        return document

    def document_by_number(self, account: Account, number: str) -> Document | None:
        """The document holding `number` (canonical form), or None; the read is recorded."""
        authorize(account, DocumentOperation.DOCUMENT)
        index = self.store.find(DocumentNumberIndex, DocumentNumberIndex.id_for(number))
        document = None if index is None else self.store.find(Document, index.document_id)
        if document is not None:
            self.store.record_read(account, document.citizen_id)
        return document

    def documents_of(self, account: Account, citizen_id: UUID) -> list[Document]:
        """The citizen's documents and applications, oldest first."""
        authorize(account, DocumentOperation.DOCUMENT)
        return self._holders_documents(citizen_id)

    def document_history(self, account: Account, document_id: UUID) -> list[RegisterEvent]:
        authorize(account, DocumentOperation.DOCUMENT)
        events: list[Any] = list(self.store.events.get(document_id))
        return events

    def verify_document(self, cmd: VerifyDocument) -> Verification:
        """The public check: the same reads and comparison whether the number exists or not."""
        rules.not_in_future(cmd.birth_date, today=self.store.today(), field="birth_date")
        index = self.store.find(DocumentNumberIndex, DocumentNumberIndex.id_for(cmd.number))
        document = self.store.find(Document, _DECOY if index is None else index.document_id)
        recorded = _NO_BIRTH_DATE
        if document is not None and document.birth_date is not None:
            recorded = document.birth_date.isoformat().encode()
        matches = hmac.compare_digest(recorded, cmd.birth_date.isoformat().encode())
        if document is None or not matches:
            return Verification(DocumentCheck.UNKNOWN, None)
        check = _CHECKS.get(document.status(self.store.today()), DocumentCheck.UNKNOWN)
        return Verification(check, document.expires_on if check is DocumentCheck.VALID else None)
