"""One line of a legacy register export (docs/legacy-format.md) turned into its events.

`LegacyDecider.decide` turns a valid line (`register/legacy_import/line_format.py`) into the
aggregates a clerk's commands would have made, through the same domain methods and rules, so an
import records ordinary events. Relations to other lines go by legacy id: the register id of every
imported citizen is derived from it, so each side of a relation is written on its own line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.base import Recording, name_id
from domain.civil_status.birth import Parent
from domain.civil_status.citizen import Citizen
from domain.civil_status.dossier import Dossier
from domain.civil_status.values import Names
from domain.documents.document import Document
from domain.documents.kinds import DocumentKind
from domain.documents.numbers import DocumentNumberIndex
from domain.errors import DomainError
from domain.indexes import NationalIdIndex
from domain.services import tracking_number
from domain.services.legalisation import Legalisation, LegalisationCodeIndex
from domain.services.request import ServiceRequest
from domain.services.tracking_number import TrackingNumberIndex
from register.errors import api_field, client_message

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import date
    from decimal import Decimal
    from uuid import UUID

    from eventsourcing.domain import Aggregate

    from domain.services.catalogue import ConsularService
    from register.legacy_import.line_format import (
        CivilEvent,
        LegacyDocument,
        LegacyLegalisation,
        LegacyLine,
        LegacyRequest,
    )

ACTOR = "import"
"""The account every imported event is recorded by."""


def citizen_id_for(legacy_id: str) -> UUID:
    """The register id of the citizen with this legacy key (fixed: it makes imports resumable)."""
    return name_id("legacy-citizen", legacy_id)


class LineRejected(Exception):
    """A line that cannot go in: the field (a dotted path in the line) and why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def _by(mission: str, on: date) -> Recording:
    return Recording(actor=ACTOR, mission=mission, effective_date=on)


class LegacyDecider:
    """Turns valid lines into aggregates, checking what a line refers to outside itself.

    `people`: every legacy id known (in the file, or already imported) → (birth date, date of
    death), so that births and marriages referring to other lines are checked like a clerk's.
    """

    def __init__(
        self,
        *,
        people: Callable[[str], tuple[date, date | None] | None],
        missions: Callable[[str], bool],
        services: Mapping[str, ConsularService],
        today: date,
    ) -> None:
        self.people = people
        self.missions = missions
        self.services = services
        self.today = today

    def decide(self, line: LegacyLine) -> list[Aggregate]:
        """The line's aggregates with their new events; LineRejected names what is wrong."""
        work = _LineWork(self, line)
        try:
            return work.run()
        except DomainError as error:
            named = api_field(error.field)
            field = f"{work.at}.{named}" if work.at and named else work.at
            reason = f"{error.code}: {client_message(error)}"
            raise LineRejected(field or named or "line", reason) from None

    def parent(self, legacy_id: str | None, field: str) -> Parent | None:
        if legacy_id is None:
            return None
        born, died = self.known(legacy_id, field)
        return Parent(citizen_id_for(legacy_id), born, died)

    def known(self, legacy_id: str, field: str) -> tuple[date, date | None]:
        facts = self.people(legacy_id)
        if facts is None:
            msg = f"no citizen {legacy_id!r} in the file or the register"
            raise LineRejected(field, msg)
        return facts

    def mission(self, code: str, field: str) -> str:
        if not self.missions(code):
            raise LineRejected(field, f"no mission {code!r}")
        return code


