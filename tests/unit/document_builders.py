"""Documents at each step of their lifecycle, for the document unit tests."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.documents.document import Document
from domain.documents.kinds import DocumentKind, DocumentStatus
from tests.unit.builders import TODAY, by

if TYPE_CHECKING:
    from datetime import date

    from domain.civil_status.citizen import Citizen

PASSPORT, NATIONAL_ID = DocumentKind.PASSPORT, DocumentKind.NATIONAL_ID
S = DocumentStatus
MTL = by(TODAY, actor="clerk.montreal", mission="MTL")
"""A clerk at the Montréal consulate: the holders here are registered in Paris."""
OFFICER = by(TODAY, actor="officer.dubai", mission="DXB")


def applied(holder: Citizen, kind: DocumentKind = PASSPORT, *, others: Any = ()) -> Document:
    return Document.apply_for(
        kind=kind,
        holder=holder,
        holders_documents=others,
        collection_mission="MTL",
        by=MTL,
        today=TODAY,
    )


def approved(holder: Citizen, kind: DocumentKind = PASSPORT) -> Document:
    document = applied(holder, kind)
    document.capture_biometrics(
        facial_image_ref="face-1", fingerprints_ref="fp-1", by=MTL, today=TODAY
    )
    document.approve(by=OFFICER, today=TODAY)
    return document


def issued(
    holder: Citizen,
    kind: DocumentKind = PASSPORT,
    *,
    number: str = "AB1234567",
    on: date = TODAY,
    others: Any = (),
) -> Document:
    document = approved(holder, kind)
    document.issue(
        number=number,
        holder=holder,
        holders_documents=others,
        by=by(on, actor="officer.dubai", mission="DXB"),
        today=on,
    )
    return document


def types(document: Document) -> list[str]:
    """The names of the document's pending events, which are collected."""
    return [type(e).__name__ for e in document.collect_events()]
