"""Legalisation over HTTP: an officer legalises; anyone verifies the code without a token."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from domain.services.legalisation import new_code
from register.web.resolving import PUBLIC_FLOOR_S
from tests.e2e.api_client import operation
from tests.e2e.consular.requests_over_http import enrolled, payload, today
from tests.e2e.sijill_process import Server, sijill

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.e2e.api_client import ApiClient
    from tests.e2e.deployment import Deployment

UNKNOWN = {
    "status": "UNKNOWN",
    "number": None,
    "legalisedOn": None,
    "signerName": None,
    "signerCapacity": None,
    "sealingAuthority": None,
}
"""The e-Register's answer for a code it does not hold on that date: the same fields, null."""
SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"


def verify(base_url: str, code: str, on: str) -> httpx.Response:
    """verifyLegalisation as the public sends it: plain HTTP, no Authorization header."""
    return httpx.post(
        f"{base_url}/graphql",
        json={"query": operation("VerifyLegalisation"), "variables": {"code": code, "date": on}},
    )


def verified(live: Deployment, code: str, on: str) -> dict[str, Any]:
    response = verify(live.base_url, code, on)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    answer: dict[str, Any] = body["data"]["verifyLegalisation"]
    return answer


def legalised(karim: ApiClient, citizen_id: str, **fields: Any) -> dict[str, Any]:
    given = {
        "citizenId": citizen_id,
        "documentKind": "birth certificate",
        "issuingAuthority": "Mairie de Lyon",
        "signerName": "Claire Martin",
        "signerCapacity": "officier d'état civil",
        "documentSha256": SHA,
        **fields,
    }
    answer = payload(karim, "LegaliseDocument", **given)
    assert answer["errors"] == [], answer
    legalisation: dict[str, Any] = answer["legalisation"]
    return legalisation


def test_a_legalisation_is_verified_by_anyone_holding_its_code_and_date(
    live: Deployment, amina: ApiClient, karim: ApiClient
) -> None:
    citizen_id = enrolled(amina)

    legalisation = legalised(karim, citizen_id)

    code, number = legalisation["code"], legalisation["number"]
    assert legalisation == {
        "id": legalisation["id"],
        "version": 1,
        "citizenId": citizen_id,
        "number": number,
        "code": code,
        "legalisedOn": today(),
        "mission": "PAR",
        "officer": "karim",
        "documentKind": "birth certificate",
        "issuingAuthority": "Mairie de Lyon",
        "signerName": "Claire Martin",
        "signerCapacity": "officier d'état civil",
        "sealingAuthority": None,
        "documentSha256": SHA,
        "status": "VALID",
        "revokedOn": None,
        "revocationReason": None,
    }
    assert verified(live, code.lower(), today()) == {
        "status": "VALID",
        "number": number,
        "legalisedOn": today(),
        "signerName": "Claire Martin",
        "signerCapacity": "officier d'état civil",
        "sealingAuthority": None,
    }
    history = amina.data("LookUpCitizen", id=citizen_id)["citizen"]["history"]
    assert [(h["type"], h["actor"]) for h in history][-1] == ("DocumentLegalised", "karim")


def test_unknown_codes_wrong_dates_and_nonsense_get_the_same_answer_shape(
    live: Deployment, amina: ApiClient, karim: ApiClient
) -> None:
    code = legalised(karim, enrolled(amina))["code"]
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()

    answers = [
        verified(live, new_code(), today()),
        verified(live, code, yesterday),
        verified(live, "not a code", today()),
        verified(live, code, "2026-02-31"),
    ]

    assert answers == [UNKNOWN] * 4
    assert set(verified(live, code, today())) == set(UNKNOWN)


def test_a_verification_takes_at_least_the_floor_whether_the_code_exists_or_not(
    live: Deployment, amina: ApiClient, karim: ApiClient
) -> None:
    code = legalised(karim, enrolled(amina))["code"]

    for asked in (code, new_code()):
        started = time.perf_counter()
        verified(live, asked, today())
        assert time.perf_counter() - started >= PUBLIC_FLOOR_S


def test_a_revoked_legalisation_verifies_as_revoked(
    live: Deployment, amina: ApiClient, karim: ApiClient, salma: ApiClient
) -> None:
    legalisation = legalised(
        karim,
        enrolled(amina),
        signerName=None,
        signerCapacity=None,
        sealingAuthority="Ministère de la Justice",
    )

    revoked = payload(
        salma, "RevokeLegalisation", legalisationId=legalisation["id"], reason="seal forged"
    )

    assert revoked == {
        "legalisation": {
            **legalisation,
            "version": 2,
            "status": "REVOKED",
            "revokedOn": today(),
            "revocationReason": "seal forged",
        },
        "position": revoked["position"],
        "errors": [],
    }
    assert verified(live, legalisation["code"], today()) == {
        "status": "REVOKED",
        "number": legalisation["number"],
        "legalisedOn": today(),
        "signerName": None,
        "signerCapacity": None,
        "sealingAuthority": "Ministère de la Justice",
    }


@pytest.mark.parametrize(
    ("fields", "code", "field", "message"),
    [
        (
            {"signerCapacity": None},
            "REQUIRED",
            "signerCapacity",
            "a signer is named with the capacity in which they signed",
        ),
        (
            {"documentSha256": "abc"},
            "INVALID_FORMAT",
            "documentSha256",
            "documentSha256: a SHA-256 is 64 hexadecimal digits",
        ),
    ],
)
def test_a_bad_legalisation_is_a_typed_error(
    amina: ApiClient,
    karim: ApiClient,
    fields: dict[str, Any],
    code: str,
    field: str,
    message: str,
) -> None:
    given = {
        "citizenId": enrolled(amina),
        "documentKind": "diploma",
        "issuingAuthority": "University",
        "signerName": "A",
        "signerCapacity": "dean",
        **fields,
    }

    answer = payload(karim, "LegaliseDocument", **given)

    assert answer == {
        "legalisation": None,
        "position": None,
        "errors": [{"code": code, "field": field, "message": message}],
    }


def test_a_clerk_may_not_legalise(amina: ApiClient) -> None:
    answer = payload(
        amina,
        "LegaliseDocument",
        citizenId=enrolled(amina),
        documentKind="diploma",
        issuingAuthority="University",
        sealingAuthority="University",
    )

    assert answer == {
        "legalisation": None,
        "position": None,
        "errors": [
            {
                "code": "FORBIDDEN",
                "field": None,
                "message": "role clerk may not perform legaliseDocument",
            }
        ],
    }


@pytest.fixture(scope="module")
def limited(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A server allowing tokenless clients a burst of 2, then one request every 2 s."""
    workdir: Path = tmp_path_factory.mktemp("limited-legalisation")
    url = f"sqlite:///{workdir / 'register.db'}"
    sijill(url, "migrate", cwd=workdir)
    server = Server(url, workdir, {"SIJILL_PUBLIC_RATE": "0.5", "SIJILL_PUBLIC_BURST": "2"})
    try:
        server.wait_until_ready()
        yield server.base_url
    finally:
        server.stop()


def test_verification_without_a_token_is_rate_limited_per_address(limited: str) -> None:
    answers = [verify(limited, new_code(), today()) for _ in range(3)]

    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[0].json() == {"data": {"verifyLegalisation": UNKNOWN}}
    assert int(answers[2].headers["retry-after"]) >= 1
