"""Enrolment through the real server: one mission enrols, any other finds the same record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import uuid4

from tests.e2e.citizen_inputs import citizen_core, man_input, new_national_id

if TYPE_CHECKING:
    from tests.e2e.api_client import ApiClient

NO_RELATIVES: dict[str, list[Any]] = {"parents": [], "children": [], "spouses": [], "marriages": []}


def test_a_citizen_enrolled_in_paris_is_found_in_montreal_by_national_id_and_id(
    amina: ApiClient, omar: ApiClient
) -> None:
    given = man_input(nationalId=new_national_id(), effectiveDate="2019-05-06")

    enrolled = amina.data("EnrollCitizen", input=given)["enrollCitizen"]
    citizen_id = enrolled["citizen"]["id"]

    assert enrolled == {
        "citizen": citizen_core(given, id=citizen_id, version=1),
        "position": enrolled["position"],
        "errors": [],
    }
    assert isinstance(enrolled["position"], int)
    by_national_id = omar.data("LookUpCitizen", nationalId=given["nationalId"])
    by_id = omar.data("LookUpCitizen", id=citizen_id)
    recorded_at = by_id["citizen"]["history"][0]["recordedAt"]
    assert by_id == {
        "citizen": {
            **citizen_core(given, id=citizen_id, version=1),
            **NO_RELATIVES,
            "history": [
                {
                    "type": "Enrolled",
                    "effectiveDate": "2019-05-06",
                    "recordedAt": recorded_at,
                    "mission": "PAR",
                    "actor": "amina",
                    "reason": None,
                }
            ],
        }
    }
    assert by_national_id == by_id
    assert by_id == amina.data("LookUpCitizen", id=citizen_id)


def test_a_retried_enrolment_with_the_same_request_id_records_one_citizen(
    amina: ApiClient,
) -> None:
    given = man_input(
        nationalId=new_national_id(), effectiveDate="2019-05-06", requestId=f"enrol-{uuid4()}"
    )

    first = amina.data("EnrollCitizen", input=given)["enrollCitizen"]
    retry = amina.data("EnrollCitizen", input=given)["enrollCitizen"]

    citizen = citizen_core(given, id=first["citizen"]["id"], version=1)
    assert first == {"citizen": citizen, "position": first["position"], "errors": []}
    assert isinstance(first["position"], int)
    assert retry == {"citizen": citizen, "position": None, "errors": []}
    found = amina.data("LookUpCitizen", nationalId=given["nationalId"])
    assert found == {
        "citizen": {
            **citizen,
            **NO_RELATIVES,
            "history": [
                {
                    "type": "Enrolled",
                    "effectiveDate": "2019-05-06",
                    "recordedAt": found["citizen"]["history"][0]["recordedAt"],
                    "mission": "PAR",
                    "actor": "amina",
                    "reason": None,
                }
            ],
        }
    }
