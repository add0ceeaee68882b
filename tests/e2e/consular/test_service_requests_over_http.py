"""Service requests over HTTP: the counter's life of a request, and the public tracking page."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import httpx
import pytest

from domain.services.tracking_number import check_character
from tests.e2e.api_client import operation
from tests.e2e.consular.requests_over_http import (
    BORN,
    enrolled,
    payload,
    refused,
    request_view,
    submitted,
    today,
)

if TYPE_CHECKING:
    from tests.e2e.api_client import ApiClient
    from tests.e2e.deployment import Deployment


def track(live: Deployment, number: str, born: str = BORN, lang: str | None = None) -> Any:
    """trackRequest as the public sends it: plain HTTP, no Authorization header."""
    response = httpx.post(
        f"{live.base_url}/graphql",
        json={
            "query": operation("TrackRequest"),
            "variables": {"trackingNumber": number, "birthDate": born, "lang": lang},
        },
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_a_request_is_tracked_from_submission_to_postal_delivery(
    guide: Deployment, live: Deployment, amina: ApiClient, omar: ApiClient
) -> None:
    citizen_id = enrolled(amina)

    request = submitted(amina, citizen_id, channel="POST")

    number = request["trackingNumber"]
    assert number.startswith(f"PAR-{today()[:4]}-")
    assert request == {
        "id": request["id"],
        "version": 1,
        "trackingNumber": number,
        "citizenId": citizen_id,
        "serviceCode": "LEGALISATION",
        "mission": "PAR",
        "channel": "POST",
        "status": "SUBMITTED",
        "fee": {"amount": "10", "currency": "EUR"},
        "payment": None,
        "documentsReceived": [],
        "dispatch": None,
        "closingReason": None,
        "steps": [{"milestone": "SUBMITTED", "on": today()}],
    }
    rid = request["id"]
    paid = payload(
        amina,
        "RecordFeePayment",
        serviceRequestId=rid,
        amount="10.00",
        currency="EUR",
        receiptReference="PAR-CAISSE-0042",
    )
    payload(amina, "RecordDocumentsReceived", serviceRequestId=rid, documents=["diploma"])
    payload(amina, "CompleteServiceRequest", serviceRequestId=rid)
    payload(
        amina,
        "DispatchServiceRequest",
        serviceRequestId=rid,
        carrier="La Poste",
        carrierReference="LP123456789FR",
    )
    # Any mission may record the delivery.
    delivered = payload(omar, "DeliverServiceRequest", serviceRequestId=rid)

    assert isinstance(paid["position"], int)
    assert paid["serviceRequest"]["payment"] == {
        "amount": "10.00",
        "currency": "EUR",
        "receiptReference": "PAR-CAISSE-0042",
    }
    steps = ["SUBMITTED", "FEE_PAID", "DOCUMENTS_RECEIVED", "COMPLETED", "DISPATCHED", "DELIVERED"]
    expected = request_view(
        request,
        version=6,
        status="DELIVERED",
        steps=steps,
        payment=paid["serviceRequest"]["payment"],
        documentsReceived=["diploma"],
        dispatch={"carrier": "La Poste", "carrierReference": "LP123456789FR"},
    )
    assert delivered == {
        "serviceRequest": expected,
        "position": delivered["position"],
        "errors": [],
    }
    assert amina.data("LookUpServiceRequest", trackingNumber=number.lower()) == {
        "serviceRequest": expected
    }
    assert track(live, number, lang="en") == {
        "data": {
            "trackRequest": {
                "trackingNumber": number,
                "serviceCode": "LEGALISATION",
                "serviceName": "Document legalisation",
                "status": "DELIVERED",
                "steps": expected["steps"],
            }
        }
    }
    history = amina.data("LookUpCitizen", id=citizen_id)["citizen"]["history"]
    assert [(h["type"], h["mission"], h["actor"]) for h in history] == [
        ("Enrolled", "PAR", "amina"),
        ("ServiceRequested", "PAR", "amina"),
        ("FeePaid", "PAR", "amina"),
        ("DocumentsReceived", "PAR", "amina"),
        ("ServiceCompleted", "PAR", "amina"),
        ("DispatchedByPost", "PAR", "amina"),
        ("ServiceDelivered", "MTL", "omar"),
    ]


def test_a_free_request_is_collected_at_the_counter(guide: Deployment, amina: ApiClient) -> None:
    request = submitted(amina, enrolled(amina), service="CIVIL_STATUS_EXTRACT")
    rid = request["id"]

    payload(amina, "CompleteServiceRequest", serviceRequestId=rid)
    payload(amina, "MarkReadyForCollection", serviceRequestId=rid)
    collected = payload(amina, "DeliverServiceRequest", serviceRequestId=rid)["serviceRequest"]

    assert request["fee"] == {"amount": "0", "currency": "EUR"}
    assert collected == request_view(
        request,
        version=4,
        status="DELIVERED",
        steps=["SUBMITTED", "COMPLETED", "READY_FOR_COLLECTION", "DELIVERED"],
    )


def test_rejection_needs_an_officer_and_withdrawal_closes_the_request(
    guide: Deployment, amina: ApiClient, karim: ApiClient
) -> None:
    citizen_id = enrolled(amina)
    first, second = submitted(amina, citizen_id), submitted(amina, citizen_id)

    by_clerk = payload(amina, "RejectServiceRequest", serviceRequestId=first["id"], reason="x")
    rejected = payload(karim, "RejectServiceRequest", serviceRequestId=first["id"], reason="forged")
    withdrawn = payload(amina, "WithdrawServiceRequest", serviceRequestId=second["id"])

    assert by_clerk == refused("FORBIDDEN", None, "role clerk may not perform rejectServiceRequest")
    assert rejected["serviceRequest"] == request_view(
        first, version=2, status="REJECTED", steps=["SUBMITTED", "REJECTED"], closingReason="forged"
    )
    assert withdrawn["serviceRequest"] == request_view(
        second, version=2, status="WITHDRAWN", steps=["SUBMITTED", "WITHDRAWN"]
    )


def test_tracking_without_a_token_shows_nothing_for_a_wrong_birth_date_or_unknown_number(
    guide: Deployment, live: Deployment, amina: ApiClient
) -> None:
    number = submitted(amina, enrolled(amina))["trackingNumber"]
    unknown = "PAR-2026-7K3F9Q-" + check_character("PAR20267K3F9Q")

    assert track(live, number, born="1985-03-05") == {"data": {"trackRequest": None}}
    assert track(live, unknown) == {"data": {"trackRequest": None}}
    assert track(live, number)["data"]["trackRequest"]["status"] == "SUBMITTED"


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("PAR-2026-7K3F9Q", "a tracking number reads like PAR-2026-7K3F9Q-X"),
        ("PAR-2026-7K3F9Q-!", "a tracking number reads like PAR-2026-7K3F9Q-X"),
        (None, "the tracking number's check character does not match: it was mistyped"),
    ],
)
def test_a_tracking_number_with_a_bad_check_character_is_a_typed_error(
    guide: Deployment, live: Deployment, number: str | None, message: str
) -> None:
    good = check_character("PAR20267K3F9Q")
    typed = number or f"PAR-2026-7K3F9Q-{'A' if good != 'A' else 'B'}"

    answer = track(live, typed)

    assert answer == {
        "data": {"trackRequest": None},
        "errors": [
            {
                "message": message,
                "locations": [{"line": 2, "column": 3}],
                "path": ["trackRequest"],
                "extensions": {"code": "INVALID_FORMAT", "field": "trackingNumber"},
            }
        ],
    }


@pytest.mark.parametrize(
    ("fields", "code", "field", "message"),
    [
        (
            {"currency": "USD"},
            "CURRENCY_MISMATCH",
            "currency",
            "the fee is paid in EUR, not USD",
        ),
        (
            {"amount": "-10"},
            "OUT_OF_RANGE",
            "amount",
            "amount: a payment is greater than zero",
        ),
        (
            {"amount": "9.99"},
            "AMOUNT_MISMATCH",
            "amount",
            "the fee is 10 EUR, not 9.99",
        ),
        (
            {"receiptReference": "R" * 61},
            "TOO_LONG",
            "receiptReference",
            "receiptReference: String should have at most 60 characters",
        ),
    ],
)
def test_a_bad_payment_is_a_typed_error_and_writes_nothing(
    guide: Deployment,
    amina: ApiClient,
    fields: dict[str, Any],
    code: str,
    field: str,
    message: str,
) -> None:
    request = submitted(amina, enrolled(amina))
    given = {"amount": "10", "currency": "EUR", "receiptReference": "R-1", **fields}

    answer = payload(amina, "RecordFeePayment", serviceRequestId=request["id"], **given)

    assert answer == refused(code, field, message)
    assert amina.data("LookUpServiceRequest", id=request["id"]) == {"serviceRequest": request}


@pytest.mark.parametrize(
    ("fields", "code", "field", "message"),
    [
        (
            {"serviceCode": "NO_SUCH_SERVICE"},
            "UNKNOWN_SERVICE",
            "serviceCode",
            "the guide has no service 'NO_SUCH_SERVICE'",
        ),
        (
            {"serviceCode": "PASSPORT_RENEWAL", "channel": "POST"},
            "CHANNEL_NOT_OFFERED",
            "channel",
            "the service PASSPORT_RENEWAL is requested by COUNTER",
        ),
    ],
)
def test_a_bad_submission_is_a_typed_error(
    guide: Deployment,
    amina: ApiClient,
    fields: dict[str, Any],
    code: str,
    field: str,
    message: str,
) -> None:
    given = {"citizenId": enrolled(amina), "serviceCode": "LEGALISATION", "channel": "COUNTER"}

    answer = payload(amina, "SubmitServiceRequest", **{**given, **fields})

    assert answer == refused(code, field, message)


@pytest.mark.parametrize(
    ("operation_name", "code", "message"),
    [
        ("CompleteServiceRequest", "FEE_NOT_PAID", "the fee is not paid yet"),
        (
            "DeliverServiceRequest",
            "NOT_DISPATCHED",
            "the request is neither dispatched nor ready for collection",
        ),
        ("MarkReadyForCollection", "NOT_COMPLETED", "the request is not completed yet"),
    ],
)
def test_a_step_out_of_order_is_a_typed_error_and_writes_nothing(
    guide: Deployment, amina: ApiClient, operation_name: str, code: str, message: str
) -> None:
    request = submitted(amina, enrolled(amina))

    answer = payload(amina, operation_name, serviceRequestId=request["id"])

    assert answer == refused(code, "serviceRequestId", message)
    assert amina.data("LookUpServiceRequest", id=request["id"]) == {"serviceRequest": request}


def test_completing_and_withdrawing_at_once_one_wins_the_other_is_a_conflict(
    guide: Deployment, amina: ApiClient, omar: ApiClient
) -> None:
    request = submitted(amina, enrolled(amina), service="CIVIL_STATUS_EXTRACT")
    clerks = [amina, omar]
    # Each clerk reads the request through its own connection and names the version it read.
    versions = [
        c.data("LookUpServiceRequest", id=request["id"])["serviceRequest"]["version"]
        for c in clerks
    ]
    steps = ["CompleteServiceRequest", "WithdrawServiceRequest"]
    start = threading.Barrier(2)

    def act(i: int) -> dict[str, Any]:
        start.wait(timeout=10)
        return payload(
            clerks[i], steps[i], serviceRequestId=request["id"], expectedVersion=versions[i]
        )

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(act, range(2)))

    [winner] = [i for i, a in enumerate(answers) if not a["errors"]]
    status = ("COMPLETED", "WITHDRAWN")[winner]
    assert answers[winner]["serviceRequest"] == request_view(
        request, version=2, status=status, steps=["SUBMITTED", status]
    )
    assert answers[1 - winner] in [
        refused(
            "CONFLICT",
            "expectedVersion",
            "the request is at version 2, not 1: it changed since it was read",
        ),
        refused(
            "CONFLICT", None, "the record changed while this command ran; read it again and retry"
        ),
    ]
    lookup = amina.data("LookUpServiceRequest", id=request["id"])["serviceRequest"]
    assert (lookup["version"], lookup["status"]) == (2, status)


@pytest.mark.parametrize(
    ("variables", "code"),
    [({"id": "not-an-id"}, "INVALID_ID"), ({}, "INVALID_CHOICE")],
    ids=["malformed-id", "neither-key"],
)
def test_a_request_looked_up_by_a_malformed_id_or_no_key_is_refused_naming_id(
    amina: ApiClient, variables: dict[str, Any], code: str
) -> None:
    body = amina.run("LookUpServiceRequest", **variables)

    assert body["data"] == {"serviceRequest": None}
    assert [e["extensions"] for e in body["errors"]] == [{"code": code, "field": "id"}]
