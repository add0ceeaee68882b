"""The register application: every feature's commands over one event store, in one class."""

from __future__ import annotations

from register.appointments.service import AppointmentCommands
from register.casework.service import CaseCommands
from register.civil_status.service import CivilStatusCommands
from register.documents.service import DocumentCommands
from register.services.legalisations import LegalisationCommands
from register.services.requests import ServiceCommands


class Register(
    CivilStatusCommands,
    DocumentCommands,
    ServiceCommands,
    LegalisationCommands,
    CaseCommands,
    AppointmentCommands,
):
    """Commands return ids or nothing; queries return records. One store, one global order."""
