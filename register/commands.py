"""The register's commands as validated input: field names are the API's, errors name the rule."""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Annotated, Literal, TypeVar
from uuid import UUID

import pycountry
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from register.errors import InvalidInput

NATIONAL_ID = re.compile(r"^[A-Z]{1,2}[0-9]{5,6}$")
"""The CNIE number: one or two letters, then five or six digits (e.g. BK123456)."""


def _script_name(script: str, value: str) -> str:
    value = " ".join(value.split())
    for ch in value:
        if ch.isalpha() and script not in unicodedata.name(ch, ""):
            raise PydanticCustomError(
                "SCRIPT", "must be written in {script} script", {"script": script.title()}
            )
        if not ch.isalpha() and ch not in " '-.":
            raise PydanticCustomError(
                "INVALID_CHARACTER", "may hold letters, spaces, hyphens and apostrophes only"
            )
    return value


def _latin(value: str) -> str:
    return _script_name("LATIN", value)


def _arabic(value: str) -> str:
    return _script_name("ARABIC", value)


def national_id_number(value: str) -> str:
    value = value.replace(" ", "").upper()
    if not NATIONAL_ID.match(value):
        raise PydanticCustomError(
            "INVALID_FORMAT", "a national ID is one or two letters then five or six digits"
        )
    return value


def _country(value: str) -> str:
    value = value.strip().upper()
    if len(value) != 3 or pycountry.countries.get(alpha_3=value) is None:
        raise PydanticCustomError("UNKNOWN_COUNTRY", "must be an ISO 3166-1 alpha-3 country code")
    return value


def _sex_code(value: object) -> object:
    """The GraphQL enum's names (FEMALE, MALE) as the register's codes (F, M)."""
    return {"FEMALE": "F", "MALE": "M"}.get(value, value) if isinstance(value, str) else value


def _mission(value: str) -> str:
    return value.strip().upper()


LatinName = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(_latin)]
ArabicName = Annotated[str, Field(min_length=1, max_length=60), AfterValidator(_arabic)]
FullName = Annotated[str, Field(min_length=1, max_length=120)]
Place = Annotated[str, Field(min_length=1, max_length=80)]
Text = Annotated[str, Field(min_length=1, max_length=500)]
NationalId = Annotated[str, AfterValidator(national_id_number)]
Country = Annotated[str, AfterValidator(_country)]
MissionCode = Annotated[str, Field(min_length=3, max_length=3), AfterValidator(_mission)]
RequestId = Annotated[str, Field(min_length=1, max_length=100)]
Version = Annotated[int, Field(ge=1)]


class Command(BaseModel):
    """Common to every command: the client's idempotency key."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
    )
    request_id: RequestId | None = None
    """A retry with the same id returns the first outcome and records nothing new."""


class OnCitizen(Command):
    citizen_id: UUID
    expected_version: Version | None = None
    """Refuse with CONFLICT unless the record is still at this version (as the client read it)."""


class PersonFields(Command):
    given_name: LatinName
    family_name: LatinName
    given_name_ar: ArabicName
    family_name_ar: ArabicName
    sex: Annotated[Literal["F", "M"], BeforeValidator(_sex_code)]
    birth_date: date
    birth_place: Place
    birth_country: Country
    father_name: FullName | None = None
    mother_name: FullName | None = None
    national_id: NationalId | None = None
    nationality: Country = "MAR"


class EnrollCitizen(PersonFields):
    registered_mission: MissionCode | None = None
    """Defaults to the recording mission."""
    effective_date: date | None = None
    """The enrolment date; defaults to today."""


class RegisterBirth(PersonFields):
    father_id: UUID | None = None
    mother_id: UUID | None = None
    registered_mission: MissionCode | None = None


class RecordMarriage(OnCitizen):
    spouse_id: UUID | None = None
    """The spouse's record when the spouse is in the register."""
    spouse_name: FullName | None = None
    """Required when the spouse is outside the register."""
    spouse_nationality: Country | None = None
    effective_date: date
    place: Place
    authorisation_reference: Text | None = None
    """A judge's or court's authorisation (under-age or concurrent marriage)."""


class RecordDivorce(OnCitizen):
    marriage_id: UUID
    effective_date: date


class RecordDeath(OnCitizen):
    effective_date: date
    """The date of death."""
    place: Place


class ChangeName(OnCitizen):
    given_name: LatinName
    family_name: LatinName
    given_name_ar: ArabicName
    family_name_ar: ArabicName
    legal_basis: Text
    effective_date: date | None = None


class ChangeResidence(OnCitizen):
    address: Text
    city: Place
    country: Country
    effective_date: date | None = None


class TransferRegistration(OnCitizen):
    to_mission: MissionCode
    effective_date: date | None = None


class CorrectEntry(OnCitizen):
    field: Annotated[str, Field(min_length=1, max_length=40)]
    """The entry to correct, by its API name (e.g. birthDate, familyNameAr)."""
    new_value: Annotated[str, Field(max_length=120)] | None = None
    legal_basis: Text
    effective_date: date | None = None
    marriage_id: UUID | None = None
    """The marriage whose entry (marriedOn) is corrected, on both spouses' records."""


C = TypeVar("C", bound=Command)

_RULES = {
    "missing": "REQUIRED",
    "string_too_short": "REQUIRED",
    "string_too_long": "TOO_LONG",
    "string_pattern_mismatch": "INVALID_FORMAT",
    "literal_error": "INVALID_CHOICE",
    "uuid_parsing": "INVALID_ID",
    "uuid_type": "INVALID_ID",
    "date_from_datetime_parsing": "INVALID_DATE",
    "date_parsing": "INVALID_DATE",
    "date_type": "INVALID_DATE",
    "greater_than_equal": "OUT_OF_RANGE",
    "extra_forbidden": "UNKNOWN_FIELD",
}


def parse(command: type[C], data: dict[str, object]) -> C:
    """Validate `data` (API field names) into `command`, or raise every failure as InvalidInput."""
    try:
        return command.model_validate(data)
    except ValidationError as e:
        failures = [
            InvalidInput(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}",
                field=".".join(str(p) for p in err["loc"]),
                code=_RULES.get(err["type"], err["type"] if err["type"].isupper() else "INVALID"),
            )
            for err in e.errors()
        ]
        raise InvalidInputs(failures) from None


class InvalidInputs(InvalidInput):
    """Several fields failed validation at once; `failures` holds one error per field."""

    def __init__(self, failures: list[InvalidInput]) -> None:
        super().__init__(failures[0].message, field=failures[0].field, code=failures[0].code)
        self.failures = failures
