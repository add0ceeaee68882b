"""Reads recorded in the register, listed to auditors only, through the real server."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from tests.e2e.citizen_inputs import man_input, new_national_id

if TYPE_CHECKING:
    from tests.e2e.api_client import ApiClient

RECORDED_WITHIN_S = 15


def reads_of(auditor: ApiClient, citizen_id: str, expected: int) -> list[dict[str, Any]]:
    """The access log for a record, once it holds `expected` reads (they are batched)."""
    deadline = time.monotonic() + RECORDED_WITHIN_S
    while True:
        nodes: list[dict[str, Any]] = auditor.data("AccessLog", citizenId=citizen_id)["accessLog"][
            "nodes"
        ]
        if len(nodes) >= expected or time.monotonic() > deadline:
            return nodes
        time.sleep(0.2)


def read_in_montreal(amina: ApiClient, omar: ApiClient, idris: ApiClient) -> tuple[str, Any]:
    """A citizen enrolled in Paris and looked up by omar in Montréal; the read as logged."""
    given = man_input(nationalId=new_national_id())
    citizen_id = amina.data("EnrollCitizen", input=given)["enrollCitizen"]["citizen"]["id"]
    omar.data("LookUpCitizen", id=citizen_id)
    [read] = reads_of(idris, citizen_id, 1)
    return citizen_id, read


def test_a_lookup_in_montreal_is_shown_to_auditors_with_who_and_where(
    amina: ApiClient, omar: ApiClient, idris: ApiClient
) -> None:
    citizen_id, read = read_in_montreal(amina, omar, idris)

    assert read == {
        "position": read["position"],
        "readAt": read["readAt"],
        "account": "omar",
        "mission": "MTL",
        "kind": "citizen",
        "recordId": citizen_id,
    }


def test_a_clerk_may_not_read_the_access_log(amina: ApiClient) -> None:
    body = amina.run("AccessLog", account="omar")

    assert body["data"] is None
    assert body["errors"][0]["message"] == "role clerk may not perform accessLog"
    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN", "field": None}


def test_an_auditor_reads_the_log_as_of_at_least_a_position(
    amina: ApiClient, omar: ApiClient, idris: ApiClient
) -> None:
    citizen_id, read = read_in_montreal(amina, omar, idris)

    seen = idris.data("AccessLog", citizenId=citizen_id, minPosition=read["position"])
    ahead = idris.run("AccessLog", citizenId=citizen_id, minPosition=10**9)

    assert seen == {"accessLog": {"nodes": [read], "pageInfo": seen["accessLog"]["pageInfo"]}}
    assert seen["accessLog"]["pageInfo"]["hasNextPage"] is False
    assert ahead["data"] is None
    assert ahead["errors"][0]["extensions"] == {"code": "VIEWS_BEHIND", "field": "minPosition"}
