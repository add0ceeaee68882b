"""Bad values over HTTP, one per test, across the mutations: each is a typed error (code and
field) and nothing else, never HTTP 500, and the store holds not one event more after it."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing, contextmanager
from typing import TYPE_CHECKING, Any, NamedTuple

import psycopg
import pytest

from tests.e2e.api_client import ApiClient, operation
from tests.e2e.bad_inputs import BATTERY
from tests.e2e.citizen_inputs import man_input, new_national_id
from tests.e2e.sijill_process import create_token

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.e2e.deployment import Deployment

BACKGROUND = ("sijill/read-log%", "sijill/audit/%", "sijill/appointment-release%")
"""Events the server records on its own (read logs, checkpoints, draws), whatever the tests do."""


def events_recorded(database_url: str) -> int:
    """Rows in the store's events table, but for what the server records on its own."""
    if database_url.startswith("sqlite"):
        where = " AND ".join("topic NOT LIKE ?" for _ in BACKGROUND)
        path = database_url.removeprefix("sqlite:///")
        with closing(sqlite3.connect(path)) as db:
            (count,) = db.execute(
                f"SELECT count(*) FROM stored_events WHERE {where}", BACKGROUND
            ).fetchone()  # placeholders only
        return int(count)
    where = " AND ".join("topic NOT LIKE %s" for _ in BACKGROUND)
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            f"SELECT count(*) FROM register_events WHERE {where}", BACKGROUND
        ).fetchone()  # type: ignore[call-overload]
    assert row is not None
    return int(row[0])


class Records(NamedTuple):
    citizen: str
    marriage: str


@pytest.fixture(scope="module")
def records(deployment: Deployment) -> Records:
    """A citizen married to a spouse outside the register: what the corrections correct."""
    with deployment.client("amina") as amina:
        enrolled = amina.data("EnrollCitizen", input=man_input(nationalId=new_national_id()))
        citizen = enrolled["enrollCitizen"]["citizen"]["id"]
        married = amina.data(
            "RecordMarriage",
            input={
                "citizenId": citizen,
                "effectiveDate": "2010-05-05",
                "place": "Lyon",
                "spouseName": "Marie Dupont",
                "spouseNationality": "FRA",
            },
        )
        assert married["recordMarriage"]["errors"] == []
        marriage = amina.run("LookUpCitizen", id=citizen)["data"]["citizen"]["marriages"][0]["id"]
    return Records(citizen, marriage)


_ADMINS: dict[str, str] = {}


@contextmanager
def _as(live: Deployment, actor: str) -> Iterator[ApiClient]:
    if actor == "public":
        token = None
    elif actor == "admin":
        if live.database_url not in _ADMINS:
            _ADMINS[live.database_url] = create_token(
                live.database_url,
                mission="PAR",
                role="admin",
                name="battery-admin",
                cwd=live.server.workdir,
            )
        token = _ADMINS[live.database_url]
    else:
        token = live.token({"clerk": "amina", "officer": "salma"}[actor])
    with ApiClient(live.base_url, token) as api:
        yield api


def _filled(value: Any, records: Records) -> Any:
    if isinstance(value, dict):
        return {k: _filled(v, records) for k, v in value.items()}
    return (
        {"$citizen": records.citizen, "$marriage": records.marriage}.get(value, value)
        if isinstance(value, str)
        else value
    )


def _root(operation: str) -> str:
    return operation[0].lower() + operation[1:]


@pytest.mark.parametrize("case", list(BATTERY), ids=list(BATTERY))
def test_a_bad_value_is_refused_with_its_code_and_field_and_nothing_is_recorded(
    live: Deployment, records: Records, case: str
) -> None:
    bad = BATTERY[case]
    before = events_recorded(live.database_url)
    with _as(live, bad.actor) as api:
        # JSON escapes (\\u0000, \\ud800) as a client would send them: httpx's own encoder
        # writes raw UTF-8 and cannot encode a lone surrogate.
        body = {
            "query": operation(bad.operation),
            "variables": {"input": _filled(bad.input, records)},
        }
        response = api.http.post(
            "/graphql", content=json.dumps(body), headers={"Content-Type": "application/json"}
        )

    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body["errors"]
    payload = body["data"][_root(bad.operation)]
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(bad.code, bad.field)]
    assert {k: v for k, v in payload.items() if k != "errors"} == dict.fromkeys(
        set(payload) - {"errors"}
    )
    assert events_recorded(live.database_url) == before


def test_the_battery_covers_at_least_sixty_inputs_over_twenty_mutations() -> None:
    assert len(BATTERY) >= 60
    assert len({bad.operation for bad in BATTERY.values()}) >= 20
