"""What a GraphQL request asks for, read before it runs: is it readable, which operation would run,
and may it go tokenless.

A request no GraphQL server could read — a body that is not UTF-8 JSON sent as
`application/json`, JSON nested too deeply or with a number too long to convert, `query`,
`variables` or `operationName` of the wrong kind, a NUL in the query, a document over the parser's
limits, no single operation to run, a mutation over GET — is refused here with `MalformedRequest`
(HTTP 400, `INVALID_QUERY`, the member at fault as `field`), before the token is looked up and
before strawberry parses it again. A document that parses but is wrong (a syntax error, an unknown
field) is left to GraphQL, which answers it with its own typed refusal.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from graphql import (
    FloatValueNode,
    GraphQLError,
    IntValueNode,
    Node,
    OperationDefinitionNode,
    parse,
)
from graphql.language import FieldNode

from register.web.schema import DOCUMENT_CACHE, MAX_TOKENS

if TYPE_CHECKING:
    from fastapi import Request

MAX_JSON_DEPTH = 32
"""Nesting of the body's JSON (and of `variables` over GET); real inputs nest a few levels."""
MAX_NUMBER_LITERAL = 64
"""Characters of a number in the query text: Python refuses to convert very long integers."""
CACHED_TEXT = 16_384
"""Longer query texts are read afresh each time rather than kept in the cache."""
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,127}")
_LIMITS = ("Document is nested too deeply", "Document contains more than")


class MalformedRequest(Exception):
    """A request that cannot be read as one GraphQL operation; answered 400 `INVALID_QUERY`."""

    code = "INVALID_QUERY"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Operation:
    """The operation a request would run: its kind and root fields (None when not knowable:
    fragments at the root, or a document GraphQL will refuse)."""

    kind: str
    root_fields: frozenset[str] | None
    name: str | None = None
    lookups: int = 1
    """Root fields the request resolves, aliases counted, introspection not (at least one):
    what a public request costs against its address's limit, so fifteen aliased lookups
    are fifteen guesses, not one."""


UNREADABLE = Operation(kind="", root_fields=None)
"""A document with a syntax error: GraphQL refuses it with its own typed error."""


async def read_operation(request: Request) -> Operation | None:
    """The operation the request would run; None for the GraphiQL page (a GET without a query).
    Raises MalformedRequest for a request that is not one readable GraphQL operation."""
    if request.method == "GET" and "query" not in request.query_params:
        return None
    payload = _parameters(request) if request.method == "GET" else await _body(request)
    query = payload.get("query")
    if not isinstance(query, str):
        raise MalformedRequest("query must be a string holding a GraphQL document", "query")
    for key in ("variables", "extensions"):
        if not isinstance(payload.get(key), dict | None):
            raise MalformedRequest(f"{key} must be a JSON object", key)
    name = payload.get("operationName")
    if name is not None and not (isinstance(name, str) and _NAME.fullmatch(name)):
        msg = "operationName must be a GraphQL name (letters, digits and _, at most 128)"
        raise MalformedRequest(msg, "operationName")
    if "\x00" in query:
        raise MalformedRequest("the query may not contain a NUL character", "query")
    read = _cached(query) if len(query) <= CACHED_TEXT else _read(query)
    if isinstance(read, str):
        raise MalformedRequest(read, "query")
    if read is None:
        return UNREADABLE
    chosen = _choose(read, name)
    if request.method == "GET" and chosen.kind != "query":
        raise MalformedRequest(f"a {chosen.kind} must be sent with POST, not GET")
    return chosen


def _parameters(request: Request) -> dict[str, Any]:
    params = request.query_params
    payload: dict[str, Any] = {k: params[k] for k in ("query", "operationName") if k in params}
    for key in ("variables", "extensions"):
        if key in params:
            payload[key] = _json(params[key], field=key)
    return payload


