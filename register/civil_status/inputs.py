"""The register's commands as validated input: field names are the API's, errors name the rule.

A field's attribute docstring is its description in the API (`register/web/input_types.py`
builds the GraphQL inputs from these models); a comment says what is for the code alone.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar, get_args
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from domain import value_rules
from domain.errors import ValueRuleViolated
from register.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Callable

R = TypeVar("R")


def rule(read: Callable[[str], R]) -> Callable[[str], R]:
    """A domain value rule as a pydantic validator: its code becomes the error's type."""

    def validate(value: str) -> R:
        try:
            return read(value)
        except ValueRuleViolated as e:
            raise PydanticCustomError(e.code, e.message) from None

    return validate


national_id_number = rule(value_rules.national_id)


def _sex_code(value: object) -> object:
    """The GraphQL enum's names (FEMALE, MALE) as the register's codes (F, M)."""
    return value_rules.SEXES.get(value, value) if isinstance(value, str) else value


def _is_date(annotation: object) -> bool:
    return annotation is date or date in get_args(annotation)


def _mission(value: str) -> str:
    return value.strip().upper()


class MultiLine:
    """Marks a text field whose value may span lines (tabs and line breaks allowed)."""


MULTILINE = MultiLine()


def _length(kind: value_rules.Kind) -> Any:
    return Field(min_length=1, max_length=kind.max_length)


LatinName = Annotated[
    str, _length(value_rules.LATIN_NAME), AfterValidator(rule(value_rules.latin_name))
]
ArabicName = Annotated[
    str, _length(value_rules.ARABIC_NAME), AfterValidator(rule(value_rules.arabic_name))
]
FullName = Annotated[str, _length(value_rules.FULL_NAME)]
Place = Annotated[str, _length(value_rules.PLACE)]
Text = Annotated[str, _length(value_rules.TEXT)]
Address = Annotated[str, _length(value_rules.ADDRESS), MULTILINE]
Note = Annotated[str, _length(value_rules.NOTE), MULTILINE]
NationalId = Annotated[str, AfterValidator(national_id_number)]
Country = Annotated[str, AfterValidator(rule(value_rules.country))]
Sex = Annotated[Literal["F", "M"], BeforeValidator(_sex_code)]
MissionCode = Annotated[str, Field(min_length=3, max_length=3), AfterValidator(_mission)]
RequestId = Annotated[str, Field(min_length=1, max_length=100)]
Version = Annotated[int, Field(ge=1)]


_PLAIN_TEXT = rule(value_rules.plain_text)
_MULTILINE_TEXT = rule(value_rules.multiline_text)
_CALENDAR_DATE = rule(value_rules.calendar_date)


@cache
def _field_kind(model: type[BaseModel], name: str) -> tuple[bool, bool]:
    """Whether a model's field is multi-line text, and whether it is a date (read once)."""
    field = model.model_fields[name]
    return MULTILINE in field.metadata, _is_date(field.annotation)


class Input(BaseModel):
    """Every input's strictness, and one rule for all its text: no value of any text field
    (or list of texts) carries control characters or bidirectional overrides, whatever its
    type says; only a field marked MULTILINE may hold tabs and line breaks."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
        use_attribute_docstrings=True,
    )

    @field_validator("*", mode="before")
    @classmethod
    def _read_raw(cls, value: object, info: ValidationInfo) -> object:
        """Before any type or rule of its own: the text as sent (a list's items too), once
        trimmed, has no control characters, so one is INVALID_CHARACTER whatever the field;
        then a date given as text is read by the domain's rule (YYYY-MM-DD, nothing else)."""
        name = info.field_name
        if name is None or value is None:
            return value
        multiline, is_date = _field_kind(cls, name)
        text = _MULTILINE_TEXT if multiline else _PLAIN_TEXT
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                text(item.strip())
        if not is_date:
            return value
        if isinstance(value, str):
            return _CALENDAR_DATE(value.strip())
        if not isinstance(value, date):
            raise PydanticCustomError("INVALID_DATE", "a date is written YYYY-MM-DD")
        return value


class Command(Input):
    """Common to every command: the client's idempotency key."""

    # A retry with the same id returns the first outcome and records nothing new.
    request_id: RequestId | None = None


class OnCitizen(Command):
    citizen_id: UUID
    expected_version: Version | None = None
    """Refuse with CONFLICT unless the record is at this version."""


class PersonFields(Command):
    # Restated for its description: the API describes the key where a record is created.
    request_id: RequestId | None = None
    """Idempotency key: a retry returns the first outcome."""
    given_name: LatinName
    family_name: LatinName
    given_name_ar: ArabicName
    family_name_ar: ArabicName
    sex: Sex
    birth_date: date
    birth_place: Place
    birth_country: Country
    """ISO 3166-1 alpha-3."""
    father_name: FullName | None = None
    mother_name: FullName | None = None
    national_id: NationalId | None = None
    nationality: Country = "MAR"


class EnrollCitizen(PersonFields):
    registered_mission: MissionCode | None = None
    """Mission code; defaults to the recording mission."""
    effective_date: date | None = None
    """The enrolment date; defaults to today."""


class RegisterBirth(PersonFields):
    father_id: UUID | None = None
    mother_id: UUID | None = None
    registered_mission: MissionCode | None = None
    """Mission code; defaults to the recording mission."""


class RecordMarriage(OnCitizen):
    # The spouse's record when the spouse is in the register.
    spouse_id: UUID | None = None
    spouse_name: FullName | None = None
    """Required when the spouse is not in the register."""
    spouse_nationality: Country | None = None
    effective_date: date
    """The date of the marriage."""
    place: Place
    authorisation_reference: Text | None = None
    """A court's authorisation: under-age or concurrent marriage."""


class RecordDivorce(OnCitizen):
    marriage_id: UUID
    effective_date: date
    """The date the divorce took effect."""


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
    address: Address
    city: Place
    country: Country
    effective_date: date | None = None


class TransferRegistration(OnCitizen):
    to_mission: MissionCode
    effective_date: date | None = None


class CorrectEntry(OnCitizen):
    field: Annotated[str, Field(min_length=1, max_length=40)]
    """The entry, by its API name, e.g. birthDate."""
    new_value: Annotated[str, Field(max_length=120)] | None = None
    legal_basis: Text
    effective_date: date | None = None
    marriage_id: UUID | None = None
    """Correct this marriage's entry (field marriedOn), on both spouses' records."""


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


def rule_code(error_type: str) -> str:
    """The typed error code of a pydantic error type (a rule's own code is upper case)."""
    return _RULES.get(error_type, error_type if error_type.isupper() else "INVALID")


def parse(command: type[C], data: dict[str, object]) -> C:
    """Validate `data` (API field names) into `command`, or raise every failure as InvalidInput."""
    try:
        return command.model_validate(data)
    except ValidationError as e:
        failures = [
            InvalidInput(
                f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}",
                field=".".join(str(p) for p in err["loc"]),
                code=rule_code(err["type"]),
            )
            for err in e.errors()
        ]
        raise InvalidInputs(failures) from None


class InvalidInputs(InvalidInput):
    """Several fields failed validation at once; `failures` holds one error per field."""

    def __init__(self, failures: list[InvalidInput]) -> None:
        super().__init__(failures[0].message, field=failures[0].field, code=failures[0].code)
        self.failures = failures
