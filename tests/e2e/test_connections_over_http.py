"""A consulate's client pages a citizen's history over HTTP with the named operation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tests.e2e.citizen_inputs import man_input, new_national_id

if TYPE_CHECKING:
    from tests.e2e.api_client import ApiClient


def test_a_clerk_pages_through_a_history_recorded_at_two_missions(
    amina: ApiClient, omar: ApiClient
) -> None:
    enrolled = amina.data("EnrollCitizen", input=man_input(nationalId=new_national_id()))
    citizen_id = enrolled["enrollCitizen"]["citizen"]["id"]
    for city, on in (("Lyon", "2019-01-01"), ("Laval", "2022-01-01")):
        moved = omar.data(
            "ChangeResidence",
            input={
                "citizenId": citizen_id,
                "address": "2 rue Y",
                "city": city,
                "country": "CAN",
                "effectiveDate": on,
            },
        )
        assert moved["changeResidence"]["errors"] == []

    first = amina.data("CitizenHistoryPage", id=citizen_id, first=2)["citizen"]["historyPage"]
    rest = amina.data(
        "CitizenHistoryPage", id=citizen_id, first=2, after=first["pageInfo"]["endCursor"]
    )["citizen"]["historyPage"]
    moves = amina.data(
        "CitizenHistoryPage", id=citizen_id, type="ResidenceChanged", **{"from": "2020-01-01"}
    )["citizen"]["historyPage"]

    def seen(page: dict[str, Any]) -> list[tuple[str, str, str]]:
        return [
            (e["node"]["type"], e["node"]["mission"], e["node"]["actor"]) for e in page["edges"]
        ]

    assert [seen(first), seen(rest), seen(moves)] == [
        [("Enrolled", "PAR", "amina"), ("ResidenceChanged", "MTL", "omar")],
        [("ResidenceChanged", "MTL", "omar")],
        [("ResidenceChanged", "MTL", "omar")],
    ]
    assert [(p["totalCount"], p["pageInfo"]["hasNextPage"]) for p in (first, rest, moves)] == [
        (3, True),
        (3, False),
        (1, False),
    ]
    assert [e["node"]["effectiveDate"] for e in moves["edges"]] == ["2022-01-01"]
