"""Raw bodies and headers no GraphQL server could read, sent to the running server: each is a 400
with one typed `INVALID_QUERY` error naming the member at fault, with or without a token, and
nothing is written (most carry an enrolment that would record events if it ran)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

import httpx
import psycopg
import pytest

from tests.e2e.citizen_inputs import man_input, new_national_id

if TYPE_CHECKING:
    from tests.e2e.deployment import Deployment

JSON = "application/json"
ENROL = "mutation Enrol($input: EnrollCitizenInput!) { enrollCitizen(input: $input) { position } }"
WRITING = {"query": ENROL, "variables": {"input": man_input(nationalId=new_national_id())}}
"""A valid enrolment: run, it would record events."""


def _body(**members: Any) -> bytes:
    return json.dumps({**WRITING, **members}).encode()


def _with_variables(raw: str) -> bytes:
    """The enrolment with `variables` replaced by raw JSON text."""
    return f'{{"query": {json.dumps(ENROL)}, "variables": {raw}}}'.encode()


@dataclass(frozen=True)
class Bad:
    body: bytes = b""
    content_type: str | None = JSON
    field: str | None = None
    get: dict[str, str] | None = None
    """Sent as GET with these query parameters instead of a POST body."""


DEEP = 100_000
BATTERY = {
    "invalid-utf8": Bad(b"\xff\xfe" + _body()),
    "charset-latin-1": Bad(
        '{"query": "{ __typename }", "x": "é"}'.encode("latin-1"), f"{JSON}; charset=latin-1"
    ),
    "charset-utf-16": Bad(_body().decode().encode("utf-16"), f"{JSON}; charset=utf-16"),
    "utf-16-undeclared": Bad(_body().decode().encode("utf-16")),
    "utf-8-bom": Bad(b"\xef\xbb\xbf" + _body()),
    "array-100000-deep": Bad(b"[" * DEEP + b"]" * DEEP),
    "object-40000-deep": Bad(b'{"a":' * 40_000 + b"1" + b"}" * 40_000),
    "variables-100000-deep": Bad(_with_variables("[" * DEEP + "]" * DEEP)),
    "json-integer-5000-digits": Bad(_with_variables('{"n": ' + "9" * 5000 + "}")),
    "json-1e400": Bad(_with_variables('{"n": 1e400}')),
    "json-nan": Bad(_with_variables('{"n": NaN}')),
    "graphql-integer-5000-digits": Bad(
        _body(query='{ mission(code: "PAR", minPosition: ' + "9" * 5000 + ") { code } }"),
        field="query",
    ),
    "selections-nested-2000-deep": Bad(
        _body(query="{" + "missions {" * 2000 + " code" + "}" * 2001), field="query"
    ),
    "list-nested-50000-deep": Bad(
        _body(query="{ mission(code: " + "[" * 50_000 + "]" * 50_000 + ") { code } }"),
        field="query",
    ),
    "over-2000-tokens": Bad(_body(query="{" + " __typename" * 2500 + " }"), field="query"),
    "text-plain": Bad(_body(), "text/plain"),
    "form": Bad(urlencode({"query": ENROL}).encode(), "application/x-www-form-urlencoded"),
    "multipart": Bad(
        b'--b\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ __typename }\r\n--b--\r\n',
        "multipart/form-data; boundary=b",
    ),
    "no-content-type": Bad(_body(), None),
    "empty": Bad(b""),
    "whitespace": Bad(b" \r\n "),
    "json-array-batch": Bad(f"[{_body().decode()}]".encode()),
    "json-string": Bad(b'"{ __typename }"'),
    "json-null": Bad(b"null"),
    "trailing-garbage": Bad(_body() + b"}"),
    "query-a-number": Bad(_body(query=5), field="query"),
    "query-missing": Bad(b'{"variables": {}}', field="query"),
    "variables-a-list": Bad(_body(variables=[WRITING["variables"]]), field="variables"),
    "variables-a-string": Bad(_body(variables=json.dumps(WRITING["variables"])), field="variables"),
    "extensions-a-number": Bad(_body(extensions=1), field="extensions"),
    "nul-in-query": Bad(_body(query=ENROL.replace(" {", "\x00 {", 1)), field="query"),
    "two-operations-unnamed": Bad(
        _body(query=ENROL + " query Peek { __typename }"), field="operationName"
    ),
    "operation-name-names-none": Bad(_body(operationName="Enrol2"), field="operationName"),
    "operation-name-a-number": Bad(_body(operationName=7), field="operationName"),
    "operation-name-10000-chars": Bad(_body(operationName="E" * 10_000), field="operationName"),
    "operation-name-not-a-name": Bad(_body(operationName="Enrol; DROP"), field="operationName"),
    "fragment-only": Bad(_body(query="fragment F on Query { __typename }"), field="operationName"),
    "get-mutation": Bad(get={"query": ENROL, "variables": json.dumps(WRITING["variables"])}),
    "get-variables-not-json": Bad(
        get={"query": "{ __typename }", "variables": "{"}, field="variables"
    ),
}


def stored_events(database_url: str) -> int:
    """Events in the store, leaving out the read log (recorded every few seconds, by any read)."""
    query = "SELECT count(*) FROM {} WHERE topic NOT LIKE 'sijill/read-log%'"
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
            row = conn.execute(query.format("stored_events")).fetchone()
    else:
        with psycopg.connect(database_url) as pg:
            row = pg.execute(query.format("register_events")).fetchone()  # type: ignore[arg-type]
    assert row is not None
    return int(row[0])


def _send(live: Deployment, bad: Bad, headers: dict[str, str]) -> httpx.Response:
    url = f"{live.base_url}/graphql"
    if bad.get is not None:
        return httpx.get(url, params=bad.get, headers=headers, timeout=30)
    if bad.content_type is not None:
        headers = {**headers, "Content-Type": bad.content_type}
    return httpx.post(url, content=bad.body, headers=headers, timeout=30)


@pytest.mark.parametrize("caller", ["tokenless", "clerk"])
@pytest.mark.parametrize("bad", list(BATTERY.values()), ids=list(BATTERY))
def test_an_unreadable_request_is_refused_400_invalid_query_and_writes_nothing(
    live: Deployment, bad: Bad, caller: str
) -> None:
    headers = {"Authorization": f"Bearer {live.token('amina')}"} if caller == "clerk" else {}
    before = stored_events(live.database_url)

    response = _send(live, bad, headers)

    assert response.status_code == 400, response.text
    body = response.json()
    assert list(body) == ["errors"]
    assert len(body["errors"]) == 1
    assert isinstance(body["errors"][0]["message"], str)
    assert body["errors"][0]["extensions"] == {"code": "INVALID_QUERY", "field": bad.field}
    assert stored_events(live.database_url) == before


def test_an_operation_named_among_several_runs_that_one(live: Deployment) -> None:
    document = "query Mission { missions { code } } query Peek { __typename }"

    response = httpx.post(
        f"{live.base_url}/graphql",
        json={"query": document, "operationName": "Peek"},
        timeout=30,
    )

    assert response.status_code == 200, response.text
    assert response.json() == {"data": {"__typename": "Query"}}


def test_a_body_over_the_size_limit_is_still_refused_413(live: Deployment) -> None:
    response = httpx.post(
        f"{live.base_url}/graphql",
        content=b"[" * 300_000,
        headers={"Content-Type": JSON},
        timeout=30,
    )

    assert response.status_code == 413
