"""Casework over HTTP: a detention case opened in Dubai, handed to Riyadh, read by whom it may."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.consular.requests_over_http import enrolled, payload, today

if TYPE_CHECKING:
    from tests.e2e.api_client import ApiClient


def forbidden(message: str, field: str | None) -> dict[str, Any]:
    """A refused read of `case`: null data and a GraphQL error typed FORBIDDEN."""
    return {
        "data": {"case": None},
        "errors": [
            {
                "message": message,
                "locations": [{"line": 2, "column": 3}],
                "path": ["case"],
                "extensions": {"code": "FORBIDDEN", "field": field},
            }
        ],
    }


def days_ago(n: int) -> str:
    return (datetime.now(UTC).date() - timedelta(days=n)).isoformat()


def entry(kind: str, text: str, actor: str, mission: str, **more: Any) -> dict[str, Any]:
    return {
        "kind": kind,
        "text": text,
        "on": more.pop("on", today()),
        "actor": actor,
        "mission": mission,
        "place": more.pop("place", None),
        "toMission": more.pop("toMission", None),
    }


@pytest.fixture
def handed_over(amina: ApiClient, salma: ApiClient) -> dict[str, Any]:
    """A detention case opened in Dubai (salma), noted, and handed over to Riyadh."""
    opened = payload(
        salma,
        "OpenCase",
        citizenId=enrolled(amina),
        kind="DETENTION",
        summary="detained at Dubai airport",
        effectiveDate=days_ago(10),
    )
    assert opened["errors"] == [], opened
    case_id = opened["case"]["id"]
    payload(salma, "AddCaseNote", caseId=case_id, text="family informed; lawyer appointed")
    moved = payload(
        salma, "HandOverCase", caseId=case_id, toMission="RUH", reason="transferred to Riyadh"
    )
    assert moved["errors"] == [], moved
    case: dict[str, Any] = moved["case"]
    return case


def test_a_case_is_handed_over_visited_and_closed_with_its_whole_history(
    handed_over: dict[str, Any], yasmine: ApiClient, amina: ApiClient, idris: ApiClient
) -> None:
    case_id = handed_over["id"]

    payload(
        yasmine,
        "RecordCaseVisit",
        caseId=case_id,
        effectiveDate=days_ago(1),
        place="Al-Ha'ir prison",
        text="in good health",
    )
    closed = payload(yasmine, "CloseCase", caseId=case_id, outcome="released and repatriated")

    assert closed == {
        "case": {
            "id": case_id,
            "version": 5,
            "citizenId": handed_over["citizenId"],
            "kind": "DETENTION",
            "status": "CLOSED",
            "summary": "detained at Dubai airport",
            "openedOn": days_ago(10),
            "openedAt": "DXB",
            "holdingMission": "RUH",
            "missions": ["DXB", "RUH"],
            "entries": [
                entry("note", "family informed; lawyer appointed", "salma", "DXB"),
                entry("handover", "transferred to Riyadh", "salma", "DXB", toMission="RUH"),
                entry(
                    "visit",
                    "in good health",
                    "yasmine",
                    "RUH",
                    on=days_ago(1),
                    place="Al-Ha'ir prison",
                ),
            ],
            "closedOn": today(),
            "outcome": "released and repatriated",
        },
        "position": closed["position"],
        "errors": [],
    }
    seen_by_clerk = amina.data("LookUpCitizen", id=handed_over["citizenId"])["citizen"]
    assert [h["type"] for h in seen_by_clerk["history"]] == ["Enrolled"]  # cases are confidential
    history = idris.data("LookUpCitizen", id=handed_over["citizenId"])["citizen"]["history"]
    assert [(h["type"], h["mission"], h["reason"]) for h in history[1:]] == [
        ("CaseOpened", "DXB", None),
        ("CaseNoteAdded", "DXB", None),
        ("CaseHandedOver", "DXB", None),
        ("CaseVisitRecorded", "RUH", None),
        ("CaseClosed", "RUH", None),
    ]


READERS = ["salma", "hassan", "yasmine", "idris"]
"""Dubai's officer and admin (held it), Riyadh's officer (holds it), the auditor."""
CLERKS = ["amina", "omar", "dounia"]
"""Paris's, Montréal's, and even Dubai's clerk: clerks never read cases."""
UNRELATED = ["karim", "rachid", "nadia"]
"""Officers and admins of missions that never held the case (Paris, Cairo)."""


@pytest.mark.parametrize("reader", READERS)
def test_a_case_is_read_by_the_missions_that_held_it_and_by_auditors(
    request: pytest.FixtureRequest, handed_over: dict[str, Any], reader: str
) -> None:
    client: ApiClient = request.getfixturevalue(reader)

    assert client.data("LookUpCase", id=handed_over["id"]) == {"case": handed_over}


@pytest.mark.parametrize("reader", CLERKS)
def test_a_case_is_refused_to_every_clerk(
    request: pytest.FixtureRequest, handed_over: dict[str, Any], reader: str
) -> None:
    client: ApiClient = request.getfixturevalue(reader)

    body = client.run("LookUpCase", id=handed_over["id"])

    assert body == forbidden("role clerk may not perform case", None)


