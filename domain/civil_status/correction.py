"""Which entries of a citizen's record a correction may change, how each value is read, and the
commands that correct an entry or a marriage's date (bound into the Citizen's body)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from domain.civil_status import rules
from domain.civil_status.values import Sex
from domain.errors import CorrectionRuleViolated, DateRuleViolated, ValueRuleViolated
from domain.value_rules import CITIZEN_ENTRIES, DATE, plain_text

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

    from domain.base import Recording
    from domain.civil_status.citizen import Citizen
    from domain.civil_status.values import Marriage

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
OPTIONAL_FIELDS = ("father_name", "mother_name", "national_id")
NOT_READABLE = frozenset({"INVALID_DATE", "INVALID_CHOICE", "UNKNOWN_COUNTRY", "REQUIRED"})
"""A value its entry cannot be read as (blank, not a date, not F or M, not a country code): a
correction has always refused it as INVALID_VALUE, and clients rely on that code."""


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


def check(
    citizen: Citizen, field: str, new_value: str | None, *, today: date
) -> tuple[str | None, str | None]:
    """Refuse a correction that names an unknown entry, an unreadable value or no change.

    Returns the entry's old value and the new value as it is recorded (blank means empty,
    dates in YYYY-MM-DD).
    """
    if field not in CORRECTABLE:
        msg = f"'{_camel(field)}' is not a correctable entry; one of: " + ", ".join(
            _camel(f) for f in CORRECTABLE
        )
        raise CorrectionRuleViolated(msg, field="field", code="FIELD_NOT_CORRECTABLE")
    if new_value is not None:  # "\x1f" alone would be trimmed away and read as blank
        _by_rule(plain_text, field, new_value.strip())
    new_value = (new_value or "").strip() or None
    if new_value is None and field not in OPTIONAL_FIELDS:
        msg = f"{_camel(field)} cannot be emptied"
        raise CorrectionRuleViolated(msg, field="new_value", code="INVALID_VALUE")
    if new_value is not None:
        new_value = _read(citizen, field, new_value, today=today)
    old_value = current(citizen, field)
    if old_value == new_value:
        msg = f"{_camel(field)} already has that value"
        raise CorrectionRuleViolated(msg, field="new_value", code="NO_CHANGE")
    return old_value, new_value


def check_marriage(
    citizen: Citizen, marriage: Marriage, field: str, new_value: str | None, *, today: date
) -> tuple[str, str]:
    """Refuse a marriage correction that is not of its date, or a date it cannot have.

    Returns the old and the new date, YYYY-MM-DD.
    """
    if field != "married_on":
        msg = f"'{_camel(field)}' is not a correctable entry of a marriage; only marriedOn"
        raise CorrectionRuleViolated(msg, field="field", code="FIELD_NOT_CORRECTABLE")
    married_on = date.fromisoformat(_by_rule(DATE.check, "married_on", new_value or ""))
    rules.not_in_future(married_on, today=today, field="new_value")
    rules.not_before_birth(married_on, birth_date=citizen.birth_date, field="new_value")
    if marriage.ended_on is not None and married_on > marriage.ended_on:
        msg = "the corrected marriage date is after the marriage ended"
        raise DateRuleViolated(msg, field="new_value", code="DIVORCE_BEFORE_MARRIAGE")
    if married_on == marriage.married_on:
        msg = "marriedOn already has that value"
        raise CorrectionRuleViolated(msg, field="new_value", code="NO_CHANGE")
    return marriage.married_on.isoformat(), married_on.isoformat()


def _by_rule(read: Callable[[str], str], field: str, value: str) -> str:
    """The value read by its kind's rule, the one enrolment's input model applies."""
    try:
        return read(value)
    except ValueRuleViolated as e:
        code = "INVALID_VALUE" if e.code in NOT_READABLE else e.code
        msg = f"{_camel(field)}: {e.message}"
        raise CorrectionRuleViolated(msg, field="new_value", code=code) from None


def read_value(field: str, value: str) -> str:
    """A correctable entry's new value as recorded, or a refusal on newValue."""
    return _by_rule(CITIZEN_ENTRIES[field].check, field, value)


def _read(citizen: Citizen, field: str, value: str, *, today: date) -> str:
    """The value as recorded, or a refusal naming the rule it breaks."""
    value = read_value(field, value)
    if field == "birth_date":
        born = date.fromisoformat(value)
        rules.not_in_future(born, today=today, field="new_value")
        if citizen.date_of_death is not None and born > citizen.date_of_death:
            msg = "the corrected birth date is after the citizen's death"
            raise DateRuleViolated(msg, field="new_value", code="BIRTH_AFTER_DEATH")
    return value


def apply(citizen: Citizen, field: str, new_value: str | None) -> None:
    """Set the corrected entry on the record (runs on replay too, so it decides nothing)."""
    if field in NAME_FIELDS:
        citizen.names = replace(citizen.names, **{field: str(new_value)})
    elif field == "sex":
        citizen.sex = Sex(new_value)
    elif field == "birth_date":
        citizen.birth_date = date.fromisoformat(str(new_value))
    else:
        setattr(citizen, field, new_value)


# -- the commands (bound into the Citizen's body) ----------------------------------------------


def correct_marriage(  # the marriage, the entry, its value, why, who, when
    citizen: Citizen,
    *,
    marriage_id: UUID,
    field: str,
    new_value: str | None,
    legal_basis: str,
    by: Recording,
    today: date,
) -> None:
    """Correct a marriage's date (on both spouses' records, by the register service)."""
    rules.not_in_future(by.effective_date, today=today, field="effective_date")
    old_value, married_on = check_marriage(
        citizen, citizen.marriage(marriage_id), field, new_value, today=today
    )
    citizen.trigger_event(
        citizen.MarriageCorrected,
        marriage_id=marriage_id,
        field=field,
        old_value=old_value,
        new_value=married_on,
        legal_basis=legal_basis,
        approved_by=by.actor,
        **by.fields(),
    )


def correct_entry(
    citizen: Citizen,
    *,
    field: str,
    new_value: str | None,
    legal_basis: str,
    by: Recording,
    today: date,
) -> None:
    """Correct one entry; allowed after death too. `field` is the entry's snake_case name."""
    rules.not_in_future(by.effective_date, today=today, field="effective_date")
    old_value, new_value = check(citizen, field, new_value, today=today)
    citizen.trigger_event(
        citizen.EntryCorrected,
        field=field,
        old_value=old_value,
        new_value=new_value,
        legal_basis=legal_basis,
        approved_by=by.actor,
        **by.fields(),
    )
