"""The register application: every feature's commands over one event store, in one class."""

from __future__ import annotations

from register.civil_status import CivilStatusCommands


class Register(CivilStatusCommands):
    """Commands return ids or nothing; queries return records. One store, one global order."""
