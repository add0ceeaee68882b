"""The views through the real server: search, a mission's roll and activity, status, metrics."""

from __future__ import annotations

import random
import string
from typing import TYPE_CHECKING, Any

import httpx

from projections import all_views
from tests.e2e.citizen_inputs import man_input, new_national_id

if TYPE_CHECKING:
    from tests.e2e.api_client import ApiClient
    from tests.e2e.deployment import Deployment


def unique_family_name() -> str:
    """A family name no other test enrols, so searches on the shared server find one person."""
    return "Qa" + "".join(random.choices(string.ascii_lowercase, k=8))  # noqa: S311


def enrol(client: ApiClient, **fields: Any) -> tuple[str, int, dict[str, Any]]:
    given = man_input(nationalId=new_national_id(), **fields)
    payload = client.data("EnrollCitizen", input=given)["enrollCitizen"]
    return payload["citizen"]["id"], payload["position"], given


def test_a_citizen_enrolled_anywhere_is_found_by_a_variant_spelling(
    amina: ApiClient, omar: ApiClient
) -> None:
    family = unique_family_name()
    citizen_id, position, given = enrol(amina, givenName="Mohammed", familyName=family)

    found = omar.data("SearchCitizens", query=f"Muhammad {family}", minPosition=position)

    edges = found["searchCitizens"]["edges"]
    assert edges[0]["node"] == {
        "id": citizen_id,
        "nationalId": given["nationalId"],
        "givenName": "Mohammed",
        "familyName": family,
        "givenNameAr": given["givenNameAr"],
        "familyNameAr": given["familyNameAr"],
        "sex": "M",
        "birthDate": given["birthDate"],
        "registeredMission": {"code": "PAR", "city": "Paris"},
        "status": "alive",
        "documents": [],
    }
    assert 0.5 < edges[0]["score"] < 1.0
    exact = omar.data("SearchCitizens", query=f"Mohammed {family}", first=1)["searchCitizens"]
    assert [(e["node"]["id"], e["score"]) for e in exact["edges"]] == [(citizen_id, 1.0)]


def test_service_at_montreal_for_a_paris_citizen_is_cross_mission_activity(
    amina: ApiClient, omar: ApiClient
) -> None:
    citizen_id, _, _ = enrol(amina, familyName=unique_family_name())
    moved = omar.data(
        "ChangeResidence",
        input={
            "citizenId": citizen_id,
            "address": "5 rue Peel",
            "city": "Montréal",
            "country": "CAN",
        },
    )["changeResidence"]

    activity = omar.data(
        "MissionActivity", code="MTL", first=1, crossMissionOnly=True, minPosition=moved["position"]
    )

    [entry] = activity["mission"]["activity"]["nodes"]
    assert entry == {
        "position": moved["position"],
        "type": "ResidenceChanged",
        "actor": "omar",
        "aggregateId": citizen_id,
        "citizenId": citizen_id,
        "citizenRegisteredAt": "PAR",
        "crossMission": True,
        "recordedAt": entry["recordedAt"],
    }


def test_the_roll_of_a_mission_pages_through_its_citizens(amina: ApiClient) -> None:
    position = max(enrol(amina, registeredMission="NYC", familyName=f"Roll{c}")[1] for c in "abc")

    first = amina.data("MissionRoll", code="NYC", first=2, minPosition=position)["mission"]
    roll = first["roll"]
    rest = amina.data("MissionRoll", code="NYC", first=2, after=roll["pageInfo"]["endCursor"])

    assert (first["code"], first["city"], roll["totalCount"]) == ("NYC", "New York", 3)
    assert [n["familyName"] for n in roll["nodes"]] == ["Rolla", "Rollb"]
    assert roll["pageInfo"]["hasNextPage"] is True
    assert [n["familyName"] for n in rest["mission"]["roll"]["nodes"]] == ["Rollc"]
    assert rest["mission"]["roll"]["pageInfo"]["hasNextPage"] is False


def test_projection_status_and_metrics_show_every_view_caught_up(
    live: Deployment, amina: ApiClient
) -> None:
    _, position, _ = enrol(amina)
    amina.data("SearchCitizens", query="anything", minPosition=position)

    status = amina.data("ProjectionStatus")["projectionStatus"]
    metrics = httpx.get(f"{live.base_url}/metrics").text

    assert {v["name"] for v in status["views"]} == {v.name for v in all_views()}
    assert all(v["position"] >= position for v in status["views"])
    assert [(v["skippedEvents"], v["stoppedAt"], v["stoppedReason"]) for v in status["views"]] == [
        (0, None, None)
    ] * len(all_views())
    assert status["deadLetters"] == []
    assert status["storePosition"] >= position
    assert 'sijill_view_position{view="citizen_directory"}' in metrics
    assert 'sijill_view_skipped_events{view="citizen_directory"} 0' in metrics
    assert 'sijill_view_stopped{view="citizen_directory"} 0' in metrics
    assert "sijill_follower_up 1" in metrics
    assert "sijill_store_position " in metrics


def test_waiting_for_a_position_never_recorded_is_a_clear_error(amina: ApiClient) -> None:
    body = amina.run("SearchCitizens", query="Ahmed", minPosition=10**9)

    assert body["data"] is None
    assert body["errors"][0]["message"].startswith("the views have not reached position")
    assert body["errors"][0]["extensions"] == {"code": "VIEWS_BEHIND", "field": "minPosition"}


def test_a_search_holding_a_control_character_is_refused_on_its_argument(
    amina: ApiClient,
) -> None:
    for query in ("Ahmed\x00", "Ah\u202emed", "\x1b[31m"):
        body = amina.run("SearchCitizens", query=query)

        assert body["data"] is None
        assert body["errors"][0]["extensions"] == {"code": "INVALID_CHARACTER", "field": "query"}
