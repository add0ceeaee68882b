"""Which entries of a citizen's record a correction may change, and how each value is read."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from domain import rules
from domain.errors import CorrectionRuleViolated
from domain.values import Sex

if TYPE_CHECKING:
    from domain.citizen import Citizen

NAME_FIELDS = ("given_name", "family_name", "given_name_ar", "family_name_ar")
TEXT_FIELDS = ("birth_place", "father_name", "mother_name")
CORRECTABLE = (
    *NAME_FIELDS,
    *TEXT_FIELDS,
    "sex",
    "birth_date",
    "birth_country",
    "nationality",
    "national_id",
)
COUNTRY = re.compile(r"^[A-Z]{3}$")


def _camel(field: str) -> str:
    head, *rest = field.split("_")
    return head + "".join(part.capitalize() for part in rest)


def current(citizen: Citizen, field: str) -> str | None:
    """The entry's present value, as text (what the correction event records as old value)."""
    if field in NAME_FIELDS:
        value: object = getattr(citizen.names, field)
    elif field == "sex":
        value = citizen.sex.value
    else:
        value = getattr(citizen, field)
    if isinstance(value, date):
        return value.isoformat()
    return None if value is None else str(value)


def check(citizen: Citizen, field: str, new_value: str | None, *, today: date) -> str | None:
    """Refuse a correction that names an unknown entry or an unreadable value; give the old one."""
    if field not in CORRECTABLE:
        msg = f"'{_camel(field)}' is not a correctable entry; one of: " + ", ".join(
            _camel(f) for f in CORRECTABLE
        )
        raise CorrectionRuleViolated(msg, field="field", code="FIELD_NOT_CORRECTABLE")
    required = field in (
        *NAME_FIELDS,
        "sex",
        "birth_date",
        "birth_place",
        "birth_country",
        "nationality",
    )
    if new_value is None or not new_value.strip():
        if required:
            msg = f"{_camel(field)} cannot be emptied"
            raise CorrectionRuleViolated(msg, field="newValue", code="INVALID_VALUE")
        return current(citizen, field)
    if field == "sex" and new_value not in {s.value for s in Sex}:
        msg = "sex is F or M"
        raise CorrectionRuleViolated(msg, field="newValue", code="INVALID_VALUE")
    if field in ("birth_country", "nationality") and not COUNTRY.match(new_value):
        msg = f"{_camel(field)} is an ISO 3166-1 alpha-3 code"
        raise CorrectionRuleViolated(msg, field="newValue", code="INVALID_VALUE")
    if field == "birth_date":
        try:
            born = date.fromisoformat(new_value)
        except ValueError:
            msg = "birthDate is a date, YYYY-MM-DD"
            raise CorrectionRuleViolated(msg, field="newValue", code="INVALID_VALUE") from None
        rules.not_in_future(born, today=today, field="newValue")
    if current(citizen, field) == new_value:
        msg = f"{_camel(field)} already has that value"
        raise CorrectionRuleViolated(msg, field="newValue", code="NO_CHANGE")
    return current(citizen, field)


def apply(citizen: Citizen, field: str, new_value: str | None) -> None:
    """Set the corrected entry on the record (runs on replay too, so it decides nothing)."""
    if field in NAME_FIELDS:
        citizen.names = replace(citizen.names, **{field: str(new_value)})
    elif field == "sex":
        citizen.sex = Sex(new_value)
    elif field == "birth_date":
        citizen.birth_date = date.fromisoformat(str(new_value))
    else:
        setattr(citizen, field, new_value or None)
