"""Corrections: which entries may be corrected, how each value is read, and what history keeps."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest

from domain.civil_status import correction
from domain.civil_status.citizen import Citizen
from domain.errors import CorrectionRuleViolated, DateRuleViolated

from .builders import ACTOR, MISSION, TODAY, assert_nothing_pending, by, replay, woman

if TYPE_CHECKING:
    from collections.abc import Callable

DIED = date(2024, 1, 10)
REQUIRED = (
    "given_name",
    "family_name",
    "given_name_ar",
    "family_name_ar",
    "sex",
    "birth_date",
    "birth_place",
    "birth_country",
    "nationality",
)
OPTIONAL = ("father_name", "mother_name", "national_id")


def correct(c: Citizen, field: str, new_value: str | None, *, on: date = TODAY) -> None:
    c.correct_entry(
        field=field, new_value=new_value, legal_basis="Judgment 2025/42", by=by(on), today=TODAY
    )


def refusal(field: str, new_value: str | None) -> CorrectionRuleViolated:
    """The refusal of correcting `field` on a fresh record; checks nothing was recorded."""
    c = woman()
    history = c.collect_events()
    with pytest.raises(CorrectionRuleViolated) as refused:
        correct(c, field, new_value)
    assert_nothing_pending(c)
    assert c == replay(history)
    return refused.value


def test_every_correctable_entry_is_covered_here() -> None:
    assert set(correction.CORRECTABLE) == set(REQUIRED) | set(OPTIONAL)


@pytest.mark.parametrize(
    ("field", "old", "new", "read"),
    [
        ("given_name", "Amina", "Aminah", lambda c: c.names.given_name),
        ("family_name", "Alaoui", "Alaoui Fassi", lambda c: c.names.family_name),
        ("given_name_ar", "أمينة", "آمنة", lambda c: c.names.given_name_ar),
        ("family_name_ar", "العلوي", "الفاسي", lambda c: c.names.family_name_ar),
        ("birth_place", "Fes", "Meknes", lambda c: c.birth_place),
        ("father_name", "Driss Alaoui", "Driss Ben Alaoui", lambda c: c.father_name),
        ("mother_name", "Fatima Bennani", "Fatima Zahra Bennani", lambda c: c.mother_name),
        ("sex", "F", "M", lambda c: c.sex.value),
        ("birth_date", "1990-04-12", "1990-04-21", lambda c: c.birth_date.isoformat()),
        ("birth_country", "MAR", "DZA", lambda c: c.birth_country),
        ("nationality", "MAR", "FRA", lambda c: c.nationality),
        ("national_id", "AB123456", "AB999999", lambda c: c.national_id),
    ],
)
def test_a_corrected_entry_takes_the_new_value_and_history_keeps_the_old(
    field: str, old: str, new: str, read: Callable[[Citizen], str | None]
) -> None:
    c = woman()
    history = c.collect_events()

    correct(c, field, new, on=date(2025, 3, 3))

    assert read(c) == new
    events = c.collect_events()
    assert [type(e) for e in events] == [Citizen.EntryCorrected]
    (corrected,) = events
    assert (corrected.field, corrected.old_value, corrected.new_value) == (field, old, new)
    assert (corrected.legal_basis, corrected.approved_by) == ("Judgment 2025/42", ACTOR)
    assert (corrected.actor, corrected.mission, corrected.effective_date) == (
        ACTOR,
        MISSION,
        date(2025, 3, 3),
    )
    rebuilt = replay([*history, *events])
    assert rebuilt == c
    assert read(rebuilt) == new


def test_an_entry_may_be_corrected_after_the_citizens_death() -> None:
    c = woman()
    c.record_death(place="Paris", by=by(DIED), today=TODAY)
    history = c.collect_events()

    correct(c, "birth_place", "Oujda", on=DIED + timedelta(days=30))

    assert c.birth_place == "Oujda"
    events = c.collect_events()
    assert [(type(e), e.effective_date) for e in events] == [
        (Citizen.EntryCorrected, DIED + timedelta(days=30))
    ]
    assert replay([*history, *events]) == c


def test_a_correction_cannot_take_effect_in_the_future() -> None:
    c = woman()
    c.collect_events()

    with pytest.raises(DateRuleViolated) as refused:
        correct(c, "birth_place", "Oujda", on=TODAY + timedelta(days=1))

    assert (refused.value.code, refused.value.field) == ("DATE_IN_FUTURE", "effective_date")
    assert c.birth_place == "Fes"
    assert_nothing_pending(c)


@pytest.mark.parametrize("field", OPTIONAL)
@pytest.mark.parametrize("emptied", [None, ""])
def test_an_optional_entry_may_be_emptied(field: str, emptied: str | None) -> None:
    c = woman()
    history = c.collect_events()
    old = getattr(c, field)

    correct(c, field, emptied)

    assert getattr(c, field) is None
    (corrected,) = c.collect_events()
    assert (corrected.old_value, corrected.new_value) == (old, None)
    assert replay([*history, corrected]) == c


@pytest.mark.parametrize("field", REQUIRED)
@pytest.mark.parametrize("emptied", [None, "", "   "])
def test_a_required_entry_cannot_be_emptied(field: str, emptied: str | None) -> None:
    refused = refusal(field, emptied)

    assert (refused.code, refused.field) == ("INVALID_VALUE", "new_value")


@pytest.mark.parametrize(
    "field", ["date_of_death", "registered_mission", "residence", "givenName", "names", ""]
)
def test_only_the_listed_entries_can_be_corrected(field: str) -> None:
    refused = refusal(field, "anything")

    assert (refused.code, refused.field) == ("FIELD_NOT_CORRECTABLE", "field")
    assert "givenName" in refused.message
    assert "nationalId" in refused.message


@pytest.mark.parametrize("value", ["X", "f", "Male", "FM"])
def test_sex_is_corrected_to_f_or_m_only(value: str) -> None:
    refused = refusal("sex", value)

    assert (refused.code, refused.field) == ("INVALID_VALUE", "new_value")


@pytest.mark.parametrize("field", ["birth_country", "nationality"])
@pytest.mark.parametrize("value", ["MA", "MAROC", "M4R", "M AR", "XYZ"])
def test_a_country_is_an_iso_alpha3_code(field: str, value: str) -> None:
    refused = refusal(field, value)

    assert (refused.code, refused.field) == ("INVALID_VALUE", "new_value")


@pytest.mark.parametrize("field", ["birth_country", "nationality"])
def test_a_country_code_is_read_as_enrolment_reads_it_whatever_its_case(field: str) -> None:
    c = woman()
    c.collect_events()

    correct(c, field, "dza")

    assert getattr(c, field) == "DZA"


@pytest.mark.parametrize("value", ["1990-13-01", "1990-02-30", "12/04/1990", "yesterday"])
def test_a_birth_date_is_read_as_a_calendar_date(value: str) -> None:
    refused = refusal("birth_date", value)

    assert (refused.code, refused.field) == ("INVALID_VALUE", "new_value")


def test_a_birth_date_cannot_be_corrected_into_the_future() -> None:
    c = woman()
    c.collect_events()

    with pytest.raises(DateRuleViolated) as refused:
        correct(c, "birth_date", (TODAY + timedelta(days=1)).isoformat())

    assert (refused.value.code, refused.value.field) == ("DATE_IN_FUTURE", "new_value")
    assert c.birth_date == date(1990, 4, 12)
    assert_nothing_pending(c)


@pytest.mark.parametrize(
    ("field", "same"),
    [
        ("given_name", "Amina"),
        ("sex", "F"),
        ("birth_date", "1990-04-12"),
        ("nationality", "MAR"),
        ("national_id", "AB123456"),
    ],
)
def test_a_correction_must_change_the_entry(field: str, same: str) -> None:
    refused = refusal(field, same)

    assert (refused.code, refused.field) == ("NO_CHANGE", "new_value")


def test_the_present_value_is_read_as_text() -> None:
    c = woman(national_id=None)

    assert correction.current(c, "birth_date") == "1990-04-12"
    assert correction.current(c, "sex") == "F"
    assert correction.current(c, "family_name_ar") == "العلوي"
    assert correction.current(c, "national_id") is None


# -- what looks wrong ---------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["birth_country", "nationality"])
def test_a_country_code_is_recorded_without_surrounding_whitespace(field: str) -> None:
    c = woman()
    c.collect_events()

    correct(c, field, " FRA\n")

    (corrected,) = c.collect_events()
    assert corrected.new_value == "FRA"
    assert getattr(c, field) == "FRA"


@pytest.mark.parametrize("field", OPTIONAL)
def test_a_blank_value_empties_an_optional_entry(field: str) -> None:
    c = woman()
    history = c.collect_events()

    correct(c, field, "   ")

    assert getattr(c, field) is None
    assert replay([*history, *c.collect_events()]) == c


def test_emptying_an_entry_that_is_already_empty_is_no_change() -> None:
    c = woman(father_name=None)
    c.collect_events()

    with pytest.raises(CorrectionRuleViolated) as refused:
        correct(c, "father_name", None)

    assert (refused.value.code, refused.value.field) == ("NO_CHANGE", "new_value")
    assert_nothing_pending(c)


def test_a_birth_date_not_written_yyyy_mm_dd_is_refused() -> None:
    refused = refusal("birth_date", "19900421")

    assert (refused.code, refused.field) == ("INVALID_VALUE", "new_value")


def test_a_birth_date_cannot_be_corrected_to_after_the_death() -> None:
    c = woman()
    c.record_death(place="Paris", by=by(DIED), today=TODAY)
    c.collect_events()

    with pytest.raises(DateRuleViolated) as refused:
        correct(c, "birth_date", (DIED + timedelta(days=1)).isoformat())

    assert refused.value.field == "new_value"
    assert c.birth_date == date(1990, 4, 12)
    assert_nothing_pending(c)
