"""Identity-document commands as validated input: API field names, errors that name the rule.

A field's attribute docstring is its description in the API; a comment is for the code alone.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated
from uuid import UUID  # noqa: TC003  # pydantic reads the annotations at runtime

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from domain.documents.kinds import DocumentKind
from domain.documents.numbers import normalise_number
from register.civil_status.inputs import Command, MissionCode, RequestId, Text, Version

_REFERENCE = re.compile(r"^[A-Za-z0-9._:/-]+$")
EARLIEST_BIRTH = date(1900, 1, 1)
"""No holder of a document in circulation was born before this."""


def _kind(value: str) -> str:
    value = value.strip().upper()
    if value not in DocumentKind.__members__:
        raise PydanticCustomError(
            "UNKNOWN_DOCUMENT_KIND",
            "the document kind is one of {kinds}",
            {"kinds": ", ".join(DocumentKind.__members__)},
        )
    return value


def document_number(value: str) -> str:
    number = normalise_number(value)
    if number is None:
        raise PydanticCustomError(
            "INVALID_FORMAT", "a document number is two letters then seven digits (AB1234567)"
        )
    return number


def _reference(value: str) -> str:
    if not _REFERENCE.match(value):
        raise PydanticCustomError(
            "INVALID_FORMAT", "a biometric reference id holds letters, digits and . _ : / - only"
        )
    return value


Kind = Annotated[str, AfterValidator(_kind)]
DocumentNumber = Annotated[str, AfterValidator(document_number)]
BiometricReference = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(_reference)]


class ApplyForDocument(Command):
    # Restated for its description: the API describes the key where a record is created.
    request_id: RequestId | None = None
    """Idempotency key: a retry returns the first outcome."""
    citizen_id: UUID
    kind: Kind
    """PASSPORT or NATIONAL_ID (a string, so an unknown kind is a typed error)."""
    collection_mission: MissionCode | None = None
    """Mission code; defaults to the applying mission."""
    effective_date: date | None = None
    """When the application was lodged; defaults to today."""


class OnDocument(Command):
    document_id: UUID
    expected_version: Version | None = None
    """Refuse with CONFLICT unless the document is at this version."""


class CaptureBiometrics(OnDocument):
    # The register keeps references to the biometric store only.
    facial_image_ref: BiometricReference
    """The facial image's biometric-store id."""
    # None when fingerprints are not taken (young children, medical exemption).
    fingerprints_ref: BiometricReference | None = None
    """The fingerprints' biometric-store id, when taken."""


class ApproveDocument(OnDocument):
    pass


class RejectDocument(OnDocument):
    reason: Text


class IssueDocument(OnDocument):
    # The number printed on the blank booklet or card being personalised.
    number: DocumentNumber
    """The blank's printed number: two letters then seven digits (AB1234567)."""


class DeliverDocument(OnDocument):
    pass


class ReportDocumentLost(OnDocument):
    effective_date: date | None = None
    """When it went missing; defaults to today."""
    circumstances: Text | None = None


class ReportDocumentStolen(ReportDocumentLost):
    pass


class RevokeDocument(OnDocument):
    reason: Text


class LookUpDocument(Command):
    number: DocumentNumber


class VerifyDocument(LookUpDocument):
    """The public check: the number and the holder's birth date, both as on the document."""

    birth_date: Annotated[date, Field(ge=EARLIEST_BIRTH)]
