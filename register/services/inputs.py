"""The consular guide's and service requests' commands as validated input (API field names).

A field's attribute docstring is its description in the API; a comment is for the code alone.
"""

from __future__ import annotations

import re
from datetime import date  # noqa: TC003  # pydantic reads the annotations at runtime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated, Literal, TypeVar
from uuid import UUID  # noqa: TC003

import pycountry
from pydantic import AfterValidator, BeforeValidator, Field
from pydantic_core import PydanticCustomError

from register.civil_status.inputs import MULTILINE, Command, Input, MissionCode, Text, Version

if TYPE_CHECKING:
    from collections.abc import Sequence

SERVICE_CODE = re.compile(r"[A-Z][A-Z0-9_]{1,39}")
LANGUAGE = re.compile(r"[a-z]{2,3}")
MAX_AMOUNT = Decimal(1_000_000)
T = TypeVar("T")
AMOUNT = 'A decimal amount as a string, e.g. "12.50" (a string keeps every digit exact).'


def _service_code(value: str) -> str:
    value = value.strip().upper()
    if not SERVICE_CODE.fullmatch(value):
        raise PydanticCustomError(
            "INVALID_FORMAT", "a service code is capital letters, digits and _, e.g. LEGALISATION"
        )
    return value


def _language(value: str) -> str:
    value = value.strip().lower()
    if not LANGUAGE.fullmatch(value):
        raise PydanticCustomError("INVALID_FORMAT", "a language is an ISO 639 code, e.g. ar")
    return value


def _amount(value: object) -> Decimal:
    """A decimal amount from a string or a JSON number; at most three decimal places."""
    invalid = PydanticCustomError("INVALID_FORMAT", "an amount is a decimal number, e.g. 12.50")
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise invalid
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation:
        raise invalid from None
    if not amount.is_finite():
        raise invalid
    if abs(amount) > MAX_AMOUNT:
        raise PydanticCustomError("OUT_OF_RANGE", "an amount is at most 1000000")
    if amount != amount.quantize(Decimal("0.001")):
        raise PydanticCustomError("INVALID_FORMAT", "an amount has at most three decimal places")
    return amount


def _not_negative(amount: Decimal) -> Decimal:
    if amount < 0:
        raise PydanticCustomError("OUT_OF_RANGE", "an amount cannot be negative")
    return amount


def _positive(amount: Decimal) -> Decimal:
    if amount <= 0:
        raise PydanticCustomError("OUT_OF_RANGE", "a payment is greater than zero")
    return amount


def _currency(value: str) -> str:
    value = value.strip().upper()
    if len(value) != 3 or pycountry.currencies.get(alpha_3=value) is None:
        raise PydanticCustomError("UNKNOWN_CURRENCY", "must be an ISO 4217 currency code")
    return value


def _not_empty(items: list[T]) -> list[T]:
    if not items:
        raise PydanticCustomError("REQUIRED", "give at least one")
    return items


def _days(value: int) -> int:
    if not 0 <= value <= 365:
        raise PydanticCustomError("OUT_OF_RANGE", "a processing time is 0 to 365 days")
    return value


ServiceCode = Annotated[str, AfterValidator(_service_code)]
Language = Annotated[str, AfterValidator(_language)]
FeeAmount = Annotated[
    Decimal, BeforeValidator(_amount), AfterValidator(_not_negative), Field(description=AMOUNT)
]
PaymentAmount = Annotated[
    Decimal, BeforeValidator(_amount), AfterValidator(_positive), Field(description=AMOUNT)
]
Currency = Annotated[str, AfterValidator(_currency)]
Channel = Literal["COUNTER", "POST", "ONLINE"]
Short = Annotated[str, Field(min_length=1, max_length=60)]
Line = Annotated[str, Field(min_length=1, max_length=200)]
Description = Annotated[str, Field(min_length=1, max_length=2000), MULTILINE]


class Part(Input):
    """A nested input: the commands' field names and strictness, without a request id."""


class LocalisedText(Part):
    lang: Language
    """ISO 639-1, e.g. ar, fr, en."""
    text: str


class ServiceName(LocalisedText):
    text: Line


class ServiceDescription(LocalisedText):
    text: Description


L = TypeVar("L", bound=LocalisedText)


def _one_per_language(items: list[L]) -> list[L]:
    langs = [t.lang for t in items]
    if len(set(langs)) != len(langs):
        raise PydanticCustomError("DUPLICATE_LANGUAGE", "give one text per language")
    return items


Names = Annotated[list[ServiceName], AfterValidator(_one_per_language)]
Descriptions = Annotated[list[ServiceDescription], AfterValidator(_one_per_language)]


def texts(items: Sequence[LocalisedText]) -> dict[str, str]:
    """Language → text, as the guide's events record them."""
    return {t.lang: t.text for t in items}


class RequiredDocument(Part):
    name: Annotated[Names, AfterValidator(_not_empty)]


class MissionFee(Part):
    mission: MissionCode
    amount: FeeAmount
    currency: Currency
    """ISO 4217."""


class DefineService(Command):
    code: ServiceCode
    names: Names
    """At least ar, fr and en."""
    descriptions: Descriptions
    required_documents: list[RequiredDocument] = Field(default_factory=list)
    processing_days: Annotated[int, AfterValidator(_days)]
    channels: Annotated[list[Channel], AfterValidator(_not_empty)]
    # The fee at each mission offering the service (0 for a free service).
    fees: list[MissionFee] = Field(default_factory=list)


class RenameService(Command):
    service_code: ServiceCode
    names: Names = Field(default_factory=list)
    descriptions: Descriptions = Field(default_factory=list)


class SetServiceFee(Command):
    service_code: ServiceCode
    mission: MissionCode
    amount: FeeAmount
    currency: Currency


class RetireService(Command):
    service_code: ServiceCode
    reason: Text


class SubmitServiceRequest(Command):
    citizen_id: UUID
    service_code: ServiceCode
    channel: Channel
    # e.g. a postal request
    effective_date: date | None = None
    """When the request was received; defaults to today."""


class OnServiceRequest(Command):
    service_request_id: UUID
    expected_version: Version | None = None
    """Refuse with CONFLICT unless the request is at this version."""
    effective_date: date | None = None
    """When the step happened; defaults to today."""


class RecordFeePayment(OnServiceRequest):
    amount: PaymentAmount
    currency: Currency
    """ISO 4217; the fee's currency at the mission."""
    receipt_reference: Short


class RecordDocumentsReceived(OnServiceRequest):
    documents: Annotated[list[Line], Field(max_length=50), AfterValidator(_not_empty)]


class CompleteServiceRequest(OnServiceRequest):
    pass


class DispatchServiceRequest(OnServiceRequest):
    carrier: Short
    carrier_reference: Short
    """The carrier's tracking reference."""


class MarkReadyForCollection(OnServiceRequest):
    pass


class DeliverServiceRequest(OnServiceRequest):
    pass


class RejectServiceRequest(OnServiceRequest):
    reason: Text


class WithdrawServiceRequest(OnServiceRequest):
    reason: Text | None = None
