"""`sijill serve` while its PostgreSQL is killed (-9) and restarted: every request is answered at
once with a typed, retryable refusal (GraphQL `UNAVAILABLE`, HTTP 503 with Retry-After), nothing
is half-written, and the same process serves again once the database is back."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from tests.e2e.citizen_inputs import man_input, new_national_id
from tests.e2e.sijill_process import Server, create_token, sijill
from tests.own_postgres import OwnPostgres

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.postgres
ANSWER_WITHIN_S = 2.0
ENROL = (
    "mutation Enrol($input: EnrollCitizenInput!) {"
    " enrollCitizen(input: $input) { citizen { nationalId givenName familyName } } }"
)
LOOK_UP = "query LookUp($n: String) { citizen(nationalId: $n) { nationalId givenName familyName } }"
VERIFY = (
    "query Verify($number: String!, $birthDate: Date!) {"
    " verifyDocument(number: $number, birthDate: $birthDate) { status } }"
)


def _enrolment() -> dict[str, Any]:
    return man_input(nationalId=new_national_id(), requestId=f"req-{new_national_id()}")


def _names(given: dict[str, Any]) -> dict[str, str]:
    return {k: given[k] for k in ("nationalId", "givenName", "familyName")}


def _timed(send: Any) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = send()
    return response, time.monotonic() - started


def _assert_unavailable(response: httpx.Response, took: float) -> None:
    assert took < ANSWER_WITHIN_S, f"answered after {took:.2f} s"
    assert response.status_code == 503, response.text
    assert int(response.headers["retry-after"]) >= 1
    body = response.json()
    assert body.get("data") is None
    assert [e["extensions"] for e in body["errors"]] == [{"code": "UNAVAILABLE", "field": None}]


def test_an_outage_is_answered_fast_and_typed_and_the_server_serves_again(tmp_path: Path) -> None:
    with OwnPostgres() as pg:
        sijill(pg.url, "migrate", cwd=tmp_path)
        token = create_token(pg.url, mission="PAR", role="clerk", name="amina", cwd=tmp_path)
        server = Server(pg.url, tmp_path, {"SIJILL_PUBLIC_BURST": "1000"})
        try:
            server.wait_until_ready()
            clerk = httpx.Client(
                base_url=server.base_url, headers={"Authorization": f"Bearer {token}"}, timeout=30
            )
            public = httpx.Client(base_url=server.base_url, timeout=30)
            before = _enrolment()
            enrolled = clerk.post("/graphql", json={"query": ENROL, "variables": {"input": before}})
            assert enrolled.json() == {"data": {"enrollCitizen": {"citizen": _names(before)}}}, (
                enrolled.text
            )

            pg.kill()
            refused = _enrolment()
            answers = {
                "query": _timed(
                    lambda: clerk.post(
                        "/graphql",
                        json={"query": LOOK_UP, "variables": {"n": before["nationalId"]}},
                    )
                ),
                "mutation": _timed(
                    lambda: clerk.post(
                        "/graphql", json={"query": ENROL, "variables": {"input": refused}}
                    )
                ),
                "public": _timed(
                    lambda: public.post(
                        "/graphql",
                        json={
                            "query": VERIFY,
                            "variables": {"number": "ED0000001", "birthDate": "1990-01-01"},
                        },
                    )
                ),
            }
            for response, took in answers.values():
                _assert_unavailable(response, took)
            for path in ("/readyz", "/metrics", "/.well-known/sijill-audit-keys"):
                probe, took = _timed(lambda path=path: public.get(path))
                assert took < ANSWER_WITHIN_S, path
                assert probe.status_code == 503, (path, probe.text)
                assert int(probe.headers["retry-after"]) >= 1, path

            pg.start()
            after = _enrolment()
            deadline = time.monotonic() + 30
            while True:  # what a client does: retry, with the same request id, while told to
                written = clerk.post(
                    "/graphql", json={"query": ENROL, "variables": {"input": after}}
                )
                if written.status_code != 503 or time.monotonic() > deadline:
                    break
                time.sleep(float(written.headers["retry-after"]))
            assert written.status_code == 200, written.text
            assert written.json() == {"data": {"enrollCitizen": {"citizen": _names(after)}}}
            looked_up = clerk.post(
                "/graphql", json={"query": LOOK_UP, "variables": {"n": after["nationalId"]}}
            )
            assert looked_up.json() == {"data": {"citizen": _names(after)}}
            never_written = clerk.post(
                "/graphql", json={"query": LOOK_UP, "variables": {"n": refused["nationalId"]}}
            )
            assert never_written.json() == {"data": {"citizen": None}}
            clerk.close()
            public.close()
        finally:
            server.stop()
        logged = server.stderr()
        assert "graphql.unexpected" not in logged
        assert "http.unexpected" not in logged
