"""A death: it ends the citizen's marriages, widows the spouse, and closes the record."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest

from domain.civil_status.citizen import Citizen
from domain.civil_status.values import LifeStatus, MaritalStatus
from domain.errors import CitizenDeceased, DateRuleViolated, MarriageNotFound

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


def test_a_death_ends_every_active_marriage_and_marks_the_citizen_deceased() -> None:
    c = man()
    divorced = marry_outside(c, on=date(2008, 1, 1), spouse_name="Nadia Chraibi")
    c.record_divorce(marriage_id=divorced, by=by(date(2012, 1, 1)), today=TODAY)
    first = marry_outside(c, on=WEDDING)
    second = marry_outside(c, on=date(2020, 1, 1), spouse_name="Sara Idrissi", authorisation="A1")
    history = c.collect_events()

    ended = c.record_death(place="Marseille", by=by(DIED), today=TODAY)

    assert [m.marriage_id for m in ended] == [first, second]
    assert (c.life_status, c.date_of_death, c.place_of_death) == (
        LifeStatus.DECEASED,
        DIED,
        "Marseille",
    )
    assert [(m.ended_on, m.end_reason) for m in c.marriages] == [
        (date(2012, 1, 1), "divorce"),
        (DIED, "death"),
        (DIED, "death"),
    ]
    events = c.collect_events()
    assert [type(e) for e in events] == [
        Citizen.MarriageEnded,
        Citizen.MarriageEnded,
        Citizen.DeathRecorded,
    ]
    assert [(e.marriage_id, e.reason) for e in events[:2]] == [(first, "death"), (second, "death")]
    assert events[2].place == "Marseille"
    assert {(e.actor, e.mission, e.effective_date) for e in events} == {(ACTOR, MISSION, DIED)}
    assert replay([*history, *events]) == c


def test_the_surviving_spouse_is_widowed_on_the_date_of_death() -> None:
    husband, wife = man(), woman()
    marriage_id = marry(husband, wife, on=WEDDING)
    husband.collect_events()
    wife_history = wife.collect_events()

    for m in husband.record_death(place="Paris", by=by(DIED), today=TODAY):
        wife.spouse_died(marriage_id=m.marriage_id, by=by(DIED))

    assert wife.marriage(marriage_id).ended_on == DIED
    assert wife.marital_status is MaritalStatus.WIDOWED
    assert wife.life_status is LifeStatus.ALIVE
    events = wife.collect_events()
    assert [(type(e), e.marriage_id, e.reason, e.effective_date) for e in events] == [
        (Citizen.MarriageEnded, marriage_id, "death-of-spouse", DIED)
    ]
    assert replay([*wife_history, *events]) == wife


def test_a_widow_may_marry_again() -> None:
    husband, wife = man(), woman()
    marriage_id = marry(husband, wife, on=WEDDING)
    wife.spouse_died(marriage_id=marriage_id, by=by(DIED))

    marry_outside(wife, on=DIED + timedelta(days=200), spouse_name="Karim Berrada")

    assert wife.marital_status is MaritalStatus.MARRIED


def test_news_of_a_spouses_death_changes_nothing_once_the_marriage_has_ended() -> None:
    husband, wife = man(), woman()
    marriage_id = marry(husband, wife, on=WEDDING)
    wife.record_divorce(marriage_id=marriage_id, by=by(date(2019, 2, 2)), today=TODAY)
    wife.collect_events()

    wife.spouse_died(marriage_id=marriage_id, by=by(DIED))

    assert wife.marriage(marriage_id).end_reason == "divorce"
    assert wife.marital_status is MaritalStatus.DIVORCED
    assert_nothing_pending(wife)


def test_news_of_a_spouses_death_names_a_marriage_on_the_record() -> None:
    c = woman()
    c.collect_events()

    with pytest.raises(MarriageNotFound) as refused:
        c.spouse_died(marriage_id=uuid4(), by=by(DIED))

    assert (refused.value.code, refused.value.field) == ("MARRIAGE_NOT_FOUND", "marriage_id")
    assert_nothing_pending(c)


def test_the_latest_ended_marriage_decides_between_divorced_and_widowed() -> None:
    c = woman()
    widowed = marry_outside(c, on=date(2010, 1, 1))
    c.spouse_died(marriage_id=widowed, by=by(date(2012, 1, 1)))
    divorced = marry_outside(c, on=date(2014, 1, 1), spouse_name="Karim Berrada")
    c.record_divorce(marriage_id=divorced, by=by(date(2016, 1, 1)), today=TODAY)

    assert c.marital_status is MaritalStatus.DIVORCED


def test_a_death_is_recorded_once() -> None:
    c = woman()
    c.record_death(place="Paris", by=by(DIED), today=TODAY)
    c.collect_events()

    with pytest.raises(CitizenDeceased) as refused:
        c.record_death(place="Lyon", by=by(DIED), today=TODAY)

    assert (refused.value.code, refused.value.field) == ("CITIZEN_DECEASED", "citizen_id")
    assert (c.date_of_death, c.place_of_death) == (DIED, "Paris")
    assert_nothing_pending(c)


def test_a_death_cannot_be_dated_in_the_future() -> None:
    c = woman()
    c.collect_events()

    with pytest.raises(DateRuleViolated) as refused:
        c.record_death(place="Paris", by=by(TODAY + timedelta(days=1)), today=TODAY)

    assert (refused.value.code, refused.value.field) == ("DATE_IN_FUTURE", "effective_date")
    assert c.life_status is LifeStatus.ALIVE
    assert_nothing_pending(c)


def test_a_death_cannot_be_dated_before_a_marriage_it_would_end() -> None:
    c = woman()
    marriage_id = marry_outside(c, on=WEDDING)
    c.collect_events()

    with pytest.raises(DateRuleViolated) as refused:
        c.record_death(place="Paris", by=by(WEDDING - timedelta(days=1)), today=TODAY)

    assert refused.value.field == "effective_date"
    assert c.marriage(marriage_id).is_active
    assert_nothing_pending(c)


def test_a_citizen_is_not_widowed_by_their_own_death() -> None:
    husband, wife = man(), woman()
    marry(husband, wife, on=WEDDING)

    husband.record_death(place="Paris", by=by(DIED), today=TODAY)

    assert husband.marital_status is not MaritalStatus.WIDOWED


# -- a marriage recorded after a death it predates ------------------------------------------


def test_a_marriage_recorded_after_the_death_ends_on_the_day_of_death() -> None:
    c = man()
    c.record_death(place="Paris", by=by(DIED), today=TODAY)
    marriage_id = marry_outside(c, on=WEDDING)
    history = c.collect_events()

    c.end_by_recorded_death(marriage_id=marriage_id, spouse_died_on=None, by=by(TODAY))

    [ended] = c.collect_events()
    assert isinstance(ended, Citizen.MarriageEnded)
    assert (ended.marriage_id, ended.reason, ended.effective_date) == (marriage_id, "death", DIED)
    assert (ended.actor, ended.mission) == (ACTOR, MISSION)
    assert (c.marriage(marriage_id).ended_on, c.marital_status) == (DIED, MaritalStatus.MARRIED)
    assert replay([*history, ended]) == c


def test_the_living_spouse_of_a_late_recorded_marriage_is_widowed_on_the_death() -> None:
    husband, wife = man(), woman()
    husband.record_death(place="Paris", by=by(DIED), today=TODAY)
    marriage_id = marry(husband, wife, on=WEDDING)

    wife.end_by_recorded_death(marriage_id=marriage_id, spouse_died_on=DIED, by=by(TODAY))

    assert (wife.marriage(marriage_id).ended_on, wife.marriage(marriage_id).end_reason) == (
        DIED,
        "death-of-spouse",
    )
    assert wife.marital_status is MaritalStatus.WIDOWED


def test_the_earlier_of_two_deaths_ends_a_late_recorded_marriage() -> None:
    husband = man()
    husband.record_death(place="Paris", by=by(DIED), today=TODAY)
    marriage_id = marry_outside(husband, on=WEDDING)
    wife_died = DIED - timedelta(days=30)

    husband.end_by_recorded_death(marriage_id=marriage_id, spouse_died_on=wife_died, by=by(TODAY))

    ended = husband.marriage(marriage_id)
    assert (ended.ended_on, ended.end_reason) == (wife_died, "death-of-spouse")


def test_a_late_recorded_marriage_of_two_living_citizens_stays_in_force() -> None:
    c = woman()
    marriage_id = marry_outside(c, on=WEDDING)
    c.collect_events()

    c.end_by_recorded_death(marriage_id=marriage_id, spouse_died_on=None, by=by(TODAY))

    assert c.marriage(marriage_id).is_active
    assert_nothing_pending(c)
