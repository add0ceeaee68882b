"""Identity documents through the real server, and the public validity check without a token."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from domain.documents import mrz
from register.web.resolving import PUBLIC_FLOOR_S
from tests.e2e.document_flow import BORN, approved, enrolled, issued, new_number, today, verify

if TYPE_CHECKING:
    from tests.e2e.api_client import ApiClient
    from tests.e2e.deployment import Deployment


def mission(code: str | None) -> dict[str, str] | None:
    return None if code is None else {"code": code}


def document(
    *,
    id: str,  # noqa: A002  # GraphQL's name
    version: int,
    status: str,
    applied_at: str = "MTL",
    **changed: Any,
) -> dict[str, Any]:
    """The fields the mutations select on a document, as an application has them unless changed."""
    fields: dict[str, Any] = {
        "id": id,
        "version": version,
        "kind": "PASSPORT",
        "status": status,
        "number": None,
        "mrz": None,
        "appliedOn": today().isoformat(),
        "issuedOn": None,
        "expiresOn": None,
        "reason": None,
        "appliedAt": mission(applied_at),
        "collectionMission": mission(applied_at),
        "issuedAt": None,
        "deliveredAt": None,
    }
    return {**fields, **changed}


def done(payload: dict[str, Any], expected_document: dict[str, Any]) -> None:
    """A mutation's payload: the document as expected, a store position, no errors."""
    assert payload == {
        "document": expected_document,
        "position": payload["position"],
        "errors": [],
    }
    assert isinstance(payload["position"], int)


def expected_zone(number: str, given: dict[str, Any], expires_on: date) -> list[str]:
    return list(
        mrz.encode(
            mrz.MrzData(
                format=mrz.MrzFormat.TD3,
                document_code="P",
                issuing_state="MAR",
                document_number=number,
                surname="EL AMRANI",
                given_names="YOUSSEF",
                nationality="MAR",
                birth_date=date.fromisoformat(given["birthDate"]),
                sex="M",
                expiry_date=expires_on,
                optional_data=given["nationalId"],
            )
        )
    )


def test_a_passport_applied_for_in_montreal_is_issued_in_dubai_and_delivered_in_paris(
    amina: ApiClient, omar: ApiClient, salma: ApiClient, idris: ApiClient
) -> None:
    citizen_id, given = enrolled(amina)
    number = new_number()
    expires_on = today().replace(year=today().year + 10) - timedelta(days=1)

    applied = omar.data("ApplyForDocument", input={"citizenId": citizen_id, "kind": "PASSPORT"})
    document_id = applied["applyForDocument"]["document"]["id"]
    done(applied["applyForDocument"], document(id=document_id, version=1, status="APPLIED"))
    captured = omar.data(
        "CaptureBiometrics",
        input={"documentId": document_id, "facialImageRef": "bio:f:1", "fingerprintsRef": "b:2"},
    )
    done(
        captured["captureBiometrics"],
        document(id=document_id, version=2, status="BIOMETRICS_CAPTURED"),
    )
    approval = salma.data("ApproveDocument", input={"documentId": document_id})
    done(approval["approveDocument"], document(id=document_id, version=3, status="APPROVED"))
    issue = salma.data("IssueDocument", input={"documentId": document_id, "number": number})
    issued_fields = {
        "number": number,
        "mrz": expected_zone(number, given, expires_on),
        "issuedOn": today().isoformat(),
        "expiresOn": expires_on.isoformat(),
        "issuedAt": {"code": "DXB"},
    }
    done(
        issue["issueDocument"],
        document(id=document_id, version=4, status="ISSUED", **issued_fields),
    )
    delivery = amina.data("DeliverDocument", input={"documentId": document_id})
    done(
        delivery["deliverDocument"],
        document(
            id=document_id,
            version=5,
            status="DELIVERED",
            deliveredAt={"code": "PAR"},
            **issued_fields,
        ),
    )

    found = idris.data("LookUpDocument", number=number)

    entry = {"effectiveDate": today().isoformat(), "reason": None}
    assert found == {
        "document": {
            **document(id=document_id, version=5, status="DELIVERED", **issued_fields),
            "issuedAt": {"code": "DXB", "city": "Dubai"},
            "deliveredAt": {"code": "PAR"},
            "holder": {
                "id": citizen_id,
                "givenName": "Youssef",
                "familyName": "El Amrani",
                "birthDate": BORN,
            },
            "history": [
                {"type": "DocumentApplied", "mission": "MTL", "actor": "omar", **entry},
                {"type": "BiometricsCaptured", "mission": "MTL", "actor": "omar", **entry},
                {"type": "DocumentApproved", "mission": "DXB", "actor": "salma", **entry},
                {"type": "DocumentIssued", "mission": "DXB", "actor": "salma", **entry},
                {"type": "DocumentDelivered", "mission": "PAR", "actor": "amina", **entry},
            ],
        }
    }
    assert amina.data("CitizenDocuments", id=citizen_id) == {
        "citizen": {
            "id": citizen_id,
            "givenName": "Youssef",
            "familyName": "El Amrani",
            "documents": [
                {
                    "id": document_id,
                    "number": number,
                    "kind": "PASSPORT",
                    "status": "DELIVERED",
                    "expiresOn": expires_on.isoformat(),
                }
            ],
        }
    }


