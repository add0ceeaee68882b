"""The whole access matrix over HTTP: every mutation and sensitive query, by every role at its
own and at another mission, and with no token, against the one table in register/access.py;
the README's table and that table each checked against EXPECTED, written out here by hand; and
every operation in the table declared by exactly one capability."""

from __future__ import annotations

import importlib
import pkgutil
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

import register
from register.access import PERMISSIONS, PUBLIC_FIELDS, Operation, Role, allowed
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


CLERK, OFFICER, AUDITOR, ADMIN = "clerk", "officer", "auditor", "admin"
EVERYONE = frozenset({CLERK, OFFICER, AUDITOR, ADMIN})
RECORDERS = frozenset({CLERK, OFFICER, ADMIN})
DECIDERS = frozenset({OFFICER, ADMIN})
REVIEWERS = frozenset({OFFICER, AUDITOR, ADMIN})
OVERSEERS = frozenset({AUDITOR, ADMIN})
NOBODY: frozenset[str] = frozenset()
PUBLIC = "public"
EXPECTED: dict[str, tuple[frozenset[str], frozenset[str]] | str] = {
    # operation: (roles allowed at the record's own mission, roles allowed from another), or
    # PUBLIC (anyone, with or without a token). Written out by hand from the access contract,
    # not read from register/access.py: the README's table and PERMISSIONS must both equal it.
    "citizen": (EVERYONE, EVERYONE),
    "citizenEffectiveOn": (EVERYONE, EVERYONE),
    "searchCitizens": (EVERYONE, EVERYONE),
    "missionRoll": (EVERYONE, EVERYONE),
    "missionActivity": (EVERYONE, EVERYONE),
    "missionStatistics": (EVERYONE, EVERYONE),
    "missionWorkQueue": (EVERYONE, EVERYONE),
    "projectionStatus": (EVERYONE, EVERYONE),
    "enrollCitizen": (RECORDERS, RECORDERS),
    "registerBirth": (RECORDERS, RECORDERS),
    "recordMarriage": (RECORDERS, RECORDERS),
    "recordDivorce": (RECORDERS, RECORDERS),
    "recordDeath": (RECORDERS, RECORDERS),
    "changeName": (RECORDERS, RECORDERS),
    "changeResidence": (RECORDERS, RECORDERS),
    "transferRegistration": (RECORDERS, RECORDERS),
    "correctEntry": (DECIDERS, DECIDERS),
    "citizenAsOf": (REVIEWERS, REVIEWERS),
    "document": (EVERYONE, EVERYONE),
    "applyForDocument": (RECORDERS, RECORDERS),
    "captureBiometrics": (RECORDERS, RECORDERS),
    "deliverDocument": (RECORDERS, RECORDERS),
    "reportDocumentLost": (RECORDERS, RECORDERS),
    "reportDocumentStolen": (RECORDERS, RECORDERS),
    "approveDocument": (DECIDERS, DECIDERS),
    "rejectDocument": (DECIDERS, DECIDERS),
    "issueDocument": (DECIDERS, DECIDERS),
    "revokeDocument": (DECIDERS, DECIDERS),
    "verifyDocument": PUBLIC,
    "services": PUBLIC,
    "servicesPage": PUBLIC,
    "serviceRequest": (EVERYONE, EVERYONE),
    "legalisation": (EVERYONE, EVERYONE),
    "defineService": (frozenset({ADMIN}), frozenset({ADMIN})),
    "renameService": (frozenset({ADMIN}), frozenset({ADMIN})),
    "setServiceFee": (frozenset({ADMIN}), frozenset({ADMIN})),
    "retireService": (frozenset({ADMIN}), frozenset({ADMIN})),
    "submitServiceRequest": (RECORDERS, RECORDERS),
    "recordFeePayment": (RECORDERS, RECORDERS),
    "recordDocumentsReceived": (RECORDERS, RECORDERS),
    "completeServiceRequest": (RECORDERS, RECORDERS),
    "dispatchServiceRequest": (RECORDERS, RECORDERS),
    "markReadyForCollection": (RECORDERS, RECORDERS),
    "deliverServiceRequest": (RECORDERS, RECORDERS),
    "withdrawServiceRequest": (RECORDERS, RECORDERS),
    "rejectServiceRequest": (DECIDERS, DECIDERS),
    "legaliseDocument": (DECIDERS, DECIDERS),
    "revokeLegalisation": (DECIDERS, DECIDERS),
    "trackRequest": PUBLIC,
    "verifyLegalisation": PUBLIC,
    "openCase": (DECIDERS, DECIDERS),
    "addCaseNote": (DECIDERS, NOBODY),
    "recordCaseVisit": (DECIDERS, NOBODY),
    "handOverCase": (DECIDERS, NOBODY),
    "closeCase": (DECIDERS, NOBODY),
    "case": (REVIEWERS, frozenset({AUDITOR})),
    "availableSlots": PUBLIC,
    "requestOtp": PUBLIC,
    "bookAppointment": PUBLIC,
    "cancelAppointment": PUBLIC,
    "myAppointments": PUBLIC,
    "appointmentDraws": PUBLIC,
    "missionAgenda": (EVERYONE, EVERYONE),
    "missionAgendaPage": (EVERYONE, EVERYONE),
    "appointmentCalendar": (EVERYONE, EVERYONE),
    "recordContactDetails": (RECORDERS, RECORDERS),
    "markAttended": (RECORDERS, NOBODY),
    "markNoShow": (RECORDERS, NOBODY),
    "scheduleAppointmentService": (frozenset({ADMIN}), NOBODY),
    "setAppointmentRules": (frozenset({ADMIN}), NOBODY),
    "closeAppointmentDay": (frozenset({ADMIN}), NOBODY),
    "reopenAppointmentDay": (frozenset({ADMIN}), NOBODY),
    "events": (frozenset({AUDITOR}), frozenset({AUDITOR})),
    "accessLog": (OVERSEERS, OVERSEERS),
    "verifyIntegrity": (OVERSEERS, OVERSEERS),
    "checkpoints": (OVERSEERS, OVERSEERS),
    "recordCheckpoint": (OVERSEERS, OVERSEERS),
    "auditPublicKey": PUBLIC,
    "auditPublicKeys": PUBLIC,
}
ANY_TOKEN = frozenset({"missions", "mission", "me"})
"""Reads the README lists that no table guards: any valid token may make them."""


