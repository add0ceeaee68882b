"""The whole access matrix over HTTP: every mutation and sensitive query, by every role at its
own and at another mission, and with no token, against the one table in register/access.py."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

import httpx
import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    Undefined,
    build_schema,
)

from register.access import PERMISSIONS, PUBLIC_FIELDS
from tests.conftest import BACKENDS
from tests.e2e.api_client import OPERATIONS
from tests.e2e.conftest import _drop_database, _new_database
from tests.e2e.sijill_process import Server, create_token, sijill

if TYPE_CHECKING:
    from collections.abc import Iterator

SCHEMA = build_schema((OPERATIONS.parent / "schema.graphql").read_text(encoding="utf-8"))
ROLES = ("clerk", "officer", "auditor", "admin")
MISSIONS = {"own": "PAR", "other": "MTL"}
"""The records the walk touches do not exist, so 'own' and 'other' mission must not differ."""
SAMPLE_SCALARS: dict[str, Any] = {
    "String": "X1",
    "ID": str(uuid.UUID(int=1)),
    "Int": 1,
    "Float": 1.0,
    "Boolean": False,
    "Date": "2020-01-02",
    "DateTime": "2020-01-02T03:04:05+00:00",
}


def sample(kind: Any) -> Any:
    """A well-formed value of an input type (required fields only, for input objects)."""
    if isinstance(kind, GraphQLNonNull):
        return sample(kind.of_type)
    if isinstance(kind, GraphQLList):
        return [sample(kind.of_type)]
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    if isinstance(kind, GraphQLInputObjectType):
        return {
            name: sample(field.type)
            for name, field in kind.fields.items()
            if isinstance(field.type, GraphQLNonNull) and field.default_value is Undefined
        }
    assert isinstance(kind, GraphQLScalarType), kind
    return SAMPLE_SCALARS.get(kind.name, "X1")


def request_for(operation: str, name: str, field: GraphQLField) -> dict[str, Any]:
    """A document calling `name` with every required argument, selecting only its errors."""
    required = {a: arg for a, arg in field.args.items() if isinstance(arg.type, GraphQLNonNull)}
    declared = ", ".join(f"${a}: {arg.type}" for a, arg in required.items())
    passed = ", ".join(f"{a}: ${a}" for a in required)
    result = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    while isinstance(result, (GraphQLList, GraphQLNonNull)):
        result = result.of_type
    selection = ""
    if isinstance(result, GraphQLObjectType):
        selection = "{ errors { code } }" if "errors" in result.fields else "{ __typename }"
    head = f"{operation}({declared})" if declared else operation
    return {
        "query": f"{head} {{ {name}{f'({passed})' if passed else ''} {selection} }}",
        "variables": {a: sample(arg.type) for a, arg in required.items()},
    }


def walked() -> list[tuple[str, str]]:
    """(operation kind, field) for every mutation and every access-checked query."""
    root = SCHEMA.mutation_type.fields if SCHEMA.mutation_type else {}
    mutations = [("mutation", n) for n in root if n not in PUBLIC_FIELDS]
    queries = [("query", n) for n in SCHEMA.query_type.fields if n in PERMISSIONS]
    return mutations + queries


def refused(body: dict[str, Any], name: str) -> bool:
    """Whether the answer is FORBIDDEN: a payload error, or a GraphQL error's code."""
    payload = (body.get("data") or {}).get(name)
    codes = (
        [e.get("code") for e in (payload or {}).get("errors", [])]
        if isinstance(payload, dict)
        else []
    )
    codes += [(e.get("extensions") or {}).get("code") for e in body.get("errors", [])]
    return "FORBIDDEN" in codes


@pytest.fixture(scope="module", params=BACKENDS)
def walk_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[tuple[str, str], str]]]:
    """A server of its own (the walk writes what it is allowed to), and a token per role and
    mission."""
    workdir = tmp_path_factory.mktemp(f"matrix-{request.param}")
    url = _new_database(request.param, workdir)
    sijill(url, "migrate", cwd=workdir)
    tokens = {
        (role, side): create_token(
            url, mission=mission, role=role, name=f"{role}-{side}", cwd=workdir
        )
        for role in ROLES
        for side, mission in MISSIONS.items()
    }
    server = Server(url, workdir, {"SIJILL_PUBLIC_BURST": "100000", "SIJILL_TOKEN_BURST": "100000"})
    try:
        server.wait_until_ready()
        yield server.base_url, tokens
    finally:
        server.stop()
        _drop_database(url)
    assert "Traceback" not in server.stderr()


def test_every_operation_is_in_the_access_table() -> None:
    mutations = set(SCHEMA.mutation_type.fields) if SCHEMA.mutation_type else set()
    assert mutations <= set(PERMISSIONS) | PUBLIC_FIELDS


def test_every_role_at_every_mission_gets_exactly_what_the_table_allows(
    walk_server: tuple[str, dict[tuple[str, str], str]],
) -> None:
    base, tokens = walk_server
    wrong = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for operation, name in walked():
            document = request_for(operation, name, _field(operation, name))
            for (role, side), token in tokens.items():
                answer = client.post(
                    "/graphql", json=document, headers={"Authorization": f"Bearer {token}"}
                )
                assert answer.status_code == 200, (name, role, answer.text)
                allowed = role in {r.value for r in PERMISSIONS[name]}
                if refused(answer.json(), name) == allowed:
                    wrong.append((name, role, side, answer.json()))
    assert wrong == []


def test_without_a_token_only_public_fields_are_served(
    walk_server: tuple[str, dict[tuple[str, str], str]],
) -> None:
    base, _ = walk_server
    statuses = {}
    with httpx.Client(base_url=base, timeout=30) as client:
        for operation in ("query", "mutation"):
            root = SCHEMA.query_type if operation == "query" else SCHEMA.mutation_type
            assert root is not None
            for name, field in root.fields.items():
                answer = client.post("/graphql", json=request_for(operation, name, field))
                statuses[name] = answer.status_code

    public = {n for n in statuses if n in PUBLIC_FIELDS}
    assert {n: s for n, s in statuses.items() if n not in public} == {
        n: 401 for n in statuses if n not in public
    }
    assert {n: statuses[n] for n in public} == dict.fromkeys(public, 200)


def _field(operation: str, name: str) -> GraphQLField:
    root = SCHEMA.query_type if operation == "query" else SCHEMA.mutation_type
    assert root is not None
    return root.fields[name]
