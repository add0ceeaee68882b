"""An identity document's life: applied for at any mission, issued, delivered, and ended."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent
from domain.civil_status import rules
from domain.documents import endings, mrz
from domain.documents.kinds import (
    PENDING,
    VALID,
    DocumentKind,
    DocumentStatus,
    check_alive,
    check_may_apply,
    expiry_date,
    personalised,
    status_on,
)
from domain.errors import DocumentTransitionRefused

if TYPE_CHECKING:
    from collections.abc import Iterable

    from domain.civil_status.citizen import Citizen

S = DocumentStatus


class Document(Aggregate):
    """A passport or ID card, from application to its end; its number is unique (see index)."""

    TOPIC = "sijill/document"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/document/created"

    class DocumentApplied(Created):
        """An application, at whichever mission the citizen walked into."""

        TOPIC = "sijill/document/applied/v1"
        kind: str
        citizen_id: UUID
        collection_mission: str
        """Where the citizen means to collect the document; delivery may happen elsewhere."""

    class BiometricsCaptured(Event):
        """Reference ids of the captured biometrics; the images live in the biometric store."""

        TOPIC = "sijill/document/biometrics-captured/v1"
        facial_image_ref: str
        fingerprints_ref: str | None

        def apply(self, aggregate: Document) -> None:
            aggregate.state = S.BIOMETRICS_CAPTURED
            aggregate.biometrics = (self.facial_image_ref, self.fingerprints_ref)

    class DocumentApproved(Event):
        TOPIC = "sijill/document/approved/v1"

        def apply(self, aggregate: Document) -> None:
            aggregate.state = S.APPROVED

    class DocumentRejected(Event):
        TOPIC = "sijill/document/rejected/v1"
        reason: str

        def apply(self, aggregate: Document) -> None:
            aggregate.state = S.REJECTED
            aggregate.reason = self.reason

    class DocumentIssued(Event):
        """The document is personalised: its number, dates and MRZ as printed."""

        TOPIC = "sijill/document/issued/v1"
        number: str
        expires_on: date
        surname: str
        given_names: str
        sex: str
        birth_date: date
        nationality: str
        mrz: list[str]

        def apply(self, aggregate: Document) -> None:
            aggregate.state = S.ISSUED
            aggregate.number = self.number
            aggregate.issued_on = self.effective_date
            aggregate.issued_at = self.mission
            aggregate.expires_on = self.expires_on
            aggregate.birth_date = self.birth_date
            aggregate.mrz = tuple(self.mrz)

    class DocumentSuperseded(Event):
        TOPIC = "sijill/document/superseded/v1"
        by_number: str
        """The number of the newer document of the same kind."""

        def apply(self, aggregate: Document) -> None:
            aggregate.state = S.SUPERSEDED

    class DocumentDelivered(Event):
        TOPIC = "sijill/document/delivered/v1"

        def apply(self, aggregate: Document) -> None:
            aggregate.state = S.DELIVERED
            aggregate.delivered_at = self.mission

    class DocumentReportedLost(Event):
        TOPIC = "sijill/document/reported-lost/v1"
        circumstances: str | None

        def apply(self, aggregate: Document) -> None:
            aggregate.state = S.LOST

    class DocumentReportedStolen(Event):
        TOPIC = "sijill/document/reported-stolen/v1"
        circumstances: str | None

        def apply(self, aggregate: Document) -> None:
            aggregate.state = S.STOLEN

    class DocumentRevoked(Event):
        TOPIC = "sijill/document/revoked/v1"
        reason: str

        def apply(self, aggregate: Document) -> None:
            aggregate.state = S.REVOKED
            aggregate.reason = self.reason

    class DocumentInvalidatedByDeath(Event):
        TOPIC = "sijill/document/invalidated-by-death/v1"

        def apply(self, aggregate: Document) -> None:
            aggregate.state = S.INVALIDATED_BY_DEATH

    def __init__(
        self,
        *,
        kind: str,
        citizen_id: UUID,
        collection_mission: str,
        mission: str,
        effective_date: date,
        **_: Any,
    ) -> None:
        self.kind = DocumentKind(kind)
        self.citizen_id = citizen_id
        self.collection_mission = collection_mission
        self.applied_at = mission
        self.applied_on = effective_date
        self.state = S.APPLIED
        self.biometrics: tuple[str, str | None] | None = None
        self.reason: str | None = None
        self.number: str | None = None
        self.issued_on: date | None = None
        self.issued_at: str | None = None
        self.expires_on: date | None = None
        self.birth_date: date | None = None
        self.mrz: tuple[str, ...] = ()
        self.delivered_at: str | None = None

    # -- status -----------------------------------------------------------------------------

    def status(self, today: date) -> DocumentStatus:
        """The recorded state, or EXPIRED for a valid document past its expiry date."""
        return status_on(self.state, self.expires_on, today)

    def is_valid(self, today: date) -> bool:
        return self.status(today) in VALID

    def require(self, action: str, today: date, *allowed: DocumentStatus) -> None:
        """Refuse `action` unless the document's status today is one of `allowed`."""
        current = self.status(today)
        if current not in allowed:
            wanted = " or ".join(s.value for s in allowed)
            msg = f"cannot {action} a document that is {current.value}; it must be {wanted}"
            raise DocumentTransitionRefused(msg, field="document_id")

    # -- application ------------------------------------------------------------------------

    @classmethod
    def apply_for(  # an application has this many facts
        cls,
        *,
        kind: DocumentKind,
        holder: Citizen,
        holders_documents: Iterable[Document],
        collection_mission: str,
        by: Recording,
        today: date,
    ) -> Document:
        """Open an application; the mission the citizen is registered at does not matter."""
        pending = {d.kind for d in holders_documents if d.state in PENDING}
        check_may_apply(kind, holder=holder, pending=pending, by=by, today=today)
        return cls._create(
            cls.DocumentApplied,
            id=uuid4(),
            kind=kind.value,
            citizen_id=holder.id,
            collection_mission=collection_mission,
            **by.fields(),
        )

    def capture_biometrics(
        self, *, facial_image_ref: str, fingerprints_ref: str | None, by: Recording, today: date
    ) -> None:
        """Record the biometrics' reference ids; a retake replaces them until approval."""
        self.require("capture biometrics for", today, S.APPLIED, S.BIOMETRICS_CAPTURED)
        self.trigger_event(
            self.BiometricsCaptured,
            facial_image_ref=facial_image_ref,
            fingerprints_ref=fingerprints_ref,
            **by.fields(),
        )

    def approve(self, *, by: Recording, today: date) -> None:
        self.require("approve", today, S.BIOMETRICS_CAPTURED)
        self.trigger_event(self.DocumentApproved, **by.fields())

    def reject(self, *, reason: str, by: Recording, today: date) -> None:
        self.require("reject", today, S.APPLIED, S.BIOMETRICS_CAPTURED)
        self.trigger_event(self.DocumentRejected, reason=reason, **by.fields())

    # -- issue and after --------------------------------------------------------------------

    def check_may_issue(self, *, holder: Citizen, by: Recording, today: date) -> None:
        """Refuse unless the document is approved and its holder alive."""
        self.require("issue", today, S.APPROVED)
        rules.not_in_future(by.effective_date, today=today, field="effective_date")
        check_alive(holder, field="document_id")

    def issue(
        self,
        *,
        number: str,
        holder: Citizen,
        holders_documents: Iterable[Document],
        by: Recording,
        today: date,
    ) -> list[Document]:
        """Personalise the document from the holder's record as it stands today.

        Returns the holder's other valid documents of the same kind, superseded by this one.
        """
        self.check_may_issue(holder=holder, by=by, today=today)
        expires_on = expiry_date(
            self.kind, birth_date=holder.birth_date, issued_on=by.effective_date
        )
        printed = personalised(self.kind, number=number, holder=holder, expires_on=expires_on)
        zone = mrz.encode(printed)
        older = [
            d
            for d in holders_documents
            if d.id != self.id and d.kind is self.kind and d.is_valid(today)
        ]
        self.trigger_event(
            self.DocumentIssued,
            number=number,
            expires_on=expires_on,
            surname=printed.surname,
            given_names=printed.given_names,
            sex=printed.sex,
            birth_date=printed.birth_date,
            nationality=printed.nationality,
            mrz=list(zone),
            **by.fields(),
        )
        for d in older:
            d.trigger_event(d.DocumentSuperseded, by_number=number, **by.fields())
        return older

    def deliver(self, *, by: Recording, today: date) -> None:
        """Hand the document to its holder, at whichever mission records it."""
        self.require("deliver", today, S.ISSUED)
        self.trigger_event(self.DocumentDelivered, **by.fields())

    # -- its end (domain.documents.endings) --------------------------------------------------

    report_lost = endings.report_lost
    report_stolen = endings.report_stolen
    revoke = endings.revoke
    end_by_death = endings.end_by_death
