"""Marriage and divorce on the citizen's record, and on the spouse's when in the register."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain.civil_status.citizen import Citizen
from domain.civil_status.values import MaritalStatus, Marriage
from domain.errors import (
    CitizenDeceased,
    DateRuleViolated,
    MarriageNotFound,
    MarriageRuleViolated,
)

from .builders import (
    ACTOR,
    MISSION,
    TODAY,
    assert_nothing_pending,
    by,
    man,
    marry,
    marry_outside,
    replay,
    woman,
)

WEDDING = date(2015, 6, 20)
DIED = date(2024, 1, 10)


# -- marriage -------------------------------------------------------------------------------


def test_a_marriage_between_two_citizens_is_on_both_records_under_one_id() -> None:
    husband, wife = man(), woman()
    husband_history, wife_history = husband.collect_events(), wife.collect_events()

    marriage_id = marry(husband, wife, on=WEDDING)

    assert husband.marriages == [
        Marriage(marriage_id, wife.id, "Amina Alaoui", "MAR", WEDDING, "Paris")
    ]
    assert wife.marriages == [
        Marriage(marriage_id, husband.id, "Youssef Tazi", "MAR", WEDDING, "Paris")
    ]
    assert husband.marital_status is wife.marital_status is MaritalStatus.MARRIED
    for record, history in ((husband, husband_history), (wife, wife_history)):
        events = record.collect_events()
        assert [type(e) for e in events] == [Citizen.MarriageRecorded]
        recorded = events[0]
        assert (recorded.marriage_id, recorded.place, recorded.authorisation_reference) == (
            marriage_id,
            "Paris",
            None,
        )
        assert (recorded.actor, recorded.mission, recorded.effective_date) == (
            ACTOR,
            MISSION,
            WEDDING,
        )
        assert replay([*history, *events]) == record


def test_a_marriage_to_a_spouse_outside_the_register_keeps_the_name_and_nationality() -> None:
    c = woman()
    history = c.collect_events()

    marriage_id = marry_outside(c, on=WEDDING, spouse_name="Pierre Martin")

    (m,) = c.marriages
    assert (m.marriage_id, m.spouse_id, m.spouse_name, m.spouse_nationality) == (
        marriage_id,
        None,
        "Pierre Martin",
        "FRA",
    )
    assert (m.married_on, m.place, m.is_active) == (WEDDING, "Lyon", True)
    events = c.collect_events()
    assert [(type(e), e.spouse_id) for e in events] == [(Citizen.MarriageRecorded, None)]
    assert replay([*history, *events]) == c


def test_a_man_may_take_a_second_wife_with_a_courts_authorisation() -> None:
    c = man()
    marry_outside(c, on=WEDDING)
    c.collect_events()

    marry_outside(c, on=date(2020, 1, 1), spouse_name="Sara Idrissi", authorisation="TPI-2019-77")

    assert [m.is_active for m in c.marriages] == [True, True]
    (recorded,) = c.collect_events()
    assert recorded.authorisation_reference == "TPI-2019-77"


def test_a_woman_still_married_cannot_marry_again() -> None:
    c = woman()
    marry_outside(c, on=WEDDING)
    c.collect_events()

    with pytest.raises(MarriageRuleViolated) as refused:
        marry_outside(c, on=date(2020, 1, 1), authorisation="TPI-2019-77")

    assert refused.value.code == "CONCURRENT_MARRIAGE_NOT_PERMITTED"
    assert refused.value.field == "citizen_id"
    assert len(c.marriages) == 1
    assert_nothing_pending(c)


def test_two_citizens_already_married_to_each_other_cannot_marry_again() -> None:
    husband, wife = man(), woman()
    marry(husband, wife, on=WEDDING)
    husband.collect_events()

    with pytest.raises(MarriageRuleViolated) as refused:
        husband.check_may_marry(spouse_id=wife.id, authorisation="TPI-1", by=by(TODAY), today=TODAY)

    assert (refused.value.code, refused.value.field) == ("ALREADY_MARRIED", "spouse_id")
    assert_nothing_pending(husband)


def test_checking_whether_a_citizen_may_marry_records_nothing() -> None:
    c = woman()
    c.collect_events()

    c.check_may_marry(spouse_id=uuid4(), authorisation=None, by=by(WEDDING), today=TODAY)

    assert c.marriages == []
    assert_nothing_pending(c)


def test_a_minor_cannot_marry_without_a_judges_authorisation() -> None:
    c = woman(birth_date=date(2009, 1, 1))
    c.collect_events()

    with pytest.raises(MarriageRuleViolated) as refused:
        marry_outside(c, on=date(2026, 1, 1))

    assert (refused.value.code, refused.value.field) == (
        "UNDER_MARRIAGE_AGE",
        "authorisation_reference",
    )
    assert_nothing_pending(c)


def test_a_marriage_cannot_take_effect_after_the_citizens_death() -> None:
    c = woman()
    c.record_death(place="Paris", by=by(DIED), today=TODAY)
    c.collect_events()

    with pytest.raises(CitizenDeceased) as refused:
        marry_outside(c, on=DIED + timedelta(days=1))

    assert (refused.value.code, refused.value.field) == ("CITIZEN_DECEASED", "citizen_id")
    assert_nothing_pending(c)


# -- divorce --------------------------------------------------------------------------------


def test_a_divorce_ends_the_marriage_and_leaves_the_citizen_divorced() -> None:
    c = woman()
    marriage_id = marry_outside(c, on=WEDDING)
    history = c.collect_events()

    c.record_divorce(marriage_id=marriage_id, by=by(date(2019, 2, 2)), today=TODAY)

    assert c.marriage(marriage_id).ended_on == date(2019, 2, 2)
    assert c.marriage(marriage_id).end_reason == "divorce"
    assert c.marital_status is MaritalStatus.DIVORCED
    events = c.collect_events()
    assert [(type(e), e.marriage_id, e.reason) for e in events] == [
        (Citizen.MarriageEnded, marriage_id, "divorce")
    ]
    assert (events[0].actor, events[0].effective_date) == (ACTOR, date(2019, 2, 2))
    assert replay([*history, *events]) == c


def test_a_divorced_woman_may_marry_again() -> None:
    c = woman()
    c.record_divorce(marriage_id=marry_outside(c, on=WEDDING), by=by(date(2019, 2, 2)), today=TODAY)

    marry_outside(c, on=date(2021, 5, 5), spouse_name="Karim Berrada")

    assert [m.is_active for m in c.marriages] == [False, True]
    assert c.marital_status is MaritalStatus.MARRIED


def test_a_divorce_names_a_marriage_on_the_record() -> None:
    c = woman()
    marry_outside(c, on=WEDDING)
    c.collect_events()

    with pytest.raises(MarriageNotFound) as refused:
        c.record_divorce(marriage_id=uuid4(), by=by(TODAY), today=TODAY)

    assert (refused.value.code, refused.value.field) == ("MARRIAGE_NOT_FOUND", "marriage_id")
    assert_nothing_pending(c)


def test_a_marriage_that_has_ended_cannot_be_dissolved_again() -> None:
    c = woman()
    marriage_id = marry_outside(c, on=WEDDING)
    c.record_divorce(marriage_id=marriage_id, by=by(date(2019, 2, 2)), today=TODAY)
    c.collect_events()

    with pytest.raises(DateRuleViolated) as refused:
        c.record_divorce(marriage_id=marriage_id, by=by(TODAY), today=TODAY)

    assert (refused.value.code, refused.value.field) == ("MARRIAGE_ALREADY_ENDED", "marriage_id")
    assert c.marriage(marriage_id).ended_on == date(2019, 2, 2)
    assert_nothing_pending(c)


def test_a_divorce_cannot_precede_the_marriage() -> None:
    c = woman()
    marriage_id = marry_outside(c, on=WEDDING)
    c.collect_events()

    with pytest.raises(DateRuleViolated) as refused:
        c.record_divorce(marriage_id=marriage_id, by=by(WEDDING - timedelta(1)), today=TODAY)

    assert (refused.value.code, refused.value.field) == (
        "DIVORCE_BEFORE_MARRIAGE",
        "effective_date",
    )
    assert c.marriage(marriage_id).is_active
    assert_nothing_pending(c)
