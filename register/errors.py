"""Errors of the application layer, beside the domain's own (see domain.errors for its tree).

DomainError (domain.errors)
├── InvalidInput           VALIDATION codes from the input models (REQUIRED, TOO_LONG, …)
├── UnknownMission         UNKNOWN_MISSION
├── Forbidden              FORBIDDEN
├── Conflict               CONFLICT: the record changed since it was read; read and retry
└── RequestIdReused        REQUEST_ID_REUSED: the same requestId with a different command

A refusal names its field in the domain's words (`married_on`); `api_field` and `client_message`
give a client the API's words (`marriedOn`), once, where a refusal leaves the register: GraphQL
(register.web) and the legacy import's rejects. Refusals made at those boundaries about the API's
own inputs (the input models' InvalidInput, a resolver's bad argument) already speak the API's
names, which `api_field` leaves as they are.
"""

from __future__ import annotations

from domain.errors import DomainError

API_NAMES: dict[str, str] = {
    "day": "date",  # an appointment's or a closed calendar day; the API's inputs say `date`
}
"""The domain names whose API name is not their plain camelCase; every other domain name is
the API's in snake_case. tests/unit/test_api_field_names.py holds each to the name clients read
today."""


def api_name(name: str) -> str:
    """One domain name as the API spells it; a name without an underscore is already the API's
    (an input the boundary itself refused, a list index, a one-word name) and stays as it is."""
    if name in API_NAMES:
        return API_NAMES[name]
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def api_field(field: str | None) -> str | None:
    """A refusal's field as the API names it: each step of a dotted path by `api_name`."""
    return None if field is None else ".".join(api_name(step) for step in field.split("."))


def client_message(error: DomainError) -> str:
    """The refusal's message as a client reads it: a message about its field names the field
    by the API's name."""
    if error.predicate is None:
        return error.message
    return f"{api_field(error.field)} {error.predicate}"


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
