"""The citizen's record: enrolment, names, residence, registration, and its versioned history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest

from domain.civil_status.citizen import Citizen
from domain.civil_status.values import LifeStatus, MaritalStatus, Names, Sex
from domain.errors import CitizenDeceased, DateRuleViolated, RegistrationRuleViolated

from .builders import (
    ACTOR,
    ENROLLED_ON,
    MISSION,
    TODAY,
    assert_nothing_pending,
    by,
    enroll,
    man,
    replay,
    woman,
    woman_fields,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    Command = Callable[[Citizen, date], None]

ARABIC_NAMES = Names("Amina", "El Idrissi", "أمينة", "الإدريسي")


# -- enrolment ------------------------------------------------------------------------------


def test_enrolment_enters_the_person_as_given_and_registers_them_at_the_mission() -> None:
    c = woman()

    assert c.national_id == "AB123456"
    assert c.names == Names("Amina", "Alaoui", "أمينة", "العلوي")
    assert c.sex is Sex.FEMALE
    assert c.birth_date == date(1990, 4, 12)
    assert (c.birth_place, c.birth_country) == ("Fes", "MAR")
    assert (c.father_name, c.mother_name) == ("Driss Alaoui", "Fatima Bennani")
    assert (c.father_id, c.mother_id) == (None, None)
    assert c.nationality == "MAR"
    assert c.registered_mission == MISSION
    assert c.residence is None
    assert c.children == []
    assert c.marriages == []
    assert c.life_status is LifeStatus.ALIVE
    assert c.marital_status is MaritalStatus.SINGLE
    assert c.version == 1


def test_enrolment_records_one_enrolled_event_with_who_where_and_when() -> None:
    c = woman()

    events = c.collect_events()

    assert [type(e) for e in events] == [Citizen.Enrolled]
    (enrolled,) = events
    assert (enrolled.actor, enrolled.mission, enrolled.effective_date) == (
        ACTOR,
        MISSION,
        ENROLLED_ON,
    )
    assert enrolled.originator_id == c.id
    assert enrolled.originator_version == 1
    assert {k: getattr(enrolled, k) for k in woman_fields()} == woman_fields()
    assert replay(events) == c


def test_a_citizen_may_be_enrolled_without_a_national_id_or_parents_names() -> None:
    c = woman(national_id=None, father_name=None, mother_name=None)

    assert (c.national_id, c.father_name, c.mother_name) == (None, None, None)
    assert replay(c.collect_events()) == c


def test_enrolment_refuses_a_birth_date_in_the_future() -> None:
    with pytest.raises(DateRuleViolated) as refused:
        enroll(woman_fields(birth_date=TODAY + timedelta(days=1)), on=TODAY)

    assert (refused.value.code, refused.value.field) == ("DATE_IN_FUTURE", "birth_date")


def test_enrolment_refuses_an_effective_date_in_the_future() -> None:
    with pytest.raises(DateRuleViolated) as refused:
        enroll(woman_fields(), on=TODAY + timedelta(days=1))

    assert (refused.value.code, refused.value.field) == ("DATE_IN_FUTURE", "effective_date")


def test_enrolment_cannot_take_effect_before_the_birth() -> None:
    with pytest.raises(DateRuleViolated) as refused:
        enroll(woman_fields(birth_date=date(2001, 5, 5)), on=date(2001, 5, 4))

    assert (refused.value.code, refused.value.field) == ("DATE_BEFORE_BIRTH", "effective_date")


def test_enrolment_may_take_effect_on_the_birth_day_and_on_today() -> None:
    newborn = enroll(woman_fields(birth_date=date(2001, 5, 5)), on=date(2001, 5, 5))
    today = enroll(woman_fields(), on=TODAY)

    assert newborn.collect_events()[0].effective_date == date(2001, 5, 5)
    assert today.collect_events()[0].effective_date == TODAY


# -- name, residence, registration ------------------------------------------------------------


def test_a_name_change_replaces_the_names_and_records_its_legal_basis() -> None:
    c = woman()
    history = c.collect_events()

    c.change_name(
        names=ARABIC_NAMES, legal_basis="Judgment 2023/118", by=by(date(2023, 3, 1)), today=TODAY
    )

    assert c.names == ARABIC_NAMES
    events = c.collect_events()
    assert [type(e) for e in events] == [Citizen.NameChanged]
    (changed,) = events
    assert (changed.given_name, changed.family_name) == ("Amina", "El Idrissi")
    assert (changed.given_name_ar, changed.family_name_ar) == ("أمينة", "الإدريسي")
    assert changed.legal_basis == "Judgment 2023/118"
    assert (changed.actor, changed.mission, changed.effective_date) == (
        ACTOR,
        MISSION,
        date(2023, 3, 1),
    )
    assert replay([*history, *events]) == c


def test_a_residence_change_sets_the_address_city_and_country() -> None:
    c = man()
    history = c.collect_events()

    c.change_residence(
        address="12 rue de la Paix", city="Lyon", country="FRA", by=by(TODAY), today=TODAY
    )

    assert c.residence == ("12 rue de la Paix", "Lyon", "FRA")
    events = c.collect_events()
    assert [type(e) for e in events] == [Citizen.ResidenceChanged]
    assert (events[0].address, events[0].city, events[0].country) == (
        "12 rue de la Paix",
        "Lyon",
        "FRA",
    )
    assert events[0].effective_date == TODAY
    assert replay([*history, *events]) == c


def test_a_transfer_moves_the_registration_and_records_both_missions() -> None:
    c = man()
    history = c.collect_events()

    c.transfer_registration(
        to_mission="BOD", by=by(date(2024, 9, 1), actor="officer.bordeaux"), today=TODAY
    )

    assert c.registered_mission == "BOD"
    events = c.collect_events()
    assert [type(e) for e in events] == [Citizen.RegistrationTransferred]
    (moved,) = events
    assert (moved.from_mission, moved.to_mission) == (MISSION, "BOD")
    assert (moved.actor, moved.effective_date) == ("officer.bordeaux", date(2024, 9, 1))
    assert replay([*history, *events]) == c


def test_a_registration_cannot_be_transferred_to_the_mission_that_holds_it() -> None:
    c = man()
    c.collect_events()

    with pytest.raises(RegistrationRuleViolated) as refused:
        c.transfer_registration(to_mission=MISSION, by=by(TODAY), today=TODAY)

    assert (refused.value.code, refused.value.field) == ("SAME_MISSION", "to_mission")
    assert c.registered_mission == MISSION
    assert_nothing_pending(c)


@pytest.mark.parametrize(
    "command",
    [
        lambda c, d: c.change_name(names=ARABIC_NAMES, legal_basis="x", by=by(d), today=TODAY),
        lambda c, d: c.change_residence(
            address="1 Main St", city="Lyon", country="FRA", by=by(d), today=TODAY
        ),
        lambda c, d: c.transfer_registration(to_mission="BOD", by=by(d), today=TODAY),
    ],
    ids=["change_name", "change_residence", "transfer_registration"],
)
class TestEveryCommandChecksItsEffectiveDate:
    def test_it_cannot_take_effect_in_the_future(self, command: Command) -> None:
        c = woman()
        c.collect_events()
        with pytest.raises(DateRuleViolated) as refused:
            command(c, TODAY + timedelta(days=1))
        assert (refused.value.code, refused.value.field) == ("DATE_IN_FUTURE", "effective_date")
        assert_nothing_pending(c)

    def test_it_cannot_take_effect_before_the_birth(self, command: Command) -> None:
        c = woman()
        c.collect_events()
        with pytest.raises(DateRuleViolated) as refused:
            command(c, date(1990, 4, 11))
        assert (refused.value.code, refused.value.field) == ("DATE_BEFORE_BIRTH", "effective_date")
        assert_nothing_pending(c)

    def test_it_cannot_take_effect_after_the_death(self, command: Command) -> None:
        c = woman()
        c.record_death(place="Paris", by=by(date(2024, 1, 10)), today=TODAY)
        c.collect_events()
        with pytest.raises(CitizenDeceased) as refused:
            command(c, date(2024, 1, 11))
        assert (refused.value.code, refused.value.field) == ("CITIZEN_DECEASED", "citizen_id")
        assert_nothing_pending(c)


# -- history -----------------------------------------------------------------------------------


def test_each_fact_is_one_more_version_and_the_events_alone_rebuild_the_record() -> None:
    c = woman()
    c.change_name(names=ARABIC_NAMES, legal_basis="Judgment", by=by(date(2021, 1, 1)), today=TODAY)
    c.change_residence(address="1 Main St", city="Paris", country="FRA", by=by(TODAY), today=TODAY)
    c.transfer_registration(to_mission="BOD", by=by(TODAY), today=TODAY)
    c.correct_entry(
        field="birth_place",
        new_value="Meknes",
        legal_basis="Birth certificate",
        by=by(TODAY),
        today=TODAY,
    )

    events = c.collect_events()

    assert [type(e) for e in events] == [
        Citizen.Enrolled,
        Citizen.NameChanged,
        Citizen.ResidenceChanged,
        Citizen.RegistrationTransferred,
        Citizen.EntryCorrected,
    ]
    assert [e.originator_version for e in events] == [1, 2, 3, 4, 5]
    assert {e.originator_id for e in events} == {c.id}
    assert c.version == 5
    assert (events[-1].old_value, events[-1].new_value) == ("Fes", "Meknes")
    rebuilt = replay(events)
    assert rebuilt == c
    assert (rebuilt.names, rebuilt.birth_place, rebuilt.registered_mission) == (
        ARABIC_NAMES,
        "Meknes",
        "BOD",
    )


def test_a_refused_command_does_not_advance_the_version() -> None:
    c = woman()
    c.collect_events()

    with pytest.raises(RegistrationRuleViolated):
        c.transfer_registration(to_mission=MISSION, by=by(TODAY), today=TODAY)

    assert c.version == 1
    assert_nothing_pending(c)
