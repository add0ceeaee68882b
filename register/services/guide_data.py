"""The starter consular guide: eight services in Arabic, French and English, fees in euros.

Fees here are the reference tariff in EUR; each mission charges the equivalent in the currency
of its host country at the fixed rates of RATES (rounded to whole units), as consulates do.
These figures are demonstration data, not the ministry's tariff.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

CURRENCY_OF_COUNTRY = {
    "FRA": "EUR",
    "ESP": "EUR",
    "ITA": "EUR",
    "BEL": "EUR",
    "NLD": "EUR",
    "DEU": "EUR",
    "GBR": "GBP",
    "CAN": "CAD",
    "USA": "USD",
    "ARE": "AED",
    "SAU": "SAR",
    "QAT": "QAR",
    "KWT": "KWD",
    "TUN": "TND",
    "DZA": "DZD",
    "EGY": "EGP",
    "TUR": "TRY",
    "SEN": "XOF",
    "MRT": "MRU",
    "CHN": "CNY",
}
"""ISO 3166-1 alpha-3 → ISO 4217: the local currency of every host country in the missions."""
RATES = {
    "EUR": Decimal("1"),
    "GBP": Decimal("0.85"),
    "CAD": Decimal("1.5"),
    "USD": Decimal("1.1"),
    "AED": Decimal("4"),
    "SAR": Decimal("4.1"),
    "QAR": Decimal("4"),
    "KWD": Decimal("0.34"),
    "TND": Decimal("3.4"),
    "DZD": Decimal("146"),
    "EGP": Decimal("53"),
    "TRY": Decimal("38"),
    "XOF": Decimal("655.957"),
    "MRU": Decimal("43"),
    "CNY": Decimal("7.8"),
}
"""Units of each currency for one euro (fixed reference rates for the demonstration tariff)."""


def _texts(ar: str, fr: str, en: str) -> list[dict[str, str]]:
    return [{"lang": "ar", "text": ar}, {"lang": "fr", "text": fr}, {"lang": "en", "text": en}]


def _document(ar: str, fr: str, en: str) -> dict[str, Any]:
    return {"name": _texts(ar, fr, en)}


PASSPORT = _document("جواز السفر", "Passeport marocain", "Moroccan passport")
CNIE = _document(
    "البطاقة الوطنية للتعريف الإلكترونية",
    "Carte nationale d'identité électronique",
    "National electronic identity card",
)
PHOTOS = _document("صورتان شمسيتان", "Deux photographies d'identité", "Two identity photographs")
RESIDENCE = _document("إثبات السكن", "Justificatif de domicile", "Proof of address")
ORIGINAL = _document("الوثيقة الأصلية", "Document original", "The original document")

SERVICES: list[dict[str, Any]] = [
    {
        "code": "CONSULAR_CARD",
        "names": _texts("البطاقة القنصلية", "Carte consulaire", "Consular card"),
        "descriptions": _texts(
            "تسجيل المواطن في سجل القنصلية وتسليم البطاقة القنصلية",
            "Immatriculation au consulat et délivrance de la carte consulaire",
            "Registration with the consulate and issue of the consular card",
        ),
        "requiredDocuments": [CNIE, PHOTOS, RESIDENCE],
        "processingDays": 7,
        "channels": ["COUNTER", "ONLINE"],
        "fee": Decimal("0"),
    },
    {
        "code": "CIVIL_STATUS_COPY",
        "names": _texts(
            "نسخة كاملة من رسم الحالة المدنية",
            "Copie intégrale d'acte d'état civil",
            "Full copy of a civil-status record",
        ),
        "descriptions": _texts(
            "نسخة كاملة من رسم الولادة أو الزواج أو الوفاة المسجل بالقنصلية",
            "Copie intégrale d'un acte de naissance, de mariage ou de décès transcrit",
            "Full copy of a birth, marriage or death record held by the register",
        ),
        "requiredDocuments": [CNIE],
        "processingDays": 2,
        "channels": ["COUNTER", "POST", "ONLINE"],
        "fee": Decimal("0"),
    },
    {
        "code": "CIVIL_STATUS_EXTRACT",
        "names": _texts(
            "موجز رسم الحالة المدنية", "Extrait d'acte d'état civil", "Civil-status extract"
        ),
        "descriptions": _texts(
            "موجز رسم الولادة أو الزواج",
            "Extrait d'acte de naissance ou de mariage",
            "Extract of a birth or marriage record",
        ),
        "requiredDocuments": [],
        "processingDays": 1,
        "channels": ["COUNTER", "POST", "ONLINE"],
        "fee": Decimal("0"),
    },
    {
        "code": "LEGALISATION",
        "names": _texts(
            "المصادقة على الوثائق", "Légalisation de document", "Document legalisation"
        ),
        "descriptions": _texts(
            "المصادقة على توقيع أو ختم سلطة عمومية على وثيقة",
            "Légalisation de la signature ou du sceau d'une autorité sur un document",
            "Legalisation of an authority's signature or seal on a document",
        ),
        "requiredDocuments": [ORIGINAL, PASSPORT],
        "processingDays": 1,
        "channels": ["COUNTER", "POST"],
        "fee": Decimal("10"),
    },
    {
        "code": "PASSPORT_RENEWAL",
        "names": _texts("تجديد جواز السفر", "Renouvellement du passeport", "Passport renewal"),
        "descriptions": _texts(
            "طلب جواز سفر بيومتري جديد عند انتهاء صلاحية الجواز",
            "Demande d'un nouveau passeport biométrique à l'expiration de l'ancien",
            "Application for a new biometric passport when the old one expires",
        ),
        "requiredDocuments": [PASSPORT, CNIE, PHOTOS],
        "processingDays": 21,
        "channels": ["COUNTER"],
        "fee": Decimal("55"),
    },
    {
        "code": "RESIDENCE_ATTESTATION",
        "names": _texts("شهادة الإقامة", "Attestation de résidence", "Attestation of residence"),
        "descriptions": _texts(
            "شهادة تثبت إقامة المواطن بالخارج",
            "Attestation de la résidence du citoyen à l'étranger",
            "Attestation that the citizen resides abroad",
        ),
        "requiredDocuments": [CNIE, RESIDENCE],
        "processingDays": 2,
        "channels": ["COUNTER", "POST", "ONLINE"],
        "fee": Decimal("5"),
    },
    {
        "code": "LIFE_CERTIFICATE",
        "names": _texts("شهادة الحياة", "Certificat de vie", "Certificate of life"),
        "descriptions": _texts(
            "شهادة الحياة للمتقاعدين المقيمين بالخارج",
            "Certificat de vie pour les retraités résidant à l'étranger",
            "Certificate of life for pensioners living abroad",
        ),
        "requiredDocuments": [CNIE],
        "processingDays": 0,
        "channels": ["COUNTER"],
        "fee": Decimal("0"),
    },
    {
        "code": "NATIONALITY_CERTIFICATE",
        "names": _texts("شهادة الجنسية", "Certificat de nationalité", "Certificate of nationality"),
        "descriptions": _texts(
            "شهادة تثبت الجنسية المغربية",
            "Certificat attestant la nationalité marocaine",
            "Certificate attesting Moroccan nationality",
        ),
        "requiredDocuments": [CNIE, PASSPORT],
        "processingDays": 10,
        "channels": ["COUNTER", "POST"],
        "fee": Decimal("15"),
    },
]
