"""Auditors over HTTP: a record as of an instant and on a date, the log, checkpoints, the key."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from tests.e2e.api_client import ApiClient
from tests.e2e.citizen_inputs import man_input, new_national_id
from tests.e2e.test_access_log_over_http import reads_of

if TYPE_CHECKING:
    from tests.e2e.deployment import Deployment

MARRIED_ON = "2021-05-01"
CORRECTED_TO = "2019-06-15"


def married_man(amina: ApiClient) -> tuple[str, str]:
    """A man enrolled in 2015 and married in 2021 to a spouse outside the register."""
    given = man_input(nationalId=new_national_id(), effectiveDate="2015-03-01")
    citizen_id = amina.data("EnrollCitizen", input=given)["enrollCitizen"]["citizen"]["id"]
    married = amina.data(
        "RecordMarriage",
        input={
            "citizenId": citizen_id,
            "effectiveDate": MARRIED_ON,
            "place": "Lyon",
            "spouseName": "Claire Martin",
            "spouseNationality": "FRA",
        },
    )["recordMarriage"]
    return citizen_id, married["marriageId"]


def in_time(client: ApiClient, citizen_id: str, **when: str) -> dict[str, Any]:
    return client.data("CitizenInTime", id=citizen_id, **when)["citizen"]


def test_a_corrected_marriage_date_changes_the_record_on_a_date_but_not_as_recorded_before(
    amina: ApiClient, salma: ApiClient, idris: ApiClient
) -> None:
    citizen_id, marriage_id = married_man(amina)
    before_correction = datetime.now(UTC).isoformat()
    corrected = salma.data(
        "CorrectEntry",
        input={
            "citizenId": citizen_id,
            "marriageId": marriage_id,
            "field": "marriedOn",
            "newValue": CORRECTED_TO,
            "legalBasis": "Judgment 2026/114, Lyon court of appeal",
        },
    )["correctEntry"]
    now = amina.data("LookUpCitizen", id=citizen_id)["citizen"]
    enrolled, marriage, correction = now["history"]

    as_recorded = in_time(idris, citizen_id, asOf=before_correction)
    on_2019 = in_time(idris, citizen_id, effectiveOn="2019-12-01")
    early_2019 = in_time(amina, citizen_id, effectiveOn="2019-01-01")

    assert corrected["errors"] == []
    assert correction["type"] == "MarriageCorrected"
    marriage_then = {
        "id": marriage_id,
        "spouseName": "Claire Martin",
        "marriedOn": MARRIED_ON,
        "endedOn": None,
    }
    assert as_recorded == {
        "id": citizen_id,
        "version": 2,
        "familyName": "El Amrani",
        "maritalStatus": "MARRIED",
        "marriages": [marriage_then],
        "history": [enrolled, marriage],
    }
    assert on_2019 == {
        "id": citizen_id,
        "version": 2,
        "familyName": "El Amrani",
        "maritalStatus": "MARRIED",
        "marriages": [{**marriage_then, "marriedOn": CORRECTED_TO}],
        "history": [enrolled, marriage, correction],  # everything known now
    }
    assert early_2019 == {
        "id": citizen_id,
        "version": 1,
        "familyName": "El Amrani",
        "maritalStatus": "SINGLE",
        "marriages": [],
        "history": [enrolled, marriage, correction],
    }


def test_a_clerk_may_not_see_a_record_as_recorded_earlier(
    amina: ApiClient, idris: ApiClient
) -> None:
    citizen_id, _ = married_man(amina)

    body = amina.run("CitizenInTime", id=citizen_id, asOf=datetime.now(UTC).isoformat())

    assert body["data"] == {"citizen": None}
    assert [e["extensions"] for e in body["errors"]] == [{"code": "FORBIDDEN", "field": None}]


def test_auditors_read_the_log_filtered_by_time_actor_mission_and_type(
    amina: ApiClient, idris: ApiClient
) -> None:
    since = datetime.now(UTC).isoformat()
    citizen_id, _ = married_man(amina)
    married_man(amina)

    first_page = idris.data(
        "RegisterEvents", **{"from": since}, actor="amina", type="MarriageRecorded", first=1
    )["events"]
    second_page = idris.data(
        "RegisterEvents",
        **{"from": since},
        actor="amina",
        mission="par",
        type="MarriageRecorded",
        first=1,
        after=first_page["pageInfo"]["endCursor"],
    )["events"]
    refused = amina.run("RegisterEvents", first=1)

    [mine] = first_page["nodes"]
    assert {k: v for k, v in mine.items() if k not in ("position", "recordedAt")} == {
        "type": "MarriageRecorded",
        "aggregateId": citizen_id,
        "version": 2,
        "effectiveDate": MARRIED_ON,
        "mission": "PAR",
        "actor": "amina",
        "reason": None,
    }
    assert first_page["pageInfo"]["hasNextPage"] is True
    assert [n["type"] for n in second_page["nodes"]] == ["MarriageRecorded"]
    assert second_page["nodes"][0]["position"] > mine["position"]
    assert second_page["pageInfo"]["hasNextPage"] is False
    assert refused["data"] is None
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]


def test_an_unknown_event_type_is_refused_naming_the_argument(idris: ApiClient) -> None:
    body = idris.run("RegisterEvents", type="NoSuchEvent")

    assert body["data"] is None
    assert [e["extensions"] for e in body["errors"]] == [
        {"code": "INVALID_CHOICE", "field": "type"}
    ]


def test_an_auditor_records_a_checkpoint_that_verifies_with_the_published_key(
    live: Deployment, idris: ApiClient, amina: ApiClient
) -> None:
    married_man(amina)
    checkpoint = idris.data("RecordCheckpoint")["recordCheckpoint"]
    with ApiClient(live.base_url, None) as anyone:
        published = anyone.data("AuditPublicKey")["auditPublicKey"]
    well_known = httpx.get(f"{live.base_url}/.well-known/sijill-audit-key", timeout=10).json()
    listed = idris.data("Checkpoints")["checkpoints"]
    refused = amina.run("RecordCheckpoint")

    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(published["publicKey"]))
    key.verify(base64.b64decode(checkpoint["signature"]), checkpoint["note"].encode())
    assert checkpoint["note"] == (
        f"sijill-register-checkpoint/v1\n{checkpoint['treeSize']}\n{checkpoint['rootHash']}\n"
        f"{checkpoint['signedAt']}\n"
    )
    assert well_known == published
    assert published["algorithm"] == "Ed25519"
    assert checkpoint["keyId"] == published["keyId"]
    assert {k: v for k, v in checkpoint.items() if k != "note"} in listed
    assert refused["data"] is None
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["FORBIDDEN"]


def test_an_untouched_register_verifies_for_an_auditor(idris: ApiClient, amina: ApiClient) -> None:
    married_man(amina)
    idris.data("RecordCheckpoint")
    married_man(amina)

    verdict = idris.post(
        "query { verifyIntegrity { ok findingCount first { kind position } findings { kind } } }"
    ).json()

    assert verdict == {
        "data": {"verifyIntegrity": {"ok": True, "findingCount": 0, "first": None, "findings": []}}
    }


def test_an_instant_without_a_zone_is_read_as_utc_in_as_of_and_the_log(
    amina: ApiClient, idris: ApiClient
) -> None:
    since = datetime.now(UTC)
    citizen_id, _ = married_man(amina)
    later = datetime.now(UTC)
    naive, aware = later.replace(tzinfo=None).isoformat(), later.isoformat()

    as_of = idris.run("CitizenInTime", id=citizen_id, asOf=naive)
    logged = idris.run(
        "RegisterEvents",
        **{"from": since.replace(tzinfo=None).isoformat()},
        to=naive,
        actor="amina",
        type="MarriageRecorded",
    )

    assert as_of == {"data": {"citizen": in_time(idris, citizen_id, asOf=aware)}}
    assert "errors" not in logged
    assert [n["aggregateId"] for n in logged["data"]["events"]["nodes"]] == [citizen_id]


def test_as_of_and_effective_on_together_are_refused_naming_the_argument(
    amina: ApiClient, idris: ApiClient
) -> None:
    citizen_id, _ = married_man(amina)

    body = idris.run(
        "CitizenInTime", id=citizen_id, asOf=datetime.now(UTC).isoformat(), effectiveOn=MARRIED_ON
    )

    assert body["data"] == {"citizen": None}
    assert [e["extensions"] for e in body["errors"]] == [
        {"code": "INVALID_CHOICE", "field": "effectiveOn"}
    ]


def test_a_log_range_ending_before_it_starts_is_refused_naming_to(idris: ApiClient) -> None:
    body = idris.run(
        "RegisterEvents", **{"from": "2026-03-02T00:00:00Z"}, to="2026-03-01T00:00:00Z"
    )

    assert body["data"] is None
    assert [e["extensions"] for e in body["errors"]] == [{"code": "OUT_OF_RANGE", "field": "to"}]


def test_reading_a_record_as_of_an_instant_or_on_a_date_is_recorded(
    amina: ApiClient, idris: ApiClient
) -> None:
    citizen_id, _ = married_man(amina)

    in_time(idris, citizen_id, asOf=datetime.now(UTC).isoformat())
    in_time(amina, citizen_id, effectiveOn="2019-01-01")
    reads = reads_of(idris, citizen_id, 2)

    assert sorted((r["account"], r["mission"], r["kind"], r["recordId"]) for r in reads) == [
        ("amina", "PAR", "citizen", citizen_id),
        ("idris", "BRU", "citizen", citizen_id),
    ]


def test_a_log_filtered_by_an_unknown_mission_is_refused_naming_it(idris: ApiClient) -> None:
    body = idris.run("RegisterEvents", mission="ZZZ")

    assert body["data"] is None
    assert [e["extensions"] for e in body["errors"]] == [
        {"code": "UNKNOWN_MISSION", "field": "mission"}
    ]
