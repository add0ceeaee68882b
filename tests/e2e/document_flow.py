"""Steps of the document flow over HTTP, shared by the document tests (one number counter)."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from itertools import count
from typing import TYPE_CHECKING, Any

import httpx

from tests.e2e.api_client import operation
from tests.e2e.citizen_inputs import man_input, new_national_id

if TYPE_CHECKING:
    from tests.e2e.api_client import ApiClient
    from tests.e2e.deployment import Deployment

_serial = count(1)
BORN = "1985-03-04"
"""The birth date of every citizen `man_input` makes."""


def new_number() -> str:
    """A document number no earlier test issued (the server's database is shared)."""
    return f"ED{next(_serial):07d}"


def today() -> date:
    return datetime.now(UTC).date()


def enrolled(amina: ApiClient) -> tuple[str, dict[str, Any]]:
    given = man_input(nationalId=new_national_id())
    citizen = amina.data("EnrollCitizen", input=given)["enrollCitizen"]["citizen"]
    return citizen["id"], given


def approved(omar: ApiClient, salma: ApiClient, citizen_id: str) -> str:
    applied = omar.data("ApplyForDocument", input={"citizenId": citizen_id, "kind": "PASSPORT"})
    document_id: str = applied["applyForDocument"]["document"]["id"]
    omar.data("CaptureBiometrics", input={"documentId": document_id, "facialImageRef": "bio:f:1"})
    salma.data("ApproveDocument", input={"documentId": document_id})
    return document_id


def issued(omar: ApiClient, salma: ApiClient, citizen_id: str) -> str:
    number = new_number()
    document_id = approved(omar, salma, citizen_id)
    salma.data("IssueDocument", input={"documentId": document_id, "number": number})
    return number


def verify(live: Deployment, number: str, birth_date: str = BORN) -> tuple[dict[str, Any], float]:
    """`VerifyDocument` posted with no Authorization header; the body and the seconds it took."""
    started = time.perf_counter()
    response = httpx.post(
        f"{live.base_url}/graphql",
        json={
            "query": operation("VerifyDocument"),
            "variables": {"number": number, "birthDate": birth_date},
        },
        timeout=30.0,
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body, elapsed
