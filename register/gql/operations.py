"""What a GraphQL request asks for, read before it runs: is it public, may it go tokenless."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from graphql import FieldNode, GraphQLError, OperationDefinitionNode, parse

if TYPE_CHECKING:
    from fastapi import Request


async def _payload(request: Request) -> dict[str, Any] | None:
    if request.method == "GET":
        return dict(request.query_params)
    try:
        payload = json.loads(await request.body() or b"null")
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None


async def root_fields(request: Request) -> set[str] | None:
    """The root fields of the operation a request would run; None when that cannot be told."""
    payload = await _payload(request)
    if payload is None or not isinstance(payload.get("query"), str):
        return None
    try:
        document = parse(payload["query"])
    except GraphQLError:
        return None
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    name = payload.get("operationName")
    chosen = [o for o in operations if name is None or (o.name and o.name.value == name)]
    if len(chosen) != 1:
        return None
    selections = chosen[0].selection_set.selections
    if not all(isinstance(s, FieldNode) for s in selections):
        return None  # fragments at the root: treat as not public
    return {s.name.value for s in selections if isinstance(s, FieldNode)}
