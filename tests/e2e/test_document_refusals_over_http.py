"""Refused document operations through the real server: roles, bad input, duplicates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import httpx
import pytest

from tests.e2e.api_client import operation
from tests.e2e.document_flow import approved, enrolled, issued, new_number, verify
from tests.e2e.sijill_process import Server, sijill

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.e2e.api_client import ApiClient
    from tests.e2e.deployment import Deployment


def test_a_clerk_may_not_issue_a_document(
    amina: ApiClient, omar: ApiClient, salma: ApiClient
) -> None:
    citizen_id, _ = enrolled(amina)
    document_id = approved(omar, salma, citizen_id)

    refused = omar.data("IssueDocument", input={"documentId": document_id, "number": new_number()})

    assert refused == {
        "issueDocument": {
            "document": None,
            "position": None,
            "errors": [
                {
                    "code": "FORBIDDEN",
                    "field": None,
                    "message": "role clerk may not perform issueDocument",
                }
            ],
        }
    }
    assert salma.data("CitizenDocuments", id=citizen_id)["citizen"]["documents"] == [
        {
            "id": document_id,
            "number": None,
            "kind": "PASSPORT",
            "status": "APPROVED",
            "expiresOn": None,
        }
    ]


def refusal(field: str, payload: dict[str, Any]) -> tuple[str, str | None]:
    assert payload[field]["document"] is None
    [error] = payload[field]["errors"]
    return error["code"], error["field"]


def test_bad_input_is_refused_with_typed_errors_naming_the_field(
    live: Deployment, amina: ApiClient, omar: ApiClient, salma: ApiClient
) -> None:
    citizen_id, _ = enrolled(amina)
    taken = issued(omar, salma, citizen_id)
    other_id, _ = enrolled(amina)
    document_id = approved(omar, salma, other_id)

    refusals = [
        refusal(
            "applyForDocument",
            omar.data("ApplyForDocument", input={"citizenId": citizen_id, "kind": "VISA"}),
        ),
        refusal(
            "applyForDocument",
            omar.data(
                "ApplyForDocument",
                input={"citizenId": citizen_id, "kind": "PASSPORT", "collectionMission": "XYZ"},
            ),
        ),
        refusal(
            "applyForDocument",
            omar.data(
                "ApplyForDocument",
                input={"citizenId": "7d1c4c5e-1111-4a4a-8b8b-000000000000", "kind": "PASSPORT"},
            ),
        ),
        refusal(
            "issueDocument",
            salma.data("IssueDocument", input={"documentId": document_id, "number": "ED12"}),
        ),
        refusal(
            "issueDocument",
            salma.data("IssueDocument", input={"documentId": document_id, "number": taken}),
        ),
        refusal(
            "reportDocumentLost",
            omar.data(
                "ReportDocumentLost",
                input={"documentId": document_id, "effectiveDate": "2026-02-30"},
            ),
        ),
    ]

    assert refusals == [
        ("UNKNOWN_DOCUMENT_KIND", "kind"),
        ("UNKNOWN_MISSION", "collectionMission"),
        ("NOT_FOUND", "citizenId"),
        ("INVALID_FORMAT", "number"),
        ("DUPLICATE", "number"),
        ("INVALID_DATE", "effectiveDate"),
    ]
    assert (
        salma.data("CitizenDocuments", id=other_id)["citizen"]["documents"][0]["status"]
        == "APPROVED"
    )
    malformed = salma.run("LookUpDocument", number="not-a-number")
    assert malformed["data"] == {"document": None}
    assert [e["extensions"] for e in malformed["errors"]] == [
        {"code": "INVALID_FORMAT", "field": "number"}
    ]
    bad_date, _ = verify(live, taken, "1985-02-30")
    assert bad_date["data"] is None
    assert [(e["path"], e["extensions"]) for e in bad_date["errors"]] == [
        (["verifyDocument"], {"code": "INVALID_DATE", "field": "birthDate"})
    ]


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server allowing tokenless clients a burst of 3, then one request every 2 s."""
    workdir: Path = tmp_path_factory.mktemp("limited-verify")
    url = f"sqlite:///{workdir / 'register.db'}"
    sijill(url, "migrate", cwd=workdir)
    server = Server(url, workdir, {"SIJILL_PUBLIC_RATE": "0.5", "SIJILL_PUBLIC_BURST": "3"})
    try:
        server.wait_until_ready()
        yield server.base_url
    finally:
        server.stop()


def test_the_public_check_is_rate_limited_per_client_address(limited: str) -> None:
    query = {
        "query": operation("VerifyDocument"),
        "variables": {"number": "ZZ0000001", "birthDate": "1985-03-04"},
    }

    with httpx.Client(base_url=limited) as client:
        answers = [client.post("/graphql", json=query) for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].json() == {
        "data": {"verifyDocument": {"status": "UNKNOWN", "expiresOn": None}}
    }
    assert int(answers[3].headers["retry-after"]) >= 1
