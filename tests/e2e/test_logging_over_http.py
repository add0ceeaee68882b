"""The server's log: JSON lines carrying request id, account and mission, and no personal data."""

from __future__ import annotations

import json
import socket
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tests.e2e.api_client import operation
from tests.e2e.citizen_inputs import man_input, new_national_id

if TYPE_CHECKING:
    from tests.e2e.api_client import ApiClient
    from tests.e2e.deployment import Deployment


def strings(value: Any) -> list[str]:
    """Every string in a decoded JSON value, keys and values alike."""
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (k, *strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [value] if isinstance(value, str) else []


def test_a_write_and_a_read_log_json_lines_with_who_and_where_but_no_names_or_numbers(
    live: Deployment, amina: ApiClient
) -> None:
    given = man_input(
        nationalId=new_national_id(),
        givenName="Zakariae",
        familyName="Ouazzani",
        givenNameAr="زكرياء",
        familyNameAr="الوزاني",
        fatherName="Abdelhak Ouazzani",
        motherName="Ghita Lahlou",
    )
    start = live.server.stderr_size()

    enrolled = amina.http.post(
        "/graphql",
        json={"query": operation("EnrollCitizen"), "variables": {"input": given}},
        headers={"x-request-id": "log-test-enrol"},
    )
    looked_up = amina.http.post(
        "/graphql",
        json={
            "query": operation("LookUpCitizen"),
            "variables": {"nationalId": given["nationalId"]},
        },
        headers={"x-request-id": "log-test-lookup"},
    )

    assert enrolled.headers["x-request-id"] == "log-test-enrol"
    citizen_id = enrolled.json()["data"]["enrollCitizen"]["citizen"]["id"]
    assert looked_up.json()["data"]["citizen"]["id"] == citizen_id
    lines = live.server.stderr(since=start).splitlines()
    records = [json.loads(line) for line in lines]  # every line is one JSON object
    by_request: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        by_request.setdefault(record.get("request_id"), []).append(record)
    for request_id, events in (
        ("log-test-enrol", {"command.recorded", "http.request"}),
        ("log-test-lookup", {"record.read", "http.request"}),
    ):
        logged = by_request[request_id]
        assert {r["event"] for r in logged} == events, logged
        assert {(r["account"], r["mission"], r["level"]) for r in logged} == {
            ("amina", "PAR", "info")
        }
    [read] = [r for r in by_request["log-test-lookup"] if r["event"] == "record.read"]
    assert (read["record_id"], read["read_by"], read["read_at_mission"]) == (
        citizen_id,
        "amina",
        "PAR",
    )
    personal = {
        given[k] for k in ("nationalId", "givenName", "familyName", "givenNameAr", "familyNameAr")
    } | {"Abdelhak", "Lahlou"}
    logged_text = [s for r in records for s in strings(r)]
    assert [p for p in personal if any(p in s for s in logged_text)] == []


def test_the_web_server_s_own_start_up_lines_are_json_too(live: Deployment) -> None:
    started = [
        json.loads(line)
        for line in live.server.stderr().splitlines()
        if "Application startup complete" in line
    ]

    assert [(r["event"], r["level"], r["logger"]) for r in started] == [
        ("Application startup complete.", "info", "uvicorn.error")
    ]


def test_a_client_that_hangs_up_mid_body_is_logged_as_gone_without_a_traceback(
    live: Deployment,
) -> None:
    start = live.server.stderr_size()
    where = urlsplit(live.base_url)
    declared = b'{"query": "{ services(lang: \\"fr\\") { code } }"}'
    with socket.create_connection((where.hostname or "127.0.0.1", where.port or 80)) as s:
        s.sendall(
            b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"X-Request-Id: log-test-gone\r\n"
            + f"Content-Length: {len(declared)}\r\n\r\n".encode()
            + declared[:10]  # then hang up before the rest
        )
        time.sleep(0.3)
    deadline = time.monotonic() + 10
    gone: list[dict[str, Any]] = []
    while not gone and time.monotonic() < deadline:
        lines = live.server.stderr(since=start).splitlines()
        records = [json.loads(line) for line in lines if line.startswith("{")]
        gone = [r for r in records if r.get("request_id") == "log-test-gone"]
        time.sleep(0.1)
    assert [(r["event"], r["level"]) for r in gone] == [("http.client_gone", "info")]
    assert "Traceback" not in live.server.stderr(since=start)
