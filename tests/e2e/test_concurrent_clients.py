"""Two clerks at two missions record a marriage for the same woman at the same instant."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from tests.e2e.citizen_inputs import citizen_core, man_input, new_national_id, woman_input

if TYPE_CHECKING:
    from tests.e2e.api_client import ApiClient


def test_two_clerks_marrying_one_woman_at_once_leave_exactly_one_marriage(
    amina: ApiClient, omar: ApiClient
) -> None:
    def enrolled(given: dict[str, Any]) -> str:
        citizen_id: str = amina.data("EnrollCitizen", input=given)["enrollCitizen"]["citizen"]["id"]
        return citizen_id

    her = woman_input(nationalId=new_national_id())
    wife = enrolled(her)
    names = ("Karim", "Nabil")
    men = [enrolled(man_input(nationalId=new_national_id(), givenName=n)) for n in names]
    clerks = [amina, omar]
    # Each clerk reads the record through its own connection, as a consulate's client would.
    versions = [clerk.data("LookUpCitizen", id=wife)["citizen"]["version"] for clerk in clerks]
    assert versions == [1, 1]
    start = threading.Barrier(len(clerks))

    def marry(i: int) -> dict[str, Any]:
        start.wait(timeout=10)
        payload: dict[str, Any] = clerks[i].data(
            "RecordMarriage",
            input={
                "citizenId": wife,
                "spouseId": men[i],
                "expectedVersion": versions[i],
                "effectiveDate": "2016-04-02",
                "place": "Casablanca",
            },
        )["recordMarriage"]
        return payload

    with ThreadPoolExecutor(len(clerks)) as pool:
        payloads = list(pool.map(marry, range(len(clerks))))

    winners = [i for i, p in enumerate(payloads) if not p["errors"]]
    assert len(winners) == 1, payloads
    w = winners[0]
    won, lost = payloads[w], payloads[1 - w]
    assert won == {
        "citizen": {
            **citizen_core(her, id=wife, version=2, marital_status="MARRIED"),
            "spouses": [{"id": men[w], "givenName": names[w]}],
            "marriages": [
                {
                    "id": won["marriageId"],
                    "spouseName": f"{names[w]} El Amrani",
                    "spouseNationality": "MAR",
                    "marriedOn": "2016-04-02",
                    "place": "Casablanca",
                    "endedOn": None,
                    "endReason": None,
                }
            ],
        },
        "position": won["position"],
        "marriageId": won["marriageId"],
        "errors": [],
    }
    # The loser read version 1 either after the winner saved, or before: both are a CONFLICT.
    assert lost in [
        {"citizen": None, "position": None, "marriageId": None, "errors": [error]}
        for error in (
            {
                "code": "CONFLICT",
                "field": "expectedVersion",
                "message": "the record is at version 2, not 1: it changed since it was read",
            },
            {
                "code": "CONFLICT",
                "field": None,
                "message": "the record changed while this command ran; read it again and retry",
            },
        )
    ], lost
    record = amina.data("LookUpCitizen", id=wife)["citizen"]
    assert (record["version"], record["spouses"]) == (2, won["citizen"]["spouses"])
    assert [m["id"] for m in record["marriages"]] == [won["marriageId"]]
    jilted = amina.data("LookUpCitizen", id=men[1 - w])["citizen"]
    assert (jilted["version"], jilted["marriages"], jilted["spouses"]) == (1, [], [])
