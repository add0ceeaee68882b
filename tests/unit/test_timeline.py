"""A record as it was recorded at an instant, and as things stood on a date with corrections."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.civil_status.timeline import as_effective, as_recorded
from domain.civil_status.values import MaritalStatus, Names
from domain.errors import CorrectionRuleViolated, DateRuleViolated
from tests.unit.builders import TODAY, by, man, marry_outside

MARRIED = date(2021, 5, 1)
CORRECTED_MARRIAGE = date(2019, 6, 15)


def history(citizen: Any) -> list[Any]:
    return list(citizen.collect_events())


@pytest.fixture
def events() -> list[Any]:
    """Enrolled 2020; married 2021-05-01 (recorded); moved 2022; the marriage date later
    corrected to 2019-06-15 and the family name's spelling corrected."""
    citizen = man()
    marriage_id = marry_outside(citizen, on=MARRIED)
    citizen.change_residence(
        address="1 rue de la Paix", city="Lyon", country="FRA", by=by(date(2022, 3, 1)), today=TODAY
    )
    citizen.correct_marriage(
        marriage_id=marriage_id,
        field="married_on",
        new_value=CORRECTED_MARRIAGE.isoformat(),
        legal_basis="Judgment 2026/114, Lyon court of appeal",
        by=by(date(2026, 5, 1)),
        today=TODAY,
    )
    citizen.correct_entry(
        field="family_name",
        new_value="Tazi-Alami",
        legal_basis="Civil registry extract 2026/7",
        by=by(date(2026, 5, 2)),
        today=TODAY,
    )
    return history(citizen)


def test_on_a_date_after_the_corrected_marriage_date_the_citizen_was_married(
    events: list[Any],
) -> None:
    record = as_effective(events, date(2019, 12, 1))

    assert record is not None
    assert record.marital_status == MaritalStatus.MARRIED
    assert [m.married_on for m in record.marriages] == [CORRECTED_MARRIAGE]
    assert record.residence is None
    assert record.names.family_name == "Tazi-Alami"


def test_before_the_corrected_marriage_date_the_citizen_was_single_under_the_corrected_name(
    events: list[Any],
) -> None:
    record = as_effective(events, date(2019, 1, 1))

    assert record is not None
    assert record.marital_status == MaritalStatus.SINGLE
    assert record.names.family_name == "Tazi-Alami"
    assert record.version == 1


def test_as_recorded_before_the_correction_the_marriage_keeps_its_first_date(
    events: list[Any],
) -> None:
    moved = events[2]

    record = as_recorded(events, moved.timestamp)

    assert record.version == 3
    assert [m.married_on for m in record.marriages] == [MARRIED]
    assert record.names.family_name == "Tazi"
    assert (record.residence or ("",))[1] == "Lyon"


def test_as_recorded_now_equals_the_current_record(events: list[Any]) -> None:
    record = as_recorded(events, events[-1].timestamp)

    assert record.version == 5
    assert [m.married_on for m in record.marriages] == [CORRECTED_MARRIAGE]
    assert record.names.family_name == "Tazi-Alami"


def test_before_anything_was_recorded_there_is_no_record(events: list[Any]) -> None:
    assert as_recorded(events, events[0].timestamp.replace(year=2000)) is None


def test_before_the_citizen_was_born_there_is_no_record(events: list[Any]) -> None:
    assert as_effective(events, date(1980, 1, 1)) is None


def test_a_backdated_move_recorded_later_lands_in_order_of_effect() -> None:
    citizen = man()
    for city, on in (("Lyon", date(2024, 1, 1)), ("Nice", date(2023, 1, 1))):
        citizen.change_residence(
            address="2 place Masséna", city=city, country="FRA", by=by(on), today=TODAY
        )
    events = history(citizen)

    assert (as_effective(events, date(2023, 6, 1)).residence or ("",))[1] == "Nice"  # type: ignore[union-attr]
    assert (as_effective(events, date(2025, 1, 1)).residence or ("",))[1] == "Lyon"  # type: ignore[union-attr]


def test_a_correction_of_a_changed_name_applies_only_from_the_name_change() -> None:
    citizen = man()
    citizen.change_name(
        names=Names("Youssef", "Benali", "يوسف", "بنعلي"),
        legal_basis="Decree 2023/9",
        by=by(date(2023, 1, 1)),
        today=TODAY,
    )
    citizen.correct_entry(
        field="family_name",
        new_value="Ben Ali",
        legal_basis="Spelling, registry extract",
        by=by(date(2026, 1, 1)),
        today=TODAY,
    )
    events = history(citizen)

    before = as_effective(events, date(2022, 1, 1))
    after = as_effective(events, date(2024, 1, 1))

    assert before is not None
    assert after is not None
    assert (before.names.family_name, after.names.family_name) == ("Tazi", "Ben Ali")


def test_a_marriage_date_correction_refuses_another_entry_a_bad_date_or_no_change() -> None:
    citizen = man()
    marriage_id = marry_outside(citizen, on=MARRIED)

    def correct(field: str, value: str) -> None:
        citizen.correct_marriage(
            marriage_id=marriage_id,
            field=field,
            new_value=value,
            legal_basis="Judgment",
            by=by(TODAY),
            today=TODAY,
        )

    with pytest.raises(CorrectionRuleViolated) as not_correctable:
        correct("place", "Nice")
    with pytest.raises(CorrectionRuleViolated) as not_a_date:
        correct("married_on", "01/05/2021")
    with pytest.raises(CorrectionRuleViolated) as no_change:
        correct("married_on", MARRIED.isoformat())
    with pytest.raises(DateRuleViolated) as before_birth:
        correct("married_on", "1980-01-01")

    assert [e.value.code for e in (not_correctable, not_a_date, no_change, before_birth)] == [
        "FIELD_NOT_CORRECTABLE",
        "INVALID_VALUE",
        "NO_CHANGE",
        "DATE_BEFORE_BIRTH",
    ]
