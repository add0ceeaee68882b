"""Legalisation commands as validated input (API field names).

A field's attribute docstring is its description in the API; a comment is for the code alone.
"""

from __future__ import annotations

import re
from typing import Annotated
from uuid import UUID  # noqa: TC003  # pydantic reads the annotations at runtime

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from register.civil_status.inputs import Command, Text, Version

SHA256 = re.compile(r"[0-9a-f]{64}")
Label = Annotated[str, Field(min_length=1, max_length=120)]


def _sha256(value: str) -> str:
    value = value.strip().lower()
    if not SHA256.fullmatch(value):
        raise PydanticCustomError("INVALID_FORMAT", "a SHA-256 is 64 hexadecimal digits")
    return value


class LegaliseDocument(Command):
    citizen_id: UUID
    """Who presents the document."""
    # What the document is, e.g. "birth certificate", "university diploma".
    document_kind: Label
    issuing_authority: Label
    signer_name: Label | None = None
    # The capacity in which the signer signed, e.g. "civil registrar".
    signer_capacity: Label | None = None
    sealing_authority: Label | None = None
    """The seal attested, when no signer is named."""
    document_sha256: Annotated[str, AfterValidator(_sha256)] | None = None
    """SHA-256 of the document's file, hexadecimal."""


class RevokeLegalisation(Command):
    legalisation_id: UUID
    expected_version: Version | None = None
    reason: Text