async def _body(request: Request) -> dict[str, Any]:
    media, _, parameters = request.headers.get("content-type", "").partition(";")
    if media.strip().lower() != "application/json":
        raise MalformedRequest("the body must be JSON, sent as Content-Type: application/json")
    charset = re.search(r"charset\s*=\s*\"?([^\";\s]*)", parameters, re.IGNORECASE)
    if charset and charset.group(1).lower() not in ("utf-8", "utf8"):
        raise MalformedRequest("the body must be UTF-8 JSON (charset=utf-8)")
    body = await request.body()
    if not body.strip():
        raise MalformedRequest('the body is empty: send {"query": "…"}')
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedRequest("the body is not valid UTF-8") from None
    payload = _json(text, field=None)
    if not isinstance(payload, dict):
        raise MalformedRequest('the body must be one JSON object: {"query": "…"}')
    return payload


def _json(text: str, *, field: str | None) -> Any:
    where = field or "the body"
    try:
        value = json.loads(text, parse_float=_finite, parse_constant=_not_json)
    except RecursionError:
        value = None
    except ValueError:  # malformed, not finite, or an integer too long for Python to convert
        raise MalformedRequest(f"{where} is not JSON this server can read", field) from None
    else:
        if not _too_deep(value):
            return value
    raise MalformedRequest(f"{where} is nested deeper than {MAX_JSON_DEPTH} levels", field)


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):  # 1e400: JSON can carry it, a double cannot
        raise ValueError(text)
    return number


def _not_json(text: str) -> Any:
    raise ValueError(text)  # NaN, Infinity: Python reads them, JSON has no such literals


def _too_deep(value: Any) -> bool:
    stack = [(value, 1)]
    while stack:  # iterative: a recursive walk would fail on the very input it guards against
        item, depth = stack.pop()
        children = item.values() if isinstance(item, dict) else item
        if isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                return True
            stack.extend((child, depth + 1) for child in children)
    return False


@lru_cache(maxsize=DOCUMENT_CACHE)
def _cached(query: str) -> tuple[Operation, ...] | str | None:
    return _read(query)


def _read(query: str) -> tuple[Operation, ...] | str | None:
    """The document's operations; a message when it is over a limit; None for a syntax error."""
    try:
        document = parse(query, max_tokens=MAX_TOKENS)
    except GraphQLError as e:
        return e.message if e.message.startswith(_LIMITS, len("Syntax Error: ")) else None
    if _long_number(document):
        return f"a number in the query is longer than {MAX_NUMBER_LITERAL} characters"
    return tuple(
        Operation(
            kind=d.operation.value,
            root_fields=_root_fields(d),
            name=d.name.value if d.name else None,
            lookups=_lookups(d),
        )
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    )


def _root_fields(operation: OperationDefinitionNode) -> frozenset[str] | None:
    fields = [s for s in operation.selection_set.selections if isinstance(s, FieldNode)]
    if len(fields) != len(operation.selection_set.selections):
        return None  # fragments at the root: treat as not public
    return frozenset(f.name.value for f in fields)


def _lookups(operation: OperationDefinitionNode) -> int:
    selections = operation.selection_set.selections
    named = [s.name.value for s in selections if isinstance(s, FieldNode)]
    return max(1, sum(1 for name in named if not name.startswith("__")))


def _long_number(document: Node) -> bool:
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, IntValueNode | FloatValueNode):
            if len(node.value) > MAX_NUMBER_LITERAL:
                return True
        elif isinstance(node, Node):
            stack.extend(getattr(node, key, None) for key in node.keys)
        elif isinstance(node, tuple | list):
            stack.extend(node)
    return False


def _choose(operations: tuple[Operation, ...], name: str | None) -> Operation:
    if name is None:
        if len(operations) == 1:
            return operations[0]
        msg = (
            "the document holds no operation to run"
            if not operations
            else f"the document holds {len(operations)} operations: name one in operationName"
        )
        raise MalformedRequest(msg, "operationName")
    named = [o for o in operations if o.name == name]
    if len(named) != 1:
        msg = f"the document holds {'no' if not named else 'more than one'} operation {name}"
        raise MalformedRequest(msg, "operationName")
    return named[0]
