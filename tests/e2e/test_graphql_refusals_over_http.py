"""What GraphQL itself refuses before the register sees a request (a required input left out, a
value of the wrong type, an unknown field, a malformed query) carries the same
`extensions { code field }` as the register's own refusals, and nothing is written."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

from tests.e2e.citizen_inputs import man_input, new_national_id

if TYPE_CHECKING:
    from tests.e2e.api_client import ApiClient

ENROL = "mutation Enrol($input: EnrollCitizenInput!) { enrollCitizen(input: $input) { position } }"


def refusals(client: ApiClient, query: str, variables: dict[str, Any] | None = None) -> Any:
    response = client.post(query, variables)
    assert response.status_code == 200
    body = response.json()
    assert body.get("data") is None
    return [e["extensions"] for e in body["errors"]]


def test_an_enrolment_without_a_required_name_names_the_name_and_writes_nothing(
    amina: ApiClient,
) -> None:
    given = man_input(nationalId=new_national_id())
    del given["givenName"]

    found = refusals(amina, ENROL, {"input": given})

    assert found == [{"code": "REQUIRED", "field": "givenName"}]
    assert amina.data("LookUpCitizen", nationalId=given["nationalId"]) == {"citizen": None}


def test_an_inline_input_missing_names_lists_each_and_an_unknown_field_is_named(
    amina: ApiClient,
) -> None:
    query = (
        'mutation { enrollCitizen(input: {requestId: "r-1", givenName: "Ali",'
        ' familyName: "Idrissi", givenNameAr: "علي", familyNameAr: "الإدريسي", sex: MALE,'
        ' birthDate: "1990-01-01",'
        ' birthCountry: "MAR", actor: "someone else"}) { position } }'
    )

    assert refusals(amina, query) == [
        {"code": "REQUIRED", "field": "birthPlace"},
        {"code": "UNKNOWN_FIELD", "field": "actor"},
    ]


@pytest.mark.parametrize(
    ("query", "variables", "expected"),
    [
        (
            '{ citizen(id: "4f0c", asOf: "last tuesday") { id } }',
            None,
            {"code": "INVALID_DATETIME", "field": "asOf"},
        ),
        (
            'query Q($at: DateTime) { citizen(nationalId: "AB12345", asOf: $at) { id } }',
            {"at": "2026-13-40T99:00:00"},
            {"code": "INVALID_DATETIME", "field": "at"},
        ),
        (
            "{ citizen(nationalId: 12345) { id } }",
            None,
            {"code": "INVALID_FORMAT", "field": "nationalId"},
        ),
        (
            "query Q($n: String!) { citizen(nationalId: $n) { id } }",
            {},
            {"code": "REQUIRED", "field": "n"},
        ),
        ("{ document { kind } }", None, {"code": "REQUIRED", "field": "number"}),
        (
            '{ citizen(id: "x", birthDate: "2000-01-01") { id } }',
            None,
            {"code": "UNKNOWN_FIELD", "field": "birthDate"},
        ),
        (
            '{ citizen(nationalId: "AB12345") { shoeSize } }',
            None,
            {"code": "UNKNOWN_FIELD", "field": "shoeSize"},
        ),
        ('{ citizen(nationalId: "AB12345") { id ', None, {"code": "INVALID_QUERY", "field": None}),
    ],
    ids=[
        "datetime-literal",
        "datetime-variable",
        "number-for-string",
        "variable-not-given",
        "argument-left-out",
        "unknown-argument",
        "unknown-field",
        "syntax",
    ],
)
def test_graphql_s_own_refusals_carry_a_code_and_the_field(
    amina: ApiClient, query: str, variables: dict[str, Any] | None, expected: dict[str, Any]
) -> None:
    assert refusals(amina, query, variables) == [expected]


def test_a_citizen_lookup_by_a_malformed_id_or_by_both_keys_is_refused_naming_id(
    amina: ApiClient,
) -> None:
    malformed = amina.post('{ citizen(id: "not-a-register-id") { id } }')
    both = amina.post('{ citizen(id: "4f0c", nationalId: "AB12345") { id } }')

    assert malformed.json() == {
        "data": {"citizen": None},
        "errors": [
            {
                "message": "id is not a register id",
                "locations": [{"line": 1, "column": 3}],
                "path": ["citizen"],
                "extensions": {"code": "INVALID_ID", "field": "id"},
            }
        ],
    }
    assert [e["extensions"] for e in both.json()["errors"]] == [
        {"code": "INVALID_CHOICE", "field": "id"}
    ]
