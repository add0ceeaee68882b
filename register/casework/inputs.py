"""Casework commands as validated input (API field names); notes are at most 2000 characters.

A field's attribute docstring is its description in the API; a comment is for the code alone.
"""

from __future__ import annotations

from datetime import date  # noqa: TC003  # pydantic reads the annotations at runtime
from typing import Literal
from uuid import UUID  # noqa: TC003

from register.civil_status.inputs import Command, MissionCode, Note, Place, Version

# Casework text (Note, several lines) is sensitive: it is stored as an event and never logged.
Kind = Literal[
    "DETENTION", "HOSPITAL", "REPATRIATION_OF_REMAINS", "EVACUATION", "ESTATE", "MINOR_IN_CARE"
]


class OpenCase(Command):
    citizen_id: UUID
    kind: Kind
    summary: Note
    # e.g. the arrest
    effective_date: date | None = None
    """When the situation began; defaults to today."""


class OnCase(Command):
    case_id: UUID
    expected_version: Version | None = None


class AddCaseNote(OnCase):
    text: Note
    """At most 2000 characters."""


class RecordCaseVisit(OnCase):
    effective_date: date
    """The day of the visit."""
    place: Place
    text: Note


class HandOverCase(OnCase):
    to_mission: MissionCode
    reason: Note


class CloseCase(OnCase):
    outcome: Note
    effective_date: date | None = None