@pytest.mark.parametrize("reader", UNRELATED)
def test_a_case_is_refused_to_officers_and_admins_of_missions_that_never_held_it(
    request: pytest.FixtureRequest, handed_over: dict[str, Any], reader: str
) -> None:
    client: ApiClient = request.getfixturevalue(reader)

    body = client.run("LookUpCase", id=handed_over["id"])

    assert body == forbidden(
        "only a mission that holds or held the case, or an auditor, may read it", "id"
    )


def test_the_mission_that_handed_a_case_over_no_longer_writes_on_it(
    handed_over: dict[str, Any], salma: ApiClient, yasmine: ApiClient
) -> None:
    answer = payload(salma, "AddCaseNote", caseId=handed_over["id"], text="one more thing")

    assert answer == {
        "case": None,
        "position": None,
        "errors": [
            {
                "code": "FORBIDDEN",
                "field": "caseId",
                "message": "only the mission holding the case may record on it",
            }
        ],
    }
    assert yasmine.data("LookUpCase", id=handed_over["id"]) == {"case": handed_over}


@pytest.mark.parametrize(
    ("fields", "code", "field", "message"),
    [
        (
            {"text": "x" * 2001},
            "TOO_LONG",
            "text",
            "text: String should have at most 2000 characters",
        ),
        ({"text": " "}, "REQUIRED", "text", "text: String should have at least 1 character"),
        (
            {"text": "n", "expectedVersion": 1},
            "CONFLICT",
            "expectedVersion",
            "the case is at version 3, not 1: it changed since it was read",
        ),
    ],
)
def test_a_bad_note_is_a_typed_error_and_writes_nothing(
    handed_over: dict[str, Any],
    yasmine: ApiClient,
    fields: dict[str, Any],
    code: str,
    field: str,
    message: str,
) -> None:
    answer = payload(yasmine, "AddCaseNote", caseId=handed_over["id"], **fields)

    assert answer == {
        "case": None,
        "position": None,
        "errors": [{"code": code, "field": field, "message": message}],
    }
    assert yasmine.data("LookUpCase", id=handed_over["id"]) == {"case": handed_over}


def test_a_clerk_may_not_open_a_case(amina: ApiClient, dounia: ApiClient) -> None:
    answer = payload(
        dounia, "OpenCase", citizenId=enrolled(amina), kind="HOSPITAL", summary="admitted"
    )

    assert answer == {
        "case": None,
        "position": None,
        "errors": [
            {"code": "FORBIDDEN", "field": None, "message": "role clerk may not perform openCase"}
        ],
    }


def case_activity(client: ApiClient, mission: str, case: dict[str, Any]) -> list[str]:
    """The types of the case's events in a mission's activity, as `client` is shown it."""
    found = client.data("MissionActivity", code=mission, first=50, minPosition=case["position"])
    nodes = found["mission"]["activity"]["nodes"]
    return [n["type"] for n in nodes if n["aggregateId"] == case["id"]]


@pytest.mark.parametrize("reader", ["salma", "dounia", "nadia", "amina"])
def test_a_case_stays_out_of_mission_activity_for_everyone_but_auditors(
    request: pytest.FixtureRequest,
    salma: ApiClient,
    amina: ApiClient,
    idris: ApiClient,
    reader: str,
) -> None:
    opened = payload(
        salma,
        "OpenCase",
        citizenId=enrolled(amina),
        kind="HOSPITAL",
        summary="admitted to hospital in Dubai",
    )
    noted = payload(salma, "AddCaseNote", caseId=opened["case"]["id"], text="visited the ward")
    case = {"id": opened["case"]["id"], "position": noted["position"]}
    client: ApiClient = request.getfixturevalue(reader)

    assert case_activity(client, "DXB", case) == []
    assert case_activity(idris, "DXB", case) == ["CaseNoteAdded", "CaseOpened"]


def reads_of_case(client: ApiClient, case_id: str, since: str) -> list[dict[str, Any]]:
    """Reads of the case since `since` in the access log, as `client` is shown it."""
    found = client.data("AccessLog", account="yasmine", first=100, **{"from": since})
    return [n for n in found["accessLog"]["nodes"] if n["recordId"] == case_id]


def test_reads_of_a_case_are_in_the_access_log_for_auditors_only(
    handed_over: dict[str, Any], yasmine: ApiClient, idris: ApiClient, hassan: ApiClient
) -> None:
    since = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    yasmine.data("LookUpCase", id=handed_over["id"])
    deadline = time.monotonic() + 15  # reads are recorded in batches
    while not (seen := reads_of_case(idris, handed_over["id"], since)):
        assert time.monotonic() < deadline, "the read was never recorded"
        time.sleep(0.2)

    assert [(r["kind"], r["mission"]) for r in seen] == [("case", "RUH")]
    assert reads_of_case(hassan, handed_over["id"], since) == []