class _LineWork:
    """The aggregates of one line, built in the order of its dates."""

    def __init__(self, decider: LegacyDecider, line: LegacyLine) -> None:
        self.d = decider
        self.line = line
        self.today = decider.today
        self.citizen_id = citizen_id_for(line.legacy_id)
        self.saved: list[Aggregate] = []
        self.documents: list[Document] = []
        self.dossier: Dossier | None = None
        self.marriages: list[UUID] = []
        self.at = ""
        """Where in the line the step being taken comes from (a domain error's prefix)."""

    def run(self) -> list[Aggregate]:
        citizen = self._create()
        steps: list[tuple[date, int, Callable[[], None]]] = []
        for i, event in enumerate(self.line.events):
            if event.type != "death":
                steps.append((event.date, 0, self._civil(citizen, event, f"events[{i}]")))
        for i, doc in enumerate(self.line.documents):
            steps.extend(self._document(citizen, doc, f"documents[{i}]"))
        for i, req in enumerate(self.line.requests):
            steps.append((req.submitted_on, 2, self._request(req, f"requests[{i}]")))
        for i, leg in enumerate(self.line.legalisations):
            steps.append((leg.date, 2, self._legalisation(leg, f"legalisations[{i}]")))
        for _, _, step in sorted(steps, key=lambda s: (s[0], s[1])):
            step()
        if self.line.events and self.line.events[-1].type == "death":
            self._death(citizen, self.line.events[-1], f"events[{len(self.line.events) - 1}]")
        return [*self.saved, *self.documents, *([self.dossier] if self.dossier else [])]

    # -- the record -------------------------------------------------------------------------

    def _create(self) -> Citizen:
        line = self.line
        self.d.mission(line.mission, "mission")
        person: dict[str, Any] = {
            **line.model_dump(include=set(Citizen.Enrolled.__annotations__)),
            "registered_mission": line.mission,
        }
        registered_on = line.registered_on or line.birth_date
        if line.birth is not None:
            citizen = Citizen.import_birth(
                citizen_id=self.citizen_id,
                person=person,
                father=self.d.parent(line.birth.father_id, "birth.fatherId"),
                mother=self.d.parent(line.birth.mother_id, "birth.motherId"),
                by=_by(line.mission, registered_on),
                today=self.today,
            )
        else:
            citizen = Citizen.enroll(
                person=person,
                by=_by(line.mission, registered_on),
                today=self.today,
                citizen_id=self.citizen_id,
            )
        self.saved.append(citizen)
        if line.national_id:
            self.saved.append(
                NationalIdIndex.claim(
                    None,
                    national_id=line.national_id,
                    citizen_id=citizen.id,
                    by=_by(line.mission, registered_on),
                )
            )
        for i, child in enumerate(line.children):
            born, _ = self.d.known(child, f"children[{i}]")
            citizen.add_child(child_id=citizen_id_for(child), by=_by(line.mission, born))
        return citizen

    def _civil(self, citizen: Citizen, e: Any, field: str) -> Callable[[], None]:
        def step() -> None:
            self.at = field
            mission = self.d.mission(e.mission, f"{field}.mission")
            by = _by(mission, e.date)
            if e.type == "marriage":
                self._marry(citizen, e, by, field)
            elif e.type in {"divorce", "widowed"}:
                if e.marriage >= len(self.marriages):
                    raise LineRejected(f"{field}.marriage", "no such marriage on this line")
                marriage_id = self.marriages[e.marriage]
                if e.type == "divorce":
                    citizen.record_divorce(marriage_id=marriage_id, by=by, today=self.today)
                else:
                    citizen.spouse_died(marriage_id=marriage_id, by=by)
            elif e.type == "nameChange":
                names = Names(e.given_name, e.family_name, e.given_name_ar, e.family_name_ar)
                citizen.change_name(names=names, legal_basis=e.legal_basis, by=by, today=self.today)
            elif e.type == "residence":
                citizen.change_residence(
                    address=e.address, city=e.city, country=e.country, by=by, today=self.today
                )
            else:
                to = self.d.mission(e.to_mission, f"{field}.toMission")
                citizen.transfer_registration(to_mission=to, by=by, today=self.today)

        return step

    def _marry(self, citizen: Citizen, e: CivilEvent, by: Recording, field: str) -> None:
        spouse = e.spouse
        assert spouse is not None  # noqa: S101  # the model requires it for a marriage
        if spouse.legacy_id is not None:
            self.d.known(spouse.legacy_id, f"{field}.spouse.legacyId")
            pair = "|".join(sorted((self.line.legacy_id, spouse.legacy_id)))
            marriage_id = name_id("legacy-marriage", f"{pair}|{e.date.isoformat()}")
            spouse_id: UUID | None = citizen_id_for(spouse.legacy_id)
            name, nationality = spouse.name or spouse.legacy_id, spouse.nationality or "MAR"
        else:
            marriage_id = name_id("legacy-marriage", f"{self.line.legacy_id}|{len(self.marriages)}")
            spouse_id, name, nationality = None, str(spouse.name), str(spouse.nationality)
        citizen.record_marriage(
            marriage_id=marriage_id,
            spouse_id=spouse_id,
            spouse_name=name,
            spouse_nationality=nationality,
            place=str(e.place),
            authorisation=e.authorisation,
            by=by,
            today=self.today,
        )
        self.marriages.append(marriage_id)

    def _death(self, citizen: Citizen, e: CivilEvent, field: str) -> None:
        self.at = field
        by = _by(self.d.mission(e.mission, f"{field}.mission"), e.date)
        citizen.record_death(place=str(e.place), by=by, today=self.today)
        for document in self.documents:
            document.end_by_death(by=by)

    def _link(self, kind: str, aggregate_id: UUID, by: Recording) -> None:
        self.dossier = Dossier.link(
            self.dossier, citizen_id=self.citizen_id, kind=kind, aggregate_id=aggregate_id, by=by
        )

    # -- documents, requests, legalisations -------------------------------------------------

    def _document(
        self, citizen: Citizen, doc: LegacyDocument, field: str
    ) -> list[tuple[date, int, Callable[[], None]]]:
        held: list[Document] = []

        def issue() -> None:
            self.at = field
            by = _by(self.d.mission(doc.mission, f"{field}.mission"), doc.issued_on)
            document = Document.apply_for(
                kind=DocumentKind(doc.kind),
                holder=citizen,
                holders_documents=self.documents,
                collection_mission=by.mission,
                by=by,
                today=doc.issued_on,
            )
            document.capture_biometrics(
                facial_image_ref=f"legacy:{doc.number}",
                fingerprints_ref=None,
                by=by,
                today=doc.issued_on,
            )
            document.approve(by=by, today=doc.issued_on)
            document.issue(  # supersedes the line's earlier valid document of the kind
                number=doc.number,
                holder=citizen,
                holders_documents=self.documents,
                by=by,
                today=doc.issued_on,
            )
            document.deliver(by=by, today=doc.issued_on)
            self.saved.append(
                DocumentNumberIndex.claim(None, number=doc.number, document_id=document.id, by=by)
            )
            self.documents.append(document)
            self._link("document", document.id, by)
            held.append(document)

        def change() -> None:
            self.at = field
            assert doc.status_date is not None  # noqa: S101  # the model requires it
            document, on = held[0], doc.status_date
            by = _by(doc.mission, on)
            if doc.status == "LOST":
                document.report_lost(circumstances=None, by=by, today=on)
            elif doc.status == "STOLEN":
                document.report_stolen(circumstances=None, by=by, today=on)
            else:
                document.revoke(reason=str(doc.reason), by=by, today=on)

        steps: list[tuple[date, int, Callable[[], None]]] = [(doc.issued_on, 1, issue)]
        if doc.status != "VALID" and doc.status_date is not None:
            steps.append((doc.status_date, 3, change))
        return steps

    def _request(self, req: LegacyRequest, field: str) -> Callable[[], None]:
        def step() -> None:
            self.at = field
            service = self.d.services.get(req.service)
            if service is None:
                raise LineRejected(f"{field}.service", f"the guide has no service {req.service!r}")
            mission = self.d.mission(req.mission, f"{field}.mission")
            fee = service.offer(mission=mission, channel=req.channel)
            by = _by(mission, req.submitted_on)
            number = tracking_number.issue(mission, req.submitted_on.year)
            request = ServiceRequest.submit(
                citizen_id=self.citizen_id,
                tracking_number=number,
                service_code=service.code,
                channel=req.channel,
                fee=fee,
                documents_required=bool(service.required_documents),
                by=by,
                today=self.today,
            )
            self._close(request, req, fee.amount, fee.currency)
            index = TrackingNumberIndex.assign(
                tracking_number=number, service_request_id=request.id, by=by
            )
            self.saved.extend([request, index])
            self._link("service-request", request.id, by)

        return step

    def _close(
        self, request: ServiceRequest, req: LegacyRequest, amount: Decimal, cur: str
    ) -> None:
        if req.status == "SUBMITTED" or req.closed_on is None:
            return
        by = _by(req.mission, req.closed_on)
        if req.status == "WITHDRAWN":
            request.withdraw(reason=req.reason, by=by, today=self.today)
            return
        if req.status == "REJECTED":
            request.reject(reason=req.reason or "refused", by=by, today=self.today)
            return
        if request.fee_due:
            request.record_fee_payment(
                amount=amount, currency=cur, receipt_reference="LEGACY", by=by, today=self.today
            )
        if request.documents_required:
            request.receive_documents(documents=["legacy file"], by=by, today=self.today)
        request.complete(by=by, today=self.today)
        if req.status == "DELIVERED":
            request.make_ready_for_collection(by=by, today=self.today)
            request.deliver(by=by, today=self.today)

    def _legalisation(self, leg: LegacyLegalisation, field: str) -> Callable[[], None]:
        def step() -> None:
            self.at = field
            by = _by(self.d.mission(leg.mission, f"{field}.mission"), leg.date)
            legalisation = Legalisation.legalise(
                citizen_id=self.citizen_id,
                document_kind=leg.document_kind,
                issuing_authority=leg.issuing_authority,
                signer_name=leg.signer_name,
                signer_capacity=leg.signer_capacity,
                sealing_authority=leg.sealing_authority,
                document_sha256=None,
                by=by,
            )
            self.saved.extend([legalisation, LegalisationCodeIndex.assign(legalisation, by=by)])
            self._link("legalisation", legalisation.id, by)

        return step
