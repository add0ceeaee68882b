"""Bad input over HTTP: a typed error naming the field, no citizen, and nothing written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.citizen_inputs import man_input, new_national_id

if TYPE_CHECKING:
    from tests.e2e.api_client import ApiClient

NO_SUCH_CITIZEN = "00000000-0000-4000-8000-000000000000"


def refusal(code: str, field: str | None, message: str) -> dict[str, Any]:
    return {
        "citizen": None,
        "position": None,
        "errors": [{"code": code, "field": field, "message": message}],
    }


@pytest.mark.parametrize(
    ("overrides", "code", "field", "message"),
    [
        (
            {"givenName": ""},
            "REQUIRED",
            "givenName",
            "givenName: String should have at least 1 character",
        ),
        (
            {"givenName": "A" * 61},
            "TOO_LONG",
            "givenName",
            "givenName: String should have at most 60 characters",
        ),
        (
            {"birthDate": "2999-01-01"},
            "DATE_IN_FUTURE",
            "birthDate",
            "birthDate 2999-01-01 is in the future",
        ),
        (
            {"birthDate": "1990-02-31"},
            "INVALID_DATE",
            "birthDate",
            "birthDate: not a calendar date (day is out of range for month)",
        ),
        (
            {"registeredMission": "ZZZ"},
            "UNKNOWN_MISSION",
            "registeredMission",
            "no mission with code 'ZZZ'",
        ),
    ],
    ids=["empty-name", "name-61-chars", "born-in-future", "no-31-february", "unknown-mission"],
)
def test_an_enrolment_with_a_bad_field_is_refused_and_writes_nothing(
    amina: ApiClient, overrides: dict[str, Any], code: str, field: str, message: str
) -> None:
    given = man_input(nationalId=new_national_id(), **overrides)

    refused = amina.data("EnrollCitizen", input=given)

    assert refused == {"enrollCitizen": refusal(code, field, message)}
    assert amina.data("LookUpCitizen", nationalId=given["nationalId"]) == {"citizen": None}


def test_a_malformed_national_id_is_refused(amina: ApiClient) -> None:
    refused = amina.data("EnrollCitizen", input=man_input(nationalId="12AB"))

    assert refused == {
        "enrollCitizen": refusal(
            "INVALID_FORMAT",
            "nationalId",
            "nationalId: a national ID is one or two letters then five or six digits",
        )
    }
    assert amina.data("LookUpCitizen", nationalId="12AB") == {"citizen": None}


def test_a_national_id_is_enrolled_once(amina: ApiClient, omar: ApiClient) -> None:
    national_id = new_national_id()
    first = amina.data("EnrollCitizen", input=man_input(nationalId=national_id))
    first_id = first["enrollCitizen"]["citizen"]["id"]

    again = omar.data("EnrollCitizen", input=man_input(nationalId=national_id, givenName="Omar"))

    assert again == {
        "enrollCitizen": refusal(
            "NATIONAL_ID_TAKEN", "nationalId", "that national ID number is already in the register"
        )
    }
    found = amina.data("LookUpCitizen", nationalId=national_id)["citizen"]
    assert (found["id"], found["givenName"], found["version"]) == (first_id, "Youssef", 1)


def test_a_death_for_an_unknown_citizen_is_refused(amina: ApiClient) -> None:
    refused = amina.data(
        "RecordDeath",
        input={
            "citizenId": NO_SUCH_CITIZEN,
            "effectiveDate": "2020-01-01",
            "place": "Paris",
        },
    )

    assert refused == {
        "recordDeath": refusal("NOT_FOUND", "citizenId", f"no citizen with id {NO_SUCH_CITIZEN}")
    }
    assert amina.data("LookUpCitizen", id=NO_SUCH_CITIZEN) == {"citizen": None}


def test_an_auditor_may_not_enroll(idris: ApiClient) -> None:
    given = man_input(nationalId=new_national_id())

    refused = idris.data("EnrollCitizen", input=given)

    assert refused == {
        "enrollCitizen": refusal("FORBIDDEN", None, "role auditor may not perform enrollCitizen")
    }
    assert idris.data("LookUpCitizen", nationalId=given["nationalId"]) == {"citizen": None}


def nested_children(depth: int) -> str:
    """A query `depth` levels deep: citizen, then children within children (a leaf adds none)."""
    selection = "id"
    for _ in range(depth - 1):
        selection = f"children {{ {selection} }}"
    return f"query Deep($id: String) {{ citizen(nationalId: $id) {{ {selection} }} }}"


def test_a_query_deeper_than_twelve_levels_is_refused(amina: ApiClient) -> None:
    national_id = new_national_id()
    amina.data("EnrollCitizen", input=man_input(nationalId=national_id))

    allowed = amina.post(nested_children(12), {"id": national_id})
    refused = amina.post(nested_children(13), {"id": national_id})

    assert allowed.status_code == 200
    assert allowed.json() == {"data": {"citizen": {"children": []}}}
    assert refused.status_code == 200
    body = refused.json()
    assert body["data"] is None
    assert [e["message"] for e in body["errors"]] == [
        "'Deep' exceeds maximum operation depth of 12"
    ]
    assert "depth" in body["errors"][0]["message"]
