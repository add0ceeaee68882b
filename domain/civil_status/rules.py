"""Personal-status rules, as pure functions the aggregates call before recording anything."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from domain.errors import CitizenDeceased, DateRuleViolated, MarriageRuleViolated

if TYPE_CHECKING:
    from collections.abc import Sequence

    from domain.civil_status.values import Marriage, Sex

MARRIAGE_AGE = 18
"""Family Code art. 19: legal capacity to marry; younger needs a judge's authorisation (art. 20)."""
MAX_CONCURRENT_MARRIAGES = 4
"""Family Code art. 40-46: a concurrent marriage needs a court's authorisation; never a fifth."""
POSTHUMOUS_BIRTH_DAYS = 365
"""Family Code art. 154: a child born within a year of the father's death is his child."""


def years_between(earlier: date, later: date) -> int:
    """Whole years from `earlier` to `later` (a 29 February birthday turns on 1 March)."""
    return later.year - earlier.year - ((later.month, later.day) < (earlier.month, earlier.day))


def not_in_future(day: date, *, today: date, field: str) -> None:
    if day > today:
        raise DateRuleViolated(
            f"{day.isoformat()} is in the future",
            field=field,
            code="DATE_IN_FUTURE",
            about_field=True,
        )


def not_before_birth(day: date, *, birth_date: date, field: str) -> None:
    if day < birth_date:
        raise DateRuleViolated(
            f"{day.isoformat()} is before the citizen's birth date",
            field=field,
            code="DATE_BEFORE_BIRTH",
            about_field=True,
        )


def alive_on(day: date, *, date_of_death: date | None, field: str) -> None:
    """No event may take effect after the citizen's death, except corrections."""
    if date_of_death is not None and day > date_of_death:
        raise CitizenDeceased(
            f"the citizen died on {date_of_death.isoformat()}; nothing can be recorded after",
            field=field,
        )


def child_born_to_parents(
    birth_date: date,
    *,
    mother_birth: date | None,
    father_birth: date | None,
    mother_death: date | None,
    father_death: date | None,
) -> None:
    """A child is born after both parents, while its mother lives, within a year of its father."""
    for parent, born in (("mother", mother_birth), ("father", father_birth)):
        if born is not None and birth_date <= born:
            raise DateRuleViolated(
                f"the child's birth date is not after its {parent}'s birth date",
                field="birth_date",
                code="CHILD_BORN_BEFORE_PARENT",
            )
    if mother_death is not None and birth_date > mother_death:
        raise DateRuleViolated(
            "the child's birth date is after its mother's death",
            field="birth_date",
            code="BIRTH_AFTER_PARENT_DEATH",
        )
    if father_death is not None and birth_date > father_death + timedelta(
        days=POSTHUMOUS_BIRTH_DAYS
    ):
        raise DateRuleViolated(
            "the child's birth date is more than a year after its father's death",
            field="birth_date",
            code="BIRTH_AFTER_PARENT_DEATH",
        )


def may_marry(
    *,
    sex: Sex,
    birth_date: date,
    married_on: date,
    marriages: Sequence[Marriage],
    spouse_id: object | None,
    authorisation: str | None,
) -> None:
    """What one spouse's record requires before a new marriage can be recorded on it."""
    # Marriages in force on or after the new marriage's date: a backdated marriage must not
    # slip in before an existing one ended.
    active = [m for m in marriages if m.ended_on is None or m.ended_on > married_on]
    if spouse_id is not None and any(m.spouse_id == spouse_id for m in active):
        raise MarriageRuleViolated(
            "the two citizens are already married to each other",
            field="spouse_id",
            code="ALREADY_MARRIED",
        )
    if years_between(birth_date, married_on) < MARRIAGE_AGE and not authorisation:
        raise MarriageRuleViolated(
            f"a spouse under {MARRIAGE_AGE} may marry only with a judge's authorisation",
            field="authorisation_reference",
            code="UNDER_MARRIAGE_AGE",
        )
    if not active:
        return
    if sex.value == "F":
        raise MarriageRuleViolated(
            "a woman's marriage cannot be recorded while she is still married",
            field="citizen_id",
            code="CONCURRENT_MARRIAGE_NOT_PERMITTED",
        )
    if len(active) >= MAX_CONCURRENT_MARRIAGES:
        raise MarriageRuleViolated(
            f"no more than {MAX_CONCURRENT_MARRIAGES} concurrent marriages",
            field="citizen_id",
            code="CONCURRENT_MARRIAGE_NOT_PERMITTED",
        )
    if not authorisation:
        raise MarriageRuleViolated(
            "a concurrent marriage requires a court's authorisation reference",
            field="authorisation_reference",
            code="CONCURRENT_MARRIAGE_REQUIRES_AUTHORISATION",
        )
