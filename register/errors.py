"""Errors of the application layer, beside the domain's own (see domain.errors for its tree).

DomainError (domain.errors)
├── InvalidInput           VALIDATION codes from the input models (REQUIRED, TOO_LONG, …)
├── UnknownMission         UNKNOWN_MISSION
├── Forbidden              FORBIDDEN
├── Conflict               CONFLICT: the record changed since it was read; read and retry
└── RequestIdReused        REQUEST_ID_REUSED: the same requestId with a different command
"""

from __future__ import annotations

from domain.errors import DomainError


class InvalidInput(DomainError):
    code = "INVALID"


class UnknownMission(DomainError):
    code = "UNKNOWN_MISSION"


class Forbidden(DomainError):
    code = "FORBIDDEN"


class Conflict(DomainError):
    code = "CONFLICT"


class RequestIdReused(DomainError):
    code = "REQUEST_ID_REUSED"