def expected_cells(name: str) -> list[str]:
    """The README row EXPECTED gives an operation."""
    rule = EXPECTED[name]
    if rule == PUBLIC:
        return ["✓"] * len(COLUMNS)
    assert isinstance(rule, tuple)
    by_side = dict(zip(MISSIONS, rule, strict=True))
    return [
        *("✓" if role in by_side[side] else "—" for role in ROLES for side in MISSIONS),
        "—",
    ]


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


def named_in_row(cell: str) -> list[str]:
    """The operations a README row names: code spans outside its parenthesised remarks."""
    names, depth, code = [], 0, None
    for char in cell:
        if char == "`":
            if code is not None and depth == 0:
                names.append(operation_named(code))
            code = "" if code is None else None
        elif code is not None:
            code += char
        elif char in "()":
            depth += 1 if char == "(" else -1
    return names


def test_the_readme_access_table_is_the_expected_matrix() -> None:
    header, _ = readme_rows()
    section = README.read_text(encoding="utf-8").split("\n### Access\n", 1)[1]
    lines = [line for line in section.split("\n### ", 1)[0].splitlines() if line.startswith("|")]
    cells = [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines[2:]]
    rows = [(named_in_row(row[0]), row[1:]) for row in cells]
    listed = [name for names, _ in rows for name in names]

    assert header == ["operation", *COLUMNS]
    assert sorted(listed) == sorted(set(EXPECTED) | ANY_TOKEN)
    assert {n: row for names, row in rows for n in names if n in EXPECTED} == {
        n: expected_cells(n) for n in EXPECTED
    }
    assert {n: row for names, row in rows for n in names if n in ANY_TOKEN} == dict.fromkeys(
        ANY_TOKEN, ["✓"] * (len(COLUMNS) - 1) + ["—"]
    )


def test_the_enforced_table_is_the_expected_matrix() -> None:
    public = {n for n in PUBLIC_FIELDS if not n.startswith("__")}

    assert set(PERMISSIONS) | public == set(EXPECTED)
    assert public == {n for n, rule in EXPECTED.items() if rule == PUBLIC}
    assert {n: enforced(n) for n in EXPECTED} == {n: expected_cells(n) for n in EXPECTED}


def declared_operations() -> list[Operation]:
    """Every operation a capability declares: the members of each package's Operation enum."""
    for package in pkgutil.iter_modules(register.__path__):
        if package.ispkg and (
            importlib.util.find_spec(f"register.{package.name}.operations") is not None
        ):
            importlib.import_module(f"register.{package.name}.operations")
    return [op for kind in Operation.__subclasses__() for op in kind]


def test_every_operation_in_the_table_is_declared_by_exactly_one_capability() -> None:
    declared = [op.value for op in declared_operations()]

    assert sorted(declared) == sorted(set(declared))
    assert set(declared) == set(PERMISSIONS)
