"""Helpers of the service-request e2e tests: a citizen to serve, requests, what they read back."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from tests.e2e.citizen_inputs import man_input, new_national_id

if TYPE_CHECKING:
    from tests.e2e.api_client import ApiClient

BORN = "1985-03-04"
"""The birth date of man_input(): what the public tracking page asks for."""


def today() -> str:
    return datetime.now(UTC).date().isoformat()


def enrolled(client: ApiClient) -> str:
    data = client.data("EnrollCitizen", input=man_input(nationalId=new_national_id()))
    citizen_id: str = data["enrollCitizen"]["citizen"]["id"]
    return citizen_id


def payload(client: ApiClient, operation: str, **input_fields: Any) -> dict[str, Any]:
    """The payload of mutation `operation` (asserting no GraphQL errors)."""
    field = operation[0].lower() + operation[1:]
    result: dict[str, Any] = client.data(operation, input=input_fields)[field]
    return result


def submitted(
    client: ApiClient, citizen_id: str, service: str = "LEGALISATION", channel: str = "COUNTER"
) -> dict[str, Any]:
    result = payload(
        client, "SubmitServiceRequest", citizenId=citizen_id, serviceCode=service, channel=channel
    )
    assert result["errors"] == [], result
    request: dict[str, Any] = result["serviceRequest"]
    return request


def request_view(
    submitted: dict[str, Any],
    *,
    version: int,
    status: str,
    steps: list[str],
    **changed: Any,
) -> dict[str, Any]:
    """A request as LookUpServiceRequest reads it, taking `submitted` as it was submitted."""
    view = {
        **submitted,
        "version": version,
        "status": status,
        "steps": [{"milestone": m, "on": today()} for m in steps],
    }
    return {**view, **changed}


def refused(code: str, field: str | None, message: str) -> dict[str, Any]:
    return {
        "serviceRequest": None,
        "position": None,
        "errors": [{"code": code, "field": field, "message": message}],
    }
