"""Registering a birth abroad: the child is linked to its parents, who list it in the same save."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.civil_status.citizen import Citizen
from domain.civil_status.rules import POSTHUMOUS_BIRTH_DAYS
from domain.errors import DateRuleViolated

from .builders import (
    ACTOR,
    MISSION,
    TODAY,
    assert_nothing_pending,
    by,
    man,
    replay,
    woman,
    woman_fields,
)

BORN = date(2024, 2, 10)


def child_fields(born: date = BORN) -> dict[str, object]:
    return woman_fields(
        national_id=None,
        given_name="Salma",
        family_name="Tazi",
        given_name_ar="سلمى",
        family_name_ar="التازي",
        birth_date=born,
        birth_place="Paris",
        birth_country="FRA",
        father_name="Youssef Tazi",
        mother_name="Amina Alaoui",
    )


def register(
    *, father: Citizen | None, mother: Citizen | None, born: date = BORN, recorded_on: date = TODAY
) -> Citizen:
    return Citizen.register_birth(
        person=child_fields(born), father=father, mother=mother, by=by(recorded_on), today=TODAY
    )


def test_a_birth_links_the_child_to_both_parents_and_lists_it_on_each() -> None:
    father, mother = man(), woman()
    father_history, mother_history = father.collect_events(), mother.collect_events()

    child = register(father=father, mother=mother)

    assert (child.father_id, child.mother_id) == (father.id, mother.id)
    assert father.children == [child.id]
    assert mother.children == [child.id]
    child_events = child.collect_events()
    assert [type(e) for e in child_events] == [Citizen.BirthRegistered]
    (registered,) = child_events
    assert (registered.father_id, registered.mother_id) == (father.id, mother.id)
    assert (registered.given_name, registered.birth_date) == ("Salma", BORN)
    assert (registered.actor, registered.mission) == (ACTOR, MISSION)
    for parent, history in ((father, father_history), (mother, mother_history)):
        events = parent.collect_events()
        assert [type(e) for e in events] == [Citizen.ChildAdded]
        assert events[0].child_id == child.id
        assert (events[0].actor, events[0].mission) == (ACTOR, MISSION)
        assert replay([*history, *events]) == parent
    assert replay(child_events) == child


def test_a_birth_takes_effect_on_the_birth_date_whenever_it_is_recorded() -> None:
    father, mother = man(), woman()
    father.collect_events()
    mother.collect_events()

    child = register(father=father, mother=mother, recorded_on=date(2025, 11, 3))

    assert child.collect_events()[0].effective_date == BORN
    assert father.collect_events()[0].effective_date == BORN
    assert mother.collect_events()[0].effective_date == BORN


def test_a_birth_with_the_father_outside_the_register_is_listed_on_the_mother_only() -> None:
    mother = woman()
    mother.collect_events()

    child = register(father=None, mother=mother)

    assert (child.father_id, child.mother_id) == (None, mother.id)
    assert child.father_name == "Youssef Tazi"
    assert [(type(e), e.child_id) for e in mother.collect_events()] == [
        (Citizen.ChildAdded, child.id)
    ]


def test_each_birth_adds_one_more_child_to_the_parents_record() -> None:
    mother = woman()
    first = register(father=None, mother=mother, born=date(2019, 1, 1))
    second = register(father=None, mother=mother, born=date(2021, 6, 30))

    assert mother.children == [first.id, second.id]
    assert replay(mother.collect_events()) == mother


def test_a_birth_cannot_be_dated_in_the_future() -> None:
    mother = woman()
    mother.collect_events()

    with pytest.raises(DateRuleViolated) as refused:
        register(father=None, mother=mother, born=TODAY + timedelta(days=1))

    assert (refused.value.code, refused.value.field) == ("DATE_IN_FUTURE", "birth_date")
    assert mother.children == []
    assert_nothing_pending(mother)


def test_a_child_cannot_be_born_before_its_mother() -> None:
    father, mother = man(), woman()
    father.collect_events()
    mother.collect_events()

    with pytest.raises(DateRuleViolated) as refused:
        register(father=father, mother=mother, born=date(1990, 4, 11))

    assert (refused.value.code, refused.value.field) == ("CHILD_BORN_BEFORE_PARENT", "birth_date")
    assert_nothing_pending(father, mother)


def test_a_child_born_within_a_year_of_its_fathers_death_is_his_child() -> None:
    father, mother = man(), woman()
    died = date(2023, 3, 1)
    father.record_death(place="Paris", by=by(died), today=TODAY)
    father.collect_events()
    mother.collect_events()

    child = register(father=father, mother=mother, born=died + timedelta(POSTHUMOUS_BIRTH_DAYS))

    assert child.father_id == father.id
    assert father.children == [child.id]
    (added,) = father.collect_events()
    assert (type(added), added.effective_date) == (Citizen.ChildAdded, died + timedelta(365))


def test_a_child_born_more_than_a_year_after_its_fathers_death_is_refused() -> None:
    father, mother = man(), woman()
    died = date(2023, 3, 1)
    father.record_death(place="Paris", by=by(died), today=TODAY)
    father.collect_events()
    mother.collect_events()

    with pytest.raises(DateRuleViolated) as refused:
        register(father=father, mother=mother, born=died + timedelta(POSTHUMOUS_BIRTH_DAYS + 1))

    assert (refused.value.code, refused.value.field) == ("BIRTH_AFTER_PARENT_DEATH", "birth_date")
    assert father.children == []
    assert_nothing_pending(father, mother)


def test_a_child_cannot_be_born_after_its_mothers_death() -> None:
    mother = woman()
    died = date(2023, 3, 1)
    mother.record_death(place="Paris", by=by(died), today=TODAY)
    mother.collect_events()

    with pytest.raises(DateRuleViolated) as refused:
        register(father=None, mother=mother, born=died + timedelta(days=1))

    assert (refused.value.code, refused.value.field) == ("BIRTH_AFTER_PARENT_DEATH", "birth_date")
    assert mother.children == []
    assert_nothing_pending(mother)


def test_a_child_born_on_the_day_its_mother_died_is_registered() -> None:
    mother = woman()
    died = date(2023, 3, 1)
    mother.record_death(place="Paris", by=by(died), today=TODAY)
    mother.collect_events()

    child = register(father=None, mother=mother, born=died)

    assert mother.children == [child.id]
    assert [type(e) for e in mother.collect_events()] == [Citizen.ChildAdded]
