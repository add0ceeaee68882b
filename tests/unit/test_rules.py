"""The personal-status rules, called directly: dates, parentage and the right to marry."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import UUID, uuid4

import pytest

from domain.civil_status import rules
from domain.civil_status.values import Marriage, Sex
from domain.errors import CitizenDeceased, DateRuleViolated, MarriageRuleViolated

DAY = timedelta(days=1)
ADULT_BORN = date(1990, 4, 12)
WEDDING = date(2024, 5, 18)


def marriage(
    spouse_id: UUID | None = None,
    *,
    married_on: date = date(2015, 1, 1),
    ended_on: date | None = None,
) -> Marriage:
    return Marriage(
        marriage_id=uuid4(),
        spouse_id=spouse_id,
        spouse_name="Spouse",
        spouse_nationality="MAR",
        married_on=married_on,
        place="Paris",
        ended_on=ended_on,
        end_reason="divorce" if ended_on else None,
    )


def may_marry(
    *,
    sex: Sex = Sex.MALE,
    born: date = ADULT_BORN,
    on: date = WEDDING,
    marriages: list[Marriage] | None = None,
    spouse_id: UUID | None = None,
    authorisation: str | None = None,
) -> None:
    rules.may_marry(
        sex=sex,
        birth_date=born,
        married_on=on,
        marriages=marriages or [],
        spouse_id=spouse_id,
        authorisation=authorisation,
    )


# -- dates ------------------------------------------------------------------------------------


def test_a_date_up_to_today_is_not_in_the_future() -> None:
    assert rules.not_in_future(date(2026, 6, 1), today=date(2026, 6, 1), field="x") is None


def test_a_date_after_today_is_refused_under_the_field_given() -> None:
    with pytest.raises(DateRuleViolated) as refused:
        rules.not_in_future(date(2026, 6, 2), today=date(2026, 6, 1), field="married_on")

    assert (refused.value.code, refused.value.field) == ("DATE_IN_FUTURE", "married_on")
    assert "2026-06-02" in refused.value.message


def test_a_fact_may_take_effect_on_the_birth_day() -> None:
    assert rules.not_before_birth(ADULT_BORN, birth_date=ADULT_BORN, field="x") is None


def test_a_fact_cannot_take_effect_before_the_birth() -> None:
    with pytest.raises(DateRuleViolated) as refused:
        rules.not_before_birth(ADULT_BORN - DAY, birth_date=ADULT_BORN, field="effective_date")

    assert (refused.value.code, refused.value.field) == ("DATE_BEFORE_BIRTH", "effective_date")


@pytest.mark.parametrize("day", [date(2024, 1, 9), date(2024, 1, 10)])
def test_a_citizen_is_alive_up_to_and_on_the_day_of_death(day: date) -> None:
    assert rules.alive_on(day, date_of_death=date(2024, 1, 10), field="x") is None


def test_a_citizen_with_no_recorded_death_is_alive() -> None:
    assert rules.alive_on(date(2099, 1, 1), date_of_death=None, field="x") is None


def test_nothing_takes_effect_after_the_death() -> None:
    with pytest.raises(CitizenDeceased) as refused:
        rules.alive_on(date(2024, 1, 11), date_of_death=date(2024, 1, 10), field="citizen_id")

    assert (refused.value.code, refused.value.field) == ("CITIZEN_DECEASED", "citizen_id")
    assert "2024-01-10" in refused.value.message


# -- parentage ----------------------------------------------------------------------------------

MOTHER_BORN = date(1990, 1, 1)
FATHER_BORN = date(1985, 1, 1)
FATHER_DIED = date(2023, 3, 1)
MOTHER_DIED = date(2023, 3, 1)


def born_to_parents(
    born: date, *, mother_death: date | None = None, father_death: date | None = None
) -> None:
    rules.child_born_to_parents(
        born,
        mother_birth=MOTHER_BORN,
        father_birth=FATHER_BORN,
        mother_death=mother_death,
        father_death=father_death,
    )


def test_a_child_with_no_parent_in_the_register_has_no_parental_date_to_respect() -> None:
    assert (
        rules.child_born_to_parents(
            date(1900, 1, 1),
            mother_birth=None,
            father_birth=None,
            mother_death=None,
            father_death=None,
        )
        is None
    )


@pytest.mark.parametrize("born", [MOTHER_BORN, FATHER_BORN, FATHER_BORN - DAY])
def test_a_child_must_be_born_after_both_parents(born: date) -> None:
    with pytest.raises(DateRuleViolated) as refused:
        born_to_parents(born)

    assert (refused.value.code, refused.value.field) == ("CHILD_BORN_BEFORE_PARENT", "birth_date")


def test_a_child_born_the_day_after_its_youngest_parent_is_accepted() -> None:
    assert born_to_parents(MOTHER_BORN + DAY) is None


@pytest.mark.parametrize(
    "born",
    [FATHER_DIED, FATHER_DIED + DAY, FATHER_DIED + timedelta(days=rules.POSTHUMOUS_BIRTH_DAYS)],
)
def test_a_posthumous_birth_within_365_days_of_the_fathers_death_is_his(born: date) -> None:
    assert rules.POSTHUMOUS_BIRTH_DAYS == 365
    assert born_to_parents(born, father_death=FATHER_DIED) is None


def test_a_birth_366_days_after_the_fathers_death_is_refused() -> None:
    with pytest.raises(DateRuleViolated) as refused:
        born_to_parents(FATHER_DIED + timedelta(days=366), father_death=FATHER_DIED)

    assert (refused.value.code, refused.value.field) == ("BIRTH_AFTER_PARENT_DEATH", "birth_date")
    assert "father" in refused.value.message


def test_a_child_may_be_born_on_the_day_its_mother_died() -> None:
    assert born_to_parents(MOTHER_DIED, mother_death=MOTHER_DIED) is None


def test_a_child_cannot_be_born_after_its_mothers_death() -> None:
    with pytest.raises(DateRuleViolated) as refused:
        born_to_parents(MOTHER_DIED + DAY, mother_death=MOTHER_DIED)

    assert (refused.value.code, refused.value.field) == ("BIRTH_AFTER_PARENT_DEATH", "birth_date")
    assert "mother" in refused.value.message


# -- the right to marry -------------------------------------------------------------------------


@pytest.mark.parametrize("sex", [Sex.FEMALE, Sex.MALE])
def test_a_single_adult_may_marry_without_authorisation(sex: Sex) -> None:
    assert may_marry(sex=sex) is None


def test_citizens_already_married_to_each_other_cannot_marry_again() -> None:
    spouse = uuid4()

    with pytest.raises(MarriageRuleViolated) as refused:
        may_marry(marriages=[marriage(spouse)], spouse_id=spouse, authorisation="TPI-1")

    assert (refused.value.code, refused.value.field) == ("ALREADY_MARRIED", "spouse_id")


def test_a_divorced_couple_may_marry_each_other_again() -> None:
    spouse = uuid4()

    divorced = marriage(spouse, ended_on=date(2020, 1, 1))

    assert may_marry(sex=Sex.FEMALE, marriages=[divorced], spouse_id=spouse) is None


@pytest.mark.parametrize("authorisation", [None, ""])
def test_a_spouse_under_18_needs_a_judges_authorisation(authorisation: str | None) -> None:
    with pytest.raises(MarriageRuleViolated) as refused:
        may_marry(born=date(2006, 5, 19), on=WEDDING, authorisation=authorisation)

    assert (refused.value.code, refused.value.field) == (
        "UNDER_MARRIAGE_AGE",
        "authorisation_reference",
    )


def test_a_spouse_under_18_may_marry_with_a_judges_authorisation() -> None:
    assert may_marry(born=date(2008, 1, 1), on=WEDDING, authorisation="TPI-2024-9") is None


def test_a_spouse_may_marry_on_their_18th_birthday() -> None:
    assert may_marry(born=date(2006, 5, 18), on=WEDDING) is None


def test_a_spouse_born_on_29_february_comes_of_age_on_1_march() -> None:
    with pytest.raises(MarriageRuleViolated):
        may_marry(born=date(2008, 2, 29), on=date(2026, 2, 28))

    assert may_marry(born=date(2008, 2, 29), on=date(2026, 3, 1)) is None


def test_a_woman_still_married_cannot_marry_again_even_with_authorisation() -> None:
    with pytest.raises(MarriageRuleViolated) as refused:
        may_marry(sex=Sex.FEMALE, marriages=[marriage()], spouse_id=uuid4(), authorisation="A")

    assert (refused.value.code, refused.value.field) == (
        "CONCURRENT_MARRIAGE_NOT_PERMITTED",
        "citizen_id",
    )


def test_a_woman_whose_marriage_has_ended_may_marry_again() -> None:
    assert may_marry(sex=Sex.FEMALE, marriages=[marriage(ended_on=date(2020, 1, 1))]) is None


@pytest.mark.parametrize("authorisation", [None, ""])
def test_a_married_man_needs_a_courts_authorisation_to_marry_again(
    authorisation: str | None,
) -> None:
    with pytest.raises(MarriageRuleViolated) as refused:
        may_marry(marriages=[marriage()], authorisation=authorisation)

    assert (refused.value.code, refused.value.field) == (
        "CONCURRENT_MARRIAGE_REQUIRES_AUTHORISATION",
        "authorisation_reference",
    )


@pytest.mark.parametrize("wives", [1, 2, 3])
def test_a_man_with_fewer_than_four_wives_may_marry_again_with_authorisation(wives: int) -> None:
    assert may_marry(marriages=[marriage() for _ in range(wives)], authorisation="TPI-7") is None


def test_a_fifth_concurrent_marriage_is_refused_even_with_authorisation() -> None:
    with pytest.raises(MarriageRuleViolated) as refused:
        may_marry(marriages=[marriage() for _ in range(4)], authorisation="TPI-7")

    assert (refused.value.code, refused.value.field) == (
        "CONCURRENT_MARRIAGE_NOT_PERMITTED",
        "citizen_id",
    )


def test_only_marriages_still_in_force_count_towards_the_four() -> None:
    past = [marriage(ended_on=date(2020, 1, 1)) for _ in range(3)]
    current = [marriage() for _ in range(3)]

    assert may_marry(marriages=past + current, authorisation="TPI-7") is None


def test_a_woman_cannot_marry_on_a_date_when_she_was_still_married() -> None:
    since_ended = marriage(married_on=date(2015, 1, 1), ended_on=date(2024, 1, 1))

    with pytest.raises(MarriageRuleViolated) as refused:
        may_marry(sex=Sex.FEMALE, on=date(2022, 6, 1), marriages=[since_ended])

    assert refused.value.code == "CONCURRENT_MARRIAGE_NOT_PERMITTED"


# -- whole years ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("earlier", "later", "years"),
    [
        (date(2000, 1, 1), date(2000, 1, 1), 0),
        (date(2000, 1, 1), date(2018, 1, 1), 18),
        (date(2000, 1, 2), date(2018, 1, 1), 17),
        (date(2000, 12, 31), date(2001, 1, 1), 0),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
        (date(2008, 2, 29), date(2012, 2, 29), 4),
        (date(2008, 2, 28), date(2009, 2, 28), 1),
    ],
)
def test_years_between_counts_whole_years(earlier: date, later: date, years: int) -> None:
    assert rules.years_between(earlier, later) == years
