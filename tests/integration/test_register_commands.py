"""The register's commands on a real store, the same tests on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID, uuid4

import pytest

from domain.civil_status.values import LifeStatus, MaritalStatus
from domain.errors import (
    CitizenDeceased,
    CitizenNotFound,
    DateRuleViolated,
    MarriageRuleViolated,
    NationalIdTaken,
)
from register.civil_status import inputs as c
from register.errors import Conflict, Forbidden, RequestIdReused, UnknownMission
from tests.factories import (
    AUDITOR,
    DUBAI_OFFICER,
    MONTREAL_CLERK,
    PARIS_CLERK,
    enroll,
    enroll_woman,
    person,
)

if TYPE_CHECKING:
    from register.application import Register
    from register.bootstrap import Container


def events_in(register: Register) -> int:
    return register.recorder.max_notification_id() or 0


def enrolled(register: Register, **overrides: object) -> UUID:
    return UUID(register.enroll_citizen(PARIS_CLERK, enroll(**overrides)).result["citizenId"])


def enrolled_woman(register: Register, **overrides: object) -> UUID:
    return UUID(register.enroll_citizen(PARIS_CLERK, enroll_woman(**overrides)).result["citizenId"])


def marry(register: Register, a: UUID, b: UUID, on: date = date(2012, 6, 1)) -> UUID:
    outcome = register.record_marriage(
        MONTREAL_CLERK,
        c.parse(
            c.RecordMarriage,
            {"citizenId": str(a), "spouseId": str(b), "effectiveDate": on, "place": "Montréal"},
        ),
    )
    return UUID(outcome.result["marriageId"])


def marry_outside(register: Register, citizen: UUID) -> str:
    """Record a 2010 marriage to a French spouse who is not in the register; its id."""
    married = register.record_marriage(
        PARIS_CLERK,
        c.parse(
            c.RecordMarriage,
            {
                "citizenId": str(citizen),
                "spouseName": "Marie Dupont",
                "spouseNationality": "FRA",
                "effectiveDate": date(2010, 5, 5),
                "place": "Lyon",
            },
        ),
    )
    return str(married.result["marriageId"])


def test_an_enrolled_citizen_is_found_by_id_and_national_id(container: Container) -> None:
    register = container.register
    citizen_id = enrolled(register, nationalId="BK123456")

    record = register.citizen(MONTREAL_CLERK, citizen_id)

    assert register.citizen_id_for_national_id("BK123456") == citizen_id
    assert (record.names.given_name, record.names.family_name_ar) == ("Youssef", "العمراني")
    assert record.registered_mission == "PAR"
    assert record.version == 1
    [enrolment] = register.history(citizen_id)
    assert (enrolment.actor, enrolment.mission) == ("clerk-par", "PAR")
    assert enrolment.effective_date == register.today()


def test_a_national_id_number_is_enrolled_only_once_and_the_refusal_writes_nothing(
    container: Container,
) -> None:
    register = container.register
    enrolled(register, nationalId="BK123456")
    before = events_in(register)

    with pytest.raises(NationalIdTaken) as refused:
        register.enroll_citizen(MONTREAL_CLERK, enroll(nationalId="bk 123456", givenName="Ali"))

    assert refused.value.field == "national_id"
    assert events_in(register) == before


def test_a_birth_abroad_links_the_child_and_both_parents_in_one_save(
    container: Container,
) -> None:
    register = container.register
    father, mother = enrolled(register), enrolled_woman(register)
    marry(register, father, mother)

    outcome = register.register_birth(
        DUBAI_OFFICER,
        c.parse(
            c.RegisterBirth,
            person(
                givenName="Adam",
                givenNameAr="آدم",
                birthDate=date(2015, 1, 2),
                birthPlace="Dubai",
                birthCountry="ARE",
                fatherId=str(father),
                motherId=str(mother),
                fatherName=None,
                motherName=None,
            ),
        ),
    )

    child = register.citizen(PARIS_CLERK, UUID(outcome.result["citizenId"]))
    assert (child.father_id, child.mother_id) == (father, mother)
    assert child.father_name == "Youssef El Amrani"
    assert child.mother_name == "Khadija Bennani"
    assert child.registered_mission == "DXB"
    assert register.citizen(PARIS_CLERK, father).children == [child.id]
    assert register.citizen(PARIS_CLERK, mother).children == [child.id]
    assert [type(e).__name__ for e in register.history(father)][-1] == "ChildAdded"
    assert register.history(child.id)[0].effective_date == date(2015, 1, 2)


def test_a_child_cannot_be_born_before_its_mother(container: Container) -> None:
    register = container.register
    mother = enrolled_woman(register)
    before = events_in(register)

    with pytest.raises(DateRuleViolated) as refused:
        register.register_birth(
            PARIS_CLERK,
            c.parse(c.RegisterBirth, person(birthDate=date(1980, 1, 1), motherId=str(mother))),
        )

    assert (refused.value.code, refused.value.field) == ("CHILD_BORN_BEFORE_PARENT", "birth_date")
    assert events_in(register) == before


def test_a_marriage_changes_both_spouses_records(container: Container) -> None:
    register = container.register
    husband, wife = enrolled(register), enrolled_woman(register)

    marriage_id = marry(register, husband, wife)

    for record_id, spouse_id in ((husband, wife), (wife, husband)):
        record = register.citizen(PARIS_CLERK, record_id)
        [marriage] = record.marriages
        assert (marriage.marriage_id, marriage.spouse_id) == (marriage_id, spouse_id)
        assert marriage.married_on == date(2012, 6, 1)
        assert record.marital_status is MaritalStatus.MARRIED


def test_a_spouse_outside_the_register_is_recorded_by_name_and_nationality(
    container: Container,
) -> None:
    register = container.register
    husband = enrolled(register)

    marry_outside(register, husband)

    [marriage] = register.citizen(PARIS_CLERK, husband).marriages
    assert (marriage.spouse_id, marriage.spouse_name, marriage.spouse_nationality) == (
        None,
        "Marie Dupont",
        "FRA",
    )


def test_a_woman_still_married_cannot_marry_again(container: Container) -> None:
    register = container.register
    wife = enrolled_woman(register)
    marry(register, enrolled(register), wife)
    other = enrolled(register, givenName="Omar")

    with pytest.raises(MarriageRuleViolated) as refused:
        marry(register, other, wife, on=date(2020, 1, 1))

    assert refused.value.code == "CONCURRENT_MARRIAGE_NOT_PERMITTED"
    assert register.citizen(PARIS_CLERK, other).marriages == []


def test_a_divorce_ends_the_marriage_on_both_records(container: Container) -> None:
    register = container.register
    husband, wife = enrolled(register), enrolled_woman(register)
    marriage_id = marry(register, husband, wife)

    register.record_divorce(
        PARIS_CLERK,
        c.parse(
            c.RecordDivorce,
            {
                "citizenId": str(wife),
                "marriageId": str(marriage_id),
                "effectiveDate": date(2019, 2, 3),
            },
        ),
    )

    for record_id in (husband, wife):
        record = register.citizen(PARIS_CLERK, record_id)
        assert record.marital_status is MaritalStatus.DIVORCED
        assert record.marriages[0].ended_on == date(2019, 2, 3)


def test_a_death_widows_the_spouse_and_closes_the_record(container: Container) -> None:
    register = container.register
    husband, wife = enrolled(register), enrolled_woman(register)
    marry(register, husband, wife)

    register.record_death(
        DUBAI_OFFICER,
        c.parse(
            c.RecordDeath,
            {
                "citizenId": str(husband),
                "effectiveDate": date(2021, 4, 5),
                "place": "Dubai",
            },
        ),
    )

    assert register.citizen(PARIS_CLERK, husband).life_status is LifeStatus.DECEASED
    assert register.citizen(PARIS_CLERK, wife).marital_status is MaritalStatus.WIDOWED
    with pytest.raises(CitizenDeceased):
        register.change_residence(
            PARIS_CLERK,
            c.parse(
                c.ChangeResidence,
                {
                    "citizenId": str(husband),
                    "address": "1 rue X",
                    "city": "Paris",
                    "country": "FRA",
                    "effectiveDate": date(2022, 1, 1),
                },
            ),
        )


def test_a_marriage_recorded_after_a_death_it_predates_ends_on_that_death(
    container: Container,
) -> None:
    register = container.register
    husband, wife = enrolled(register), enrolled_woman(register)
    died = date(2021, 4, 5)
    register.record_death(
        DUBAI_OFFICER,
        c.parse(
            c.RecordDeath,
            {"citizenId": str(husband), "effectiveDate": died, "place": "Dubai"},
        ),
    )
    before = events_in(register)

    marriage_id = marry(register, husband, wife, on=date(2012, 6, 1))

    # MarriageRecorded, then MarriageEnded on the day of death, on each record.
    assert events_in(register) == before + 4
    for record_id, reason, status in (
        (husband, "death", MaritalStatus.MARRIED),
        (wife, "death-of-spouse", MaritalStatus.WIDOWED),
    ):
        record = register.citizen(PARIS_CLERK, record_id)
        [marriage] = record.marriages
        assert (marriage.marriage_id, marriage.married_on) == (marriage_id, date(2012, 6, 1))
        assert (marriage.ended_on, marriage.end_reason) == (died, reason)
        assert record.marital_status is status
    # The widow is free to marry again, without an authorisation.
    marry(register, enrolled(register, givenName="Omar"), wife, on=date(2023, 1, 1))
    assert register.citizen(PARIS_CLERK, wife).marital_status is MaritalStatus.MARRIED


def test_a_marriage_to_a_registered_spouse_who_died_first_ends_on_the_earlier_death(
    container: Container,
) -> None:
    register = container.register
    husband, wife = enrolled(register), enrolled_woman(register)
    for record_id, died in ((wife, date(2019, 3, 1)), (husband, date(2022, 8, 9))):
        register.record_death(
            DUBAI_OFFICER,
            c.parse(
                c.RecordDeath,
                {"citizenId": str(record_id), "effectiveDate": died, "place": "Dubai"},
            ),
        )

    marry(register, husband, wife, on=date(2012, 6, 1))

    ended = {
        record_id: register.citizen(PARIS_CLERK, record_id).marriages[0]
        for record_id in (husband, wife)
    }
    assert (ended[wife].ended_on, ended[wife].end_reason) == (date(2019, 3, 1), "death")
    assert (ended[husband].ended_on, ended[husband].end_reason) == (
        date(2019, 3, 1),
        "death-of-spouse",
    )
    assert register.citizen(PARIS_CLERK, husband).marital_status is MaritalStatus.WIDOWED


def test_a_marriage_outside_the_register_recorded_after_the_death_ends_on_it(
    container: Container,
) -> None:
    register = container.register
    husband = enrolled(register)
    died = date(2021, 4, 5)
    register.record_death(
        DUBAI_OFFICER,
        c.parse(
            c.RecordDeath,
            {"citizenId": str(husband), "effectiveDate": died, "place": "Dubai"},
        ),
    )

    marry_outside(register, husband)

    [marriage] = register.citizen(PARIS_CLERK, husband).marriages
    assert (marriage.ended_on, marriage.end_reason) == (died, "death")


def test_a_registration_moves_to_another_mission(container: Container) -> None:
    register = container.register
    citizen = enrolled(register)

    register.transfer_registration(
        MONTREAL_CLERK,
        c.parse(
            c.TransferRegistration,
            {
                "citizenId": str(citizen),
                "toMission": "mtl",
            },
        ),
    )

    assert register.citizen(PARIS_CLERK, citizen).registered_mission == "MTL"
    with pytest.raises(UnknownMission) as refused:
        register.transfer_registration(
            MONTREAL_CLERK,
            c.parse(
                c.TransferRegistration,
                {
                    "citizenId": str(citizen),
                    "toMission": "ZZZ",
                },
            ),
        )
    assert refused.value.field == "to_mission"


def test_correcting_the_national_id_moves_its_uniqueness(container: Container) -> None:
    register = container.register
    citizen = enrolled(register, nationalId="BK123456")

    register.correct_entry(
        DUBAI_OFFICER,
        c.parse(
            c.CorrectEntry,
            {
                "citizenId": str(citizen),
                "field": "nationalId",
                "newValue": "BK654321",
                "legalBasis": "Civil-status judgment 2026/17",
            },
        ),
    )

    assert register.citizen_id_for_national_id("BK654321") == citizen
    assert register.citizen_id_for_national_id("BK123456") is None
    other = enrolled(register, nationalId="BK123456", givenName="Omar")
    assert register.citizen_id_for_national_id("BK123456") == other
    corrected = register.history(citizen)[-1]
    assert (corrected.approved_by, corrected.old_value) == ("officer-dxb", "BK123456")


def test_a_clerk_cannot_correct_and_an_auditor_cannot_write(container: Container) -> None:
    register = container.register
    citizen = enrolled(register)
    before = events_in(register)

    with pytest.raises(Forbidden):
        register.correct_entry(
            PARIS_CLERK,
            c.parse(
                c.CorrectEntry,
                {
                    "citizenId": str(citizen),
                    "field": "birthPlace",
                    "newValue": "Rabat",
                    "legalBasis": "judgment",
                },
            ),
        )
    with pytest.raises(Forbidden):
        register.enroll_citizen(AUDITOR, enroll())

    assert events_in(register) == before


def test_a_retried_request_returns_the_first_outcome_and_records_nothing(
    container: Container,
) -> None:
    register = container.register
    first = register.enroll_citizen(PARIS_CLERK, enroll(requestId="req-1"))
    after_first = events_in(register)

    retry = register.enroll_citizen(PARIS_CLERK, enroll(requestId="req-1"))

    assert retry.result == first.result
    assert retry.replayed
    assert events_in(register) == after_first
    with pytest.raises(RequestIdReused):
        register.enroll_citizen(PARIS_CLERK, enroll(requestId="req-1", givenName="Omar"))


def test_a_stale_expected_version_is_a_conflict(container: Container) -> None:
    register = container.register
    citizen = enrolled(register)
    register.change_residence(
        PARIS_CLERK,
        c.parse(
            c.ChangeResidence,
            {
                "citizenId": str(citizen),
                "address": "2 rue Y",
                "city": "Lyon",
                "country": "FRA",
                "expectedVersion": 1,
            },
        ),
    )

    with pytest.raises(Conflict) as refused:
        register.change_residence(
            MONTREAL_CLERK,
            c.parse(
                c.ChangeResidence,
                {
                    "citizenId": str(citizen),
                    "address": "3 rue Z",
                    "city": "Lille",
                    "country": "FRA",
                    "expectedVersion": 1,
                },
            ),
        )

    assert refused.value.field == "expected_version"
    assert register.citizen(PARIS_CLERK, citizen).residence == ("2 rue Y", "Lyon", "FRA")


def test_an_unknown_citizen_is_reported_on_its_field(container: Container) -> None:
    with pytest.raises(CitizenNotFound) as refused:
        container.register.record_death(
            PARIS_CLERK,
            c.parse(
                c.RecordDeath,
                {
                    "citizenId": str(uuid4()),
                    "effectiveDate": date(2020, 1, 1),
                    "place": "Paris",
                },
            ),
        )
    assert refused.value.field == "citizen_id"


def test_tokens_authenticate_until_revoked(container: Container) -> None:
    tokens = container.tokens
    token = tokens.create(name="amina", role=PARIS_CLERK.role, mission="PAR")

    assert tokens.authenticate(token) == PARIS_CLERK.__class__("amina", PARIS_CLERK.role, "PAR")
    assert tokens.revoke(token=token) == 1
    assert tokens.authenticate(token) is None
    assert tokens.authenticate("sjl_not-a-token") is None
    with pytest.raises(UnknownMission):
        tokens.create(name="x", role=PARIS_CLERK.role, mission="ZZZ")
