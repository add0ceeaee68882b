"""Lists as cursor connections: a citizen's history, documents and marriages, a document's
history and the guide, a page at a time with their filters, beside the plain lists."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import TYPE_CHECKING, Any

from register.civil_status import inputs as c
from register.services.guide_seed import seed_guide
from register.web.context import Context
from register.web.schema import build_schema
from tests.consular_inputs import DUBAI_OFFICER, open_case
from tests.factories import AUDITOR, PARIS_CLERK
from tests.integration.test_documents import apply_for, approve
from tests.integration.test_register_commands import enrolled, enrolled_woman, marry

if TYPE_CHECKING:
    from uuid import UUID

    from register.access import Account
    from register.application import Register
    from register.bootstrap import Container

SCHEMA = build_schema()


def answer(
    container: Container, query: str, account: Account = PARIS_CLERK, **variables: Any
) -> dict[str, Any]:
    """The whole answer: `data`, and `errors` as their messages and extensions."""
    result = asyncio.run(
        SCHEMA.execute(query, variable_values=variables, context_value=Context(container, account))
    )
    errors = [{"message": e.message, **(e.extensions or {})} for e in result.errors or []]
    return {"data": result.data, "errors": errors}


def data(container: Container, query: str, **variables: Any) -> dict[str, Any]:
    found = answer(container, query, **variables)
    assert found["errors"] == []
    result: dict[str, Any] = found["data"]
    return result


def moved(register: Register, citizen: UUID, city: str, on: date) -> None:
    register.change_residence(
        PARIS_CLERK,
        c.parse(
            c.ChangeResidence,
            {
                "citizenId": str(citizen),
                "address": "1 rue X",
                "city": city,
                "country": "FRA",
                "effectiveDate": on,
            },
        ),
    )


HISTORY = """
query History($id: ID!, $first: Int, $after: String, $from: Date, $to: Date, $type: String) {
  citizen(id: $id) {
    history { type effectiveDate }
    historyPage(first: $first, after: $after, from: $from, to: $to, type: $type) {
      totalCount
      nodes { type effectiveDate }
      edges { cursor node { type } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""


def test_a_citizens_history_pages_through_the_same_events_as_the_list(
    container: Container,
) -> None:
    register = container.register
    citizen = enrolled(register)
    for city, year in (("Lyon", 2015), ("Nantes", 2018), ("Lille", 2021)):
        moved(register, citizen, city, date(year, 1, 1))
    today = register.today().isoformat()

    first = data(container, HISTORY, id=str(citizen), first=2)["citizen"]
    then = first["historyPage"]["pageInfo"]["endCursor"]
    rest = data(container, HISTORY, id=str(citizen), first=2, after=then)["citizen"]

    assert first["history"] == [
        {"type": "Enrolled", "effectiveDate": today},
        {"type": "ResidenceChanged", "effectiveDate": "2015-01-01"},
        {"type": "ResidenceChanged", "effectiveDate": "2018-01-01"},
        {"type": "ResidenceChanged", "effectiveDate": "2021-01-01"},
    ]
    pages = (first["historyPage"], rest["historyPage"])
    assert [p["nodes"] for p in pages] == [first["history"][:2], first["history"][2:]]
    assert [[e["node"]["type"] for e in p["edges"]] for p in pages] == [
        ["Enrolled", "ResidenceChanged"],
        ["ResidenceChanged", "ResidenceChanged"],
    ]
    assert [(p["totalCount"], p["pageInfo"]["hasNextPage"]) for p in pages] == [
        (4, True),
        (4, False),
    ]
    assert [p["pageInfo"]["endCursor"] for p in pages] == [p["edges"][-1]["cursor"] for p in pages]
    assert len({e["cursor"] for p in pages for e in p["edges"]}) == 4


def test_a_citizens_history_is_filtered_by_effective_dates_and_event_type(
    container: Container,
) -> None:
    register = container.register
    citizen = enrolled(register)
    for city, year in (("Lyon", 2015), ("Nantes", 2018), ("Lille", 2021)):
        moved(register, citizen, city, date(year, 1, 1))

    def page(**filters: Any) -> dict[str, Any]:
        found = data(container, HISTORY, id=str(citizen), **filters)
        return {k: found["citizen"]["historyPage"][k] for k in ("totalCount", "nodes")}

    assert page(**{"from": "2016-01-01", "to": "2021-01-01"}) == {
        "totalCount": 2,
        "nodes": [
            {"type": "ResidenceChanged", "effectiveDate": "2018-01-01"},
            {"type": "ResidenceChanged", "effectiveDate": "2021-01-01"},
        ],
    }
    assert page(to="2015-01-01") == {
        "totalCount": 1,
        "nodes": [{"type": "ResidenceChanged", "effectiveDate": "2015-01-01"}],
    }
    assert page(type="Enrolled")["nodes"] == [
        {"type": "Enrolled", "effectiveDate": register.today().isoformat()}
    ]
    assert page(type="MarriageRecorded") == {"totalCount": 0, "nodes": []}


def test_a_page_too_large_a_foreign_cursor_or_a_bad_filter_is_a_typed_error(
    container: Container,
) -> None:
    citizen = str(enrolled(container.register))

    refusals = [
        answer(container, HISTORY, id=citizen, **arguments)
        for arguments in (
            {"first": 101},
            {"first": 0},
            {"after": "bm90LWEtY3Vyc29y"},
            {"after": "bzo5MjIzMzcyMDM2ODU0Nzc1ODA4"},  # o:2**63, past any offset or position
            {"from": "2020-02-30"},
            {"from": "2021-01-01", "to": "2020-12-31"},
            {"type": "NoSuchEvent"},
        )
    ]

    assert [r["data"] for r in refusals] == [{"citizen": None}] * 7
    assert [r["errors"] for r in refusals] == [
        [{"message": "first must be between 1 and 100", "code": "OUT_OF_RANGE", "field": "first"}],
        [{"message": "first must be between 1 and 100", "code": "OUT_OF_RANGE", "field": "first"}],
        [
            {
                "message": "after is not a cursor this API returned",
                "code": "INVALID_FORMAT",
                "field": "after",
            }
        ],
        [
            {
                "message": "after is not a cursor this API returned",
                "code": "INVALID_FORMAT",
                "field": "after",
            }
        ],
        [{"message": "from is a date, YYYY-MM-DD", "code": "INVALID_DATE", "field": "from"}],
        [{"message": "to is before from", "code": "OUT_OF_RANGE", "field": "to"}],
        [{"message": "no event type 'NoSuchEvent'", "code": "INVALID_CHOICE", "field": "type"}],
    ]


DOCUMENTS = """
query Documents($id: ID!, $kind: DocumentKind, $status: DocumentStatus, $first: Int) {
  citizen(id: $id) {
    documentsPage(kind: $kind, status: $status, first: $first) {
      totalCount
      nodes {
        kind status
        historyPage(type: "BiometricsCaptured") { totalCount nodes { type mission actor } }
      }
      pageInfo { hasNextPage }
    }
  }
}
"""


def test_a_citizens_documents_are_paged_by_kind_and_status_with_their_history(
    container: Container,
) -> None:
    register = container.register
    citizen = enrolled(register)
    approve(register, apply_for(register, citizen, "PASSPORT"))
    apply_for(register, citizen, "NATIONAL_ID")

    def page(**arguments: Any) -> dict[str, Any]:
        found = data(container, DOCUMENTS, id=str(citizen), **arguments)
        result: dict[str, Any] = found["citizen"]["documentsPage"]
        return result

    captured = {
        "totalCount": 1,
        "nodes": [{"type": "BiometricsCaptured", "mission": "MTL", "actor": "clerk-mtl"}],
    }
    none = {"totalCount": 0, "nodes": []}
    assert page(first=1) == {
        "totalCount": 2,
        "nodes": [{"kind": "PASSPORT", "status": "APPROVED", "historyPage": captured}],
        "pageInfo": {"hasNextPage": True},
    }
    assert page(kind="NATIONAL_ID") == {
        "totalCount": 1,
        "nodes": [{"kind": "NATIONAL_ID", "status": "APPLIED", "historyPage": none}],
        "pageInfo": {"hasNextPage": False},
    }
    assert page(status="APPROVED", kind="PASSPORT")["nodes"] == [
        {"kind": "PASSPORT", "status": "APPROVED", "historyPage": captured}
    ]
    assert page(status="ISSUED")["totalCount"] == 0


MARRIAGES = """
query Marriages($id: ID!, $current: Boolean, $after: String) {
  citizen(id: $id) {
    marriagesPage(current: $current, first: 1, after: $after) {
      totalCount
      nodes { marriedOn endedOn }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""


def test_a_citizens_marriages_are_paged_and_filtered_on_whether_they_last(
    container: Container,
) -> None:
    register = container.register
    husband = enrolled(register)
    first_wife = enrolled_woman(register, nationalId="BW100001")
    second_wife = enrolled_woman(register, nationalId="BW100002", givenName="Salma")
    ended = marry(register, husband, first_wife, date(2010, 5, 1))
    register.record_divorce(
        PARIS_CLERK,
        c.parse(
            c.RecordDivorce,
            {
                "citizenId": str(husband),
                "marriageId": str(ended),
                "effectiveDate": date(2015, 1, 2),
            },
        ),
    )
    marry(register, husband, second_wife, date(2020, 7, 3))

    def page(**arguments: Any) -> dict[str, Any]:
        found: dict[str, Any] = data(container, MARRIAGES, id=str(husband), **arguments)
        return found["citizen"]["marriagesPage"]

    whole = page()
    rest = page(after=whole["pageInfo"]["endCursor"])

    assert [whole["nodes"], rest["nodes"]] == [
        [{"marriedOn": "2010-05-01", "endedOn": "2015-01-02"}],
        [{"marriedOn": "2020-07-03", "endedOn": None}],
    ]
    assert [(p["totalCount"], p["pageInfo"]["hasNextPage"]) for p in (whole, rest)] == [
        (2, True),
        (2, False),
    ]
    assert page(current=True)["nodes"] == [{"marriedOn": "2020-07-03", "endedOn": None}]
    assert page(current=False)["nodes"] == [{"marriedOn": "2010-05-01", "endedOn": "2015-01-02"}]


SERVICES = """
query ServicesPage($channel: Channel, $after: String) {
  services(lang: "en") { code channels }
  servicesPage(lang: "en", mission: "LON", channel: $channel, first: 2, after: $after) {
    totalCount
    nodes { code fee { currency } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def test_the_guide_is_paged_and_filtered_by_channel(container: Container) -> None:
    seed_guide(container.register)

    first = data(container, SERVICES, channel="POST")
    pages = [first["servicesPage"]]
    while pages[-1]["pageInfo"]["hasNextPage"]:
        after = pages[-1]["pageInfo"]["endCursor"]
        pages.append(data(container, SERVICES, channel="POST", after=after)["servicesPage"])

    by_post = [s["code"] for s in first["services"] if "POST" in s["channels"]]
    assert [[n["code"] for n in p["nodes"]] for p in pages] == [
        ["CIVIL_STATUS_COPY", "CIVIL_STATUS_EXTRACT"],
        ["LEGALISATION", "RESIDENCE_ATTESTATION"],
        ["NATIONALITY_CERTIFICATE"],
    ]
    assert [n["code"] for p in pages for n in p["nodes"]] == by_post
    assert {n["fee"]["currency"] for p in pages for n in p["nodes"]} == {"GBP"}
    assert {p["totalCount"] for p in pages} == {5}
    everything = data(container, SERVICES)["servicesPage"]
    assert (everything["totalCount"], len(everything["nodes"])) == (len(first["services"]), 2)


def test_the_history_page_keeps_casework_for_auditors_as_the_list_does(
    container: Container,
) -> None:
    citizen = enrolled(container.register)
    open_case(container.register, citizen, DUBAI_OFFICER)

    def types(account: Account) -> list[list[str]]:
        found = answer(container, HISTORY, account, id=str(citizen))
        assert found["errors"] == []
        record = found["data"]["citizen"]
        return [
            [e["type"] for e in record["history"]],
            [e["type"] for e in record["historyPage"]["nodes"]],
        ]

    assert types(PARIS_CLERK) == [["Enrolled"], ["Enrolled"]]
    assert types(AUDITOR) == [["Enrolled", "CaseOpened"], ["Enrolled", "CaseOpened"]]
