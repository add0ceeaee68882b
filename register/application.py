"""The register application: every feature's commands over one event store, in one class."""

from __future__ import annotations

from register.appointments import AppointmentCommands
from register.casework import CaseCommands
from register.civil_status import CivilStatusCommands
from register.documents import DocumentCommands
from register.legalisations import LegalisationCommands
from register.services import ServiceCommands


class Register(
    CivilStatusCommands,
    DocumentCommands,
    ServiceCommands,
    LegalisationCommands,
    CaseCommands,
    AppointmentCommands,
):
    """Commands return ids or nothing; queries return records. One store, one global order."""
