"""The consular guide over HTTP: in the language asked for, fees at a mission, edited by admins."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from tests.e2e.api_client import ApiClient
from tests.e2e.consular.requests_over_http import payload

if TYPE_CHECKING:
    from tests.e2e.deployment import Deployment

STARTER = [
    "CONSULAR_CARD",
    "CIVIL_STATUS_COPY",
    "CIVIL_STATUS_EXTRACT",
    "LEGALISATION",
    "PASSPORT_RENEWAL",
    "RESIDENCE_ATTESTATION",
    "LIFE_CERTIFICATE",
    "NATIONALITY_CERTIFICATE",
]


def service(data: dict[str, Any], code: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in data["services"] if s["code"] == code)
    return found


def test_the_guide_reads_in_french_at_the_callers_mission_by_default(
    guide: Deployment, amina: ApiClient
) -> None:
    data = amina.data("Services")

    assert [s["code"] for s in data["services"]] == STARTER
    assert service(data, "LEGALISATION") == {
        "code": "LEGALISATION",
        "language": "fr",
        "name": "Légalisation de document",
        "description": "Légalisation de la signature ou du sceau d'une autorité sur un document",
        "requiredDocuments": ["Document original", "Passeport marocain"],
        "processingDays": 1,
        "channels": ["COUNTER", "POST"],
        "fee": {"amount": "10", "currency": "EUR"},
    }


def test_the_guide_reads_in_arabic_with_the_fee_in_the_local_currency_of_a_mission(
    guide: Deployment, idris: ApiClient
) -> None:
    data = idris.data("Services", lang="ar", mission="lon")

    assert service(data, "PASSPORT_RENEWAL") == {
        "code": "PASSPORT_RENEWAL",
        "language": "ar",
        "name": "تجديد جواز السفر",
        "description": "طلب جواز سفر بيومتري جديد عند انتهاء صلاحية الجواز",
        "requiredDocuments": [
            "جواز السفر",
            "البطاقة الوطنية للتعريف الإلكترونية",
            "صورتان شمسيتان",
        ],
        "processingDays": 21,
        "channels": ["COUNTER"],
        "fee": {"amount": "47", "currency": "GBP"},
    }


def test_a_language_the_guide_lacks_falls_back_to_french(
    guide: Deployment, omar: ApiClient
) -> None:
    data = omar.data("Services", lang="de")

    assert {(s["language"], s["fee"]["currency"]) for s in data["services"]} == {("fr", "CAD")}


def test_an_unknown_mission_is_a_typed_error(guide: Deployment, amina: ApiClient) -> None:
    body = amina.run("Services", mission="ZZZ")

    assert body == {
        "data": None,
        "errors": [
            {
                "message": "no mission with code 'ZZZ'",
                "locations": [{"line": 2, "column": 3}],
                "path": ["services"],
                "extensions": {"code": "UNKNOWN_MISSION", "field": "mission"},
            }
        ],
    }


def test_an_admin_sets_a_fee_and_the_guide_as_of_yesterday_is_empty(
    guide: Deployment, rachid: ApiClient, amina: ApiClient
) -> None:
    refused = payload(
        amina,
        "SetServiceFee",
        serviceCode="RESIDENCE_ATTESTATION",
        mission="BIA",
        amount="7.50",
        currency="EUR",
    )
    changed = payload(
        rachid,
        "SetServiceFee",
        serviceCode="RESIDENCE_ATTESTATION",
        mission="BIA",
        amount="7.50",
        currency="EUR",
    )

    assert refused == {
        "service": None,
        "position": None,
        "errors": [
            {
                "code": "FORBIDDEN",
                "field": None,
                "message": "role clerk may not perform setServiceFee",
            }
        ],
    }
    assert changed["errors"] == []
    bastia = rachid.data("Services", mission="BIA")
    assert service(bastia, "RESIDENCE_ATTESTATION")["fee"] == {"amount": "7.50", "currency": "EUR"}
    yesterday = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    assert rachid.data("Services", asOf=yesterday) == {"services": []}


def texts(**by_language: str) -> list[dict[str, str]]:
    return [{"lang": lang, "text": text} for lang, text in by_language.items()]


def test_an_admin_defines_renames_and_retires_a_service_in_four_languages(
    guide: Deployment, rachid: ApiClient
) -> None:
    defined = payload(
        rachid,
        "DefineService",
        code="MARRIAGE_CAPACITY",
        names=texts(
            ar="شهادة الأهلية للزواج",
            fr="Certificat de capacité matrimoniale",
            en="Certificate of capacity to marry",
            es="Certificado de capacidad matrimonial",
        ),
        descriptions=texts(
            ar="للزواج بالخارج", fr="Pour se marier à l'étranger", en="To marry abroad"
        ),
        requiredDocuments=[{"name": texts(ar="جواز السفر", fr="Passeport", en="Passport")}],
        processingDays=5,
        channels=["COUNTER"],
        fees=[{"mission": "PAR", "amount": "20", "currency": "EUR"}],
    )
    renamed = payload(
        rachid,
        "RenameService",
        serviceCode="MARRIAGE_CAPACITY",
        names=texts(fr="Certificat de capacité à mariage"),
    )
    spanish = service(rachid.data("Services", lang="es"), "MARRIAGE_CAPACITY")
    retired = payload(
        rachid, "RetireService", serviceCode="MARRIAGE_CAPACITY", reason="issued by the courts"
    )

    assert defined == {
        "service": {
            "code": "MARRIAGE_CAPACITY",
            "language": "fr",
            "name": "Certificat de capacité matrimoniale",
            "description": "Pour se marier à l'étranger",
            "requiredDocuments": ["Passeport"],
            "processingDays": 5,
            "channels": ["COUNTER"],
            "fee": {"amount": "20", "currency": "EUR"},
        },
        "position": defined["position"],
        "errors": [],
    }
    assert renamed["service"]["name"] == "Certificat de capacité à mariage"
    assert (spanish["language"], spanish["name"], spanish["description"]) == (
        "es",
        "Certificado de capacidad matrimonial",
        "Pour se marier à l'étranger",
    )
    assert retired["errors"] == []
    assert [s["code"] for s in rachid.data("Services")["services"]] == STARTER


def test_a_service_without_an_arabic_name_is_refused(guide: Deployment, rachid: ApiClient) -> None:
    answer = payload(
        rachid,
        "DefineService",
        code="NO_ARABIC",
        names=texts(fr="Sans arabe", en="No Arabic"),
        descriptions=texts(ar="وصف", fr="Description", en="Description"),
        requiredDocuments=[],
        processingDays=1,
        channels=["COUNTER"],
    )

    assert answer == {
        "service": None,
        "position": None,
        "errors": [
            {
                "code": "MISSING_LANGUAGE",
                "field": "names",
                "message": "names needs a text in every one of ar, fr, en",
            }
        ],
    }


def test_anyone_reads_the_guide_without_a_token_naming_the_mission(
    guide: Deployment, idris: ApiClient
) -> None:
    with ApiClient(guide.base_url, None) as anyone:
        public = anyone.run("Services", lang="ar", mission="LON")
        unnamed = anyone.run("Services")

    assert public == {"data": idris.data("Services", lang="ar", mission="LON")}
    assert [s["code"] for s in public["data"]["services"]] == STARTER
    assert unnamed["data"] is None
    assert [e["extensions"] for e in unnamed["errors"]] == [
        {"code": "REQUIRED", "field": "mission"}
    ]
