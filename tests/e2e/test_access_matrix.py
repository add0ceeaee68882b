"""The whole access matrix over HTTP: every mutation and sensitive query, by every role at its
own and at another mission, and with no token, against the one table in register/access.py;
and the README's table checked against that same table."""

from __future__ import annotations

import re
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

from register.access import PERMISSIONS, PUBLIC_FIELDS, Role, allowed
from tests.conftest import BACKENDS
from tests.e2e import api_client
from tests.e2e.api_client import OPERATIONS
from tests.e2e.citizen_inputs import man_input
from tests.e2e.conftest import _drop_database, _new_database
from tests.e2e.sijill_process import Server, create_token, sijill

if TYPE_CHECKING:
    from collections.abc import Iterator

SCHEMA = build_schema((OPERATIONS.parent / "schema.graphql").read_text(encoding="utf-8"))
ROLES = ("clerk", "officer", "auditor", "admin")
MISSIONS = {"own": "PAR", "other": "MTL"}
CASEWORK = frozenset({"case", "addCaseNote", "recordCaseVisit", "handOverCase", "closeCase"})
"""Operations the walk runs on a real case, held at the 'own' mission. Every other record it
touches does not exist, so there 'own' and 'other' must not differ (an appointment's and a
calendar's mission rules are walked in their own tests: tests/integration/test_appointments.py)."""
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


@pytest.fixture(scope="module")
def own_case(walk_server: tuple[str, dict[tuple[str, str], str]]) -> str:
    """A case the own mission's officer opened (so the own mission holds it)."""
    base, tokens = walk_server
    headers = {"Authorization": f"Bearer {tokens['officer', 'own']}"}
    with httpx.Client(base_url=base, timeout=30, headers=headers) as client:
        enrolled = client.post(
            "/graphql",
            json={
                "query": api_client.operation("EnrollCitizen"),
                "variables": {"input": man_input(nationalId="WK000001")},
            },
        ).json()["data"]["enrollCitizen"]
        opened = client.post(
            "/graphql",
            json={
                "query": api_client.operation("OpenCase"),
                "variables": {
                    "input": {
                        "citizenId": enrolled["citizen"]["id"],
                        "kind": "DETENTION",
                        "summary": "walked",
                    }
                },
            },
        ).json()["data"]["openCase"]
    assert opened["errors"] == []
    case_id: str = opened["case"]["id"]
    return case_id


def on_the_case(document: dict[str, Any], name: str, case_id: str) -> dict[str, Any]:
    """The document, calling a casework operation on the real case."""
    variables = document["variables"]
    if name == "case":
        variables["id"] = case_id
    elif name in CASEWORK:
        variables["input"]["caseId"] = case_id
    if name == "handOverCase":  # well-formed, so the mission rule decides; no such mission
        variables["input"]["toMission"] = "ZZZ"
    return document


def test_every_role_at_every_mission_gets_exactly_what_the_table_allows(
    walk_server: tuple[str, dict[tuple[str, str], str]], own_case: str
) -> None:
    base, tokens = walk_server
    wrong = []
    with httpx.Client(base_url=base, timeout=30) as client:
        for kind, name in walked():
            document = on_the_case(request_for(kind, name, _field(kind, name)), name, own_case)
            for (role, side), token in tokens.items():
                answer = client.post(
                    "/graphql", json=document, headers={"Authorization": f"Bearer {token}"}
                )
                assert answer.status_code == 200, (name, role, answer.text)
                own = side == "own" or name not in CASEWORK
                if refused(answer.json(), name) == allowed(Role(role), name, own_mission=own):
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


README = OPERATIONS.parents[1] / "README.md"
COLUMNS = [f"{role} ({side})" for role in ROLES for side in MISSIONS] + ["no token"]


def operation_named(text: str) -> str:
    """The access table's key for a name in the README: `citizen(asOf:)` is citizenAsOf,
    `Mission.roll` is missionRoll, any other name itself."""
    if found := re.fullmatch(r"(\w+)\((\w+):\)", text):
        return found[1] + found[2][:1].upper() + found[2][1:]
    if found := re.fullmatch(r"([A-Z]\w*)\.(\w+)", text):
        return found[1][:1].lower() + found[1][1:] + found[2][:1].upper() + found[2][1:]
    return text


def readme_rows() -> tuple[list[str], list[tuple[list[str], list[str]]]]:
    """The header of the README's access table, and each row's operations and cells."""
    section = README.read_text(encoding="utf-8").split("\n### Access\n", 1)[1]
    lines = [line for line in section.split("\n### ", 1)[0].splitlines() if line.startswith("|")]
    header, _, *body = [[cell.strip() for cell in line.strip("|").split("|")] for line in lines]
    return header, [
        ([operation_named(n) for n in re.findall(r"`([^`]+)`", row[0])], row[1:]) for row in body
    ]


def enforced(name: str) -> list[str]:
    """The README row `register/access.py` gives an operation."""
    if name in PUBLIC_FIELDS:
        return ["✓"] * len(COLUMNS)
    by_token = [
        "✓" if allowed(Role(role), name, own_mission=side == "own") else "—"
        for role in ROLES
        for side in MISSIONS
    ]
    return [*by_token, "—"]


def test_the_readme_access_table_is_the_table_access_is_enforced_by() -> None:
    header, rows = readme_rows()
    known = set(PERMISSIONS) | {n for n in PUBLIC_FIELDS if not n.startswith("__")}
    listed = [name for names, _ in rows for name in names if name in known]

    assert header == ["operation", *COLUMNS]
    assert sorted(listed) == sorted(known)
    assert {n: cells for names, cells in rows for n in names if n in known} == {
        n: enforced(n) for n in known
    }
