"""A legacy line's documents, service requests and legalisations, as dated steps of its work."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.documents.document import Document
from domain.documents.kinds import DocumentKind
from domain.documents.numbers import DocumentNumberIndex
from domain.services import tracking_number
from domain.services.legalisation import Legalisation, LegalisationCodeIndex
from domain.services.request import ServiceRequest
from domain.services.tracking_number import TrackingNumberIndex
from register.legacy_import.line_terms import LineRejected, Step, by_import

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date
    from decimal import Decimal

    from domain.civil_status.citizen import Citizen
    from register.legacy_import.line_events import LineWork
    from register.legacy_import.line_format import (
        LegacyDocument,
        LegacyLegalisation,
        LegacyRequest,
    )


def document_steps(work: LineWork, citizen: Citizen, doc: LegacyDocument, field: str) -> list[Step]:
    held: list[Document] = []

    def issue() -> None:
        work.at = field
        by = by_import(work.d.mission(doc.mission, f"{field}.mission"), doc.issued_on)
        document = Document.apply_for(
            kind=DocumentKind(doc.kind),
            holder=citizen,
            holders_documents=work.documents,
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
            holders_documents=work.documents,
            by=by,
            today=doc.issued_on,
        )
        document.deliver(by=by, today=doc.issued_on)
        work.saved.append(
            DocumentNumberIndex.claim(None, number=doc.number, document_id=document.id, by=by)
        )
        work.documents.append(document)
        work.link("document", document.id, by)
        held.append(document)

    def change() -> None:
        work.at = field
        assert doc.status_date is not None  # noqa: S101  # the model requires it
        document, on = held[0], doc.status_date
        by = by_import(doc.mission, on)
        if doc.status == "LOST":
            document.report_lost(circumstances=None, by=by, today=on)
        elif doc.status == "STOLEN":
            document.report_stolen(circumstances=None, by=by, today=on)
        else:
            document.revoke(reason=str(doc.reason), by=by, today=on)

    steps: list[Step] = [(doc.issued_on, 1, issue)]
    if doc.status != "VALID" and doc.status_date is not None:
        steps.append((doc.status_date, 3, change))
    return steps


def request_step(work: LineWork, req: LegacyRequest, field: str) -> Callable[[], None]:
    def step() -> None:
        work.at = field
        service = work.d.services.get(req.service)
        if service is None:
            raise LineRejected(f"{field}.service", f"the guide has no service {req.service!r}")
        mission = work.d.mission(req.mission, f"{field}.mission")
        fee = service.offer(mission=mission, channel=req.channel)
        by = by_import(mission, req.submitted_on)
        number = tracking_number.issue(mission, req.submitted_on.year)
        request = ServiceRequest.submit(
            citizen_id=work.citizen_id,
            tracking_number=number,
            service_code=service.code,
            channel=req.channel,
            fee=fee,
            documents_required=bool(service.required_documents),
            by=by,
            today=work.today,
        )
        _close(request, req, fee.amount, fee.currency, work.today)
        index = TrackingNumberIndex.assign(
            tracking_number=number, service_request_id=request.id, by=by
        )
        work.saved.extend([request, index])
        work.link("service-request", request.id, by)

    return step


def _close(
    request: ServiceRequest, req: LegacyRequest, amount: Decimal, cur: str, today: date
) -> None:
    if req.status == "SUBMITTED" or req.closed_on is None:
        return
    by = by_import(req.mission, req.closed_on)
    if req.status == "WITHDRAWN":
        request.withdraw(reason=req.reason, by=by, today=today)
        return
    if req.status == "REJECTED":
        request.reject(reason=req.reason or "refused", by=by, today=today)
        return
    if request.fee_due:
        request.record_fee_payment(
            amount=amount, currency=cur, receipt_reference="LEGACY", by=by, today=today
        )
    if request.documents_required:
        request.receive_documents(documents=["legacy file"], by=by, today=today)
    request.complete(by=by, today=today)
    if req.status == "DELIVERED":
        request.make_ready_for_collection(by=by, today=today)
        request.deliver(by=by, today=today)


def legalisation_step(work: LineWork, leg: LegacyLegalisation, field: str) -> Callable[[], None]:
    def step() -> None:
        work.at = field
        by = by_import(work.d.mission(leg.mission, f"{field}.mission"), leg.date)
        legalisation = Legalisation.legalise(
            citizen_id=work.citizen_id,
            document_kind=leg.document_kind,
            issuing_authority=leg.issuing_authority,
            signer_name=leg.signer_name,
            signer_capacity=leg.signer_capacity,
            sealing_authority=leg.sealing_authority,
            document_sha256=None,
            by=by,
        )
        work.saved.extend([legalisation, LegalisationCodeIndex.assign(legalisation, by=by)])
        work.link("legalisation", legalisation.id, by)

    return step