def test_anyone_without_a_token_learns_only_whether_a_document_is_valid(
    live: Deployment, amina: ApiClient, omar: ApiClient, salma: ApiClient
) -> None:
    citizen_id, _ = enrolled(amina)
    number = issued(omar, salma, citizen_id)
    expires_on = today().replace(year=today().year + 10) - timedelta(days=1)

    answers = {
        "valid": verify(live, number),
        "unknown number": verify(live, new_number()),
        "wrong birth date": verify(live, number, "1985-03-05"),
    }
    document_id = salma.data("LookUpDocument", number=number)["document"]["id"]
    omar.data("ReportDocumentLost", input={"documentId": document_id})
    answers["lost"] = verify(live, number)

    unknown = {"data": {"verifyDocument": {"status": "UNKNOWN", "expiresOn": None}}}
    assert {name: body for name, (body, _) in answers.items()} == {
        "valid": {
            "data": {"verifyDocument": {"status": "VALID", "expiresOn": expires_on.isoformat()}}
        },
        "unknown number": unknown,
        "wrong birth date": unknown,
        "lost": {"data": {"verifyDocument": {"status": "LOST_OR_STOLEN", "expiresOn": None}}},
    }
    assert all(took >= PUBLIC_FLOOR_S for _, took in answers.values())


def test_an_officer_rejects_or_revokes_and_a_clerk_reports_a_theft_over_http(
    live: Deployment, amina: ApiClient, omar: ApiClient, salma: ApiClient
) -> None:
    citizen_id, given = enrolled(amina)
    expires_on = today().replace(year=today().year + 10) - timedelta(days=1)
    applied = omar.data("ApplyForDocument", input={"citizenId": citizen_id, "kind": "PASSPORT"})
    refused_id = applied["applyForDocument"]["document"]["id"]

    rejection = salma.data(
        "RejectDocument", input={"documentId": refused_id, "reason": "photo unusable"}
    )

    done(
        rejection["rejectDocument"],
        document(id=refused_id, version=2, status="REJECTED", reason="photo unusable"),
    )
    revoked, stolen = issued(omar, salma, citizen_id), new_number()
    revoked_id = salma.data("LookUpDocument", number=revoked)["document"]["id"]
    revocation = salma.data("RevokeDocument", input={"documentId": revoked_id, "reason": "fraud"})
    done(
        revocation["revokeDocument"],
        document(
            id=revoked_id,
            version=5,
            status="REVOKED",
            reason="fraud",
            number=revoked,
            mrz=expected_zone(revoked, given, expires_on),
            issuedOn=today().isoformat(),
            expiresOn=expires_on.isoformat(),
            issuedAt={"code": "DXB"},
        ),
    )
    stolen_id = approved(omar, salma, citizen_id)
    salma.data("IssueDocument", input={"documentId": stolen_id, "number": stolen})
    theft = amina.data(
        "ReportDocumentStolen", input={"documentId": stolen_id, "circumstances": "bag snatched"}
    )
    done(
        theft["reportDocumentStolen"],
        document(
            id=stolen_id,
            version=5,
            status="STOLEN",
            number=stolen,
            mrz=expected_zone(stolen, given, expires_on),
            issuedOn=today().isoformat(),
            expiresOn=expires_on.isoformat(),
            issuedAt={"code": "DXB"},
        ),
    )
    assert [verify(live, n)[0]["data"]["verifyDocument"] for n in (revoked, stolen)] == [
        {"status": "REVOKED", "expiresOn": None},
        {"status": "LOST_OR_STOLEN", "expiresOn": None},
    ]
