"""Codes for the refusals GraphQL itself makes before any resolver runs: a required input left
out, a value of the wrong type, an unknown field, a malformed query.

Domain refusals carry their own `code` and `field`; these get the same `extensions` shape, so a
client reads every refusal alike. The field is the argument or input field at fault, found from
the message or, for a bad value, from the query's syntax tree.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from graphql import ArgumentNode, GraphQLError, ListValueNode, Node, ObjectFieldNode

from domain.errors import DomainError

if TYPE_CHECKING:
    from graphql import DocumentNode, ValueNode

_BY_MESSAGE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"to include required field '(\w+)'"), "REQUIRED"),
    (re.compile(r"^Field '\w+' argument '(\w+)' of type '.*' is required"), "REQUIRED"),
    (re.compile(r"^Argument '[\w.]+\((\w+):\)' of type '.*' is required"), "REQUIRED"),
    (re.compile(r"not to include unknown field '(\w+)'"), "UNKNOWN_FIELD"),
    (re.compile(r"^Variable '\$(\w+)' of required type '.*' was not provided"), "REQUIRED"),
    (re.compile(r"^Variable '\$(\w+)' of non-null type '.*' must not be null"), "REQUIRED"),
    (re.compile(r"^Field '(\w+)' is not defined by type"), "UNKNOWN_FIELD"),
    (re.compile(r"^Cannot query field '(\w+)'"), "UNKNOWN_FIELD"),
    (re.compile(r"^Unknown argument '(\w+)'"), "UNKNOWN_FIELD"),
)
_BAD_VARIABLE = re.compile(r"^Variable '\$(\w+)' (?:got|has) invalid value\W*(.*)")
_BAD_VALUE = re.compile(
    r"^(?:Value cannot represent a (?P<named>\w+)"
    r"|(?P<scalar>\w+) cannot represent"
    r"|Value '.*' does not exist in '\w+' enum"
    r"|Enum '\w+' cannot represent"
    r"|Expected value of type '(?P<expected>\w+)!?', found)"
)
_TYPE_CODES = {"DateTime": "INVALID_DATETIME", "Date": "INVALID_DATE", "UUID": "INVALID_ID"}
MALFORMED = "INVALID_QUERY"
"""Anything else GraphQL refuses: a syntax error, a limit, an unknown fragment."""


def refusal_extensions(error: GraphQLError, document: DocumentNode | None) -> dict[str, object]:
    """`{code, field}` for a refusal GraphQL made itself (the error has no original)."""
    message = error.message
    for pattern, code in _BY_MESSAGE:
        if found := pattern.search(message):
            return {"code": code, "field": found.group(1)}
    if variable := _BAD_VARIABLE.search(message):
        return {"code": _bad_value_code(variable.group(2)), "field": variable.group(1)}
    if _BAD_VALUE.search(message):
        return {"code": _bad_value_code(message), "field": field_of(error, document)}
    return {"code": MALFORMED, "field": None}


def _bad_value_code(message: str) -> str:
    if "non-null" in message:
        return "REQUIRED"
    if "enum" in message:
        return "INVALID_CHOICE"
    bad = _BAD_VALUE.search(message)
    named = bad and (bad.group("named") or bad.group("scalar") or bad.group("expected"))
    return _TYPE_CODES.get(named or "", "INVALID_FORMAT")


def domain_refusal(error: GraphQLError) -> DomainError | None:
    """The register's refusal behind a GraphQL error, however deep GraphQL wrapped it (a bad
    variable wraps the scalar's refusal twice)."""
    cause = error.original_error
    while isinstance(cause, GraphQLError):
        cause = cause.original_error
    return cause if isinstance(cause, DomainError) else None


def field_of(error: GraphQLError, document: DocumentNode | None) -> str | None:
    """The variable, argument or input field whose value GraphQL refused."""
    if variable := _BAD_VARIABLE.search(error.message):
        return variable.group(1)
    nodes = error.nodes
    if not nodes or document is None:
        return None
    names: dict[int, str] = {}
    _name_values(document, names)
    return names.get(id(nodes[0]))


def _name_values(node: Node, names: dict[int, str]) -> None:
    """Map each value node (by identity) to the argument or input field that holds it."""
    for key in node.keys:
        child = getattr(node, key, None)
        for item in child if isinstance(child, tuple | list) else (child,):
            if isinstance(item, Node):
                if isinstance(item, ArgumentNode | ObjectFieldNode):
                    _name_value(item.value, item.name.value, names)
                _name_values(item, names)


def _name_value(value: ValueNode, name: str, names: dict[int, str]) -> None:
    names.setdefault(id(value), name)
    if isinstance(value, ListValueNode):  # an input object's own fields are named by theirs
        for item in value.values:
            _name_value(item, name, names)
