"""A citizen's civil-status record: enrolment or birth, marriages, names, residence, death."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Protocol
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent
from domain.civil_status import correction, rules
from domain.civil_status.values import LifeStatus, MaritalStatus, Marriage, Names, Sex
from domain.errors import (
    CitizenDeceased,
    DateRuleViolated,
    MarriageNotFound,
    RegistrationRuleViolated,
)

SPOUSE_DEATH = "death-of-spouse"
"""MarriageEnded's reason on the survivor's record; `death` on the deceased's, `divorce`."""


class ParentFacts(Protocol):
    """What a birth's rules need of a parent: a `Citizen`, or a `Parent` recorded elsewhere."""

    @property
    def id(self) -> UUID: ...
    @property
    def birth_date(self) -> date: ...
    @property
    def date_of_death(self) -> date | None: ...


@dataclass(frozen=True)
class Parent:
    """A parent recorded on another line of an import."""

    id: UUID
    birth_date: date
    date_of_death: date | None


class Citizen(Aggregate):
    """One citizen abroad. Decisions are made in the methods; events only apply facts."""

    TOPIC = "sijill/citizen"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/citizen/created"

    class Enrolled(Created):
        """A citizen living abroad is entered in the register and registered at a mission."""

        TOPIC = "sijill/citizen/enrolled/v1"
        national_id: str | None
        given_name: str
        family_name: str
        given_name_ar: str
        family_name_ar: str
        sex: str
        birth_date: date
        birth_place: str
        birth_country: str
        father_name: str | None
        mother_name: str | None
        nationality: str
        registered_mission: str

    class BirthRegistered(Enrolled):
        """A child born abroad, entered in the register linked to its parents."""

        TOPIC = "sijill/citizen/birth-registered/v1"
        father_id: UUID | None
        mother_id: UUID | None

    class ChildAdded(Event):
        TOPIC = "sijill/citizen/child-added/v1"
        child_id: UUID

        def apply(self, aggregate: Citizen) -> None:
            aggregate.children.append(self.child_id)

    class MarriageRecorded(Event):
        TOPIC = "sijill/citizen/marriage-recorded/v1"
        marriage_id: UUID
        spouse_id: UUID | None
        spouse_name: str
        spouse_nationality: str
        place: str
        authorisation_reference: str | None

        def apply(self, aggregate: Citizen) -> None:
            aggregate.marriages.append(
                Marriage(
                    marriage_id=self.marriage_id,
                    spouse_id=self.spouse_id,
                    spouse_name=self.spouse_name,
                    spouse_nationality=self.spouse_nationality,
                    married_on=self.effective_date,
                    place=self.place,
                )
            )

    class MarriageEnded(Event):
        """A marriage ends by divorce, or by the death of the spouse."""

        TOPIC = "sijill/citizen/marriage-ended/v1"
        marriage_id: UUID
        reason: str

        def apply(self, aggregate: Citizen) -> None:
            aggregate.marriages = [
                m.ended(self.effective_date, self.reason)
                if m.marriage_id == self.marriage_id
                else m
                for m in aggregate.marriages
            ]

    class DeathRecorded(Event):
        TOPIC = "sijill/citizen/death-recorded/v1"
        place: str

        def apply(self, aggregate: Citizen) -> None:
            aggregate.date_of_death = self.effective_date
            aggregate.place_of_death = self.place

    class NameChanged(Event):
        TOPIC = "sijill/citizen/name-changed/v1"
        given_name: str
        family_name: str
        given_name_ar: str
        family_name_ar: str
        legal_basis: str

        def apply(self, aggregate: Citizen) -> None:
            aggregate.names = Names(
                self.given_name, self.family_name, self.given_name_ar, self.family_name_ar
            )

    class ResidenceChanged(Event):
        TOPIC = "sijill/citizen/residence-changed/v1"
        address: str
        city: str
        country: str

        def apply(self, aggregate: Citizen) -> None:
            aggregate.residence = (self.address, self.city, self.country)

    class RegistrationTransferred(Event):
        TOPIC = "sijill/citizen/registration-transferred/v1"
        from_mission: str
        to_mission: str

        def apply(self, aggregate: Citizen) -> None:
            aggregate.registered_mission = self.to_mission

    class EntryCorrected(Event):
        """An entry is corrected on a legal basis, approved by an officer; history keeps both."""

        TOPIC = "sijill/citizen/entry-corrected/v1"
        field: str
        old_value: str | None
        new_value: str | None
        legal_basis: str
        approved_by: str

        def apply(self, aggregate: Citizen) -> None:
            correction.apply(aggregate, self.field, self.new_value)

    class MarriageCorrected(Event):
        """A marriage's date is corrected on a legal basis; history keeps both dates."""

        TOPIC = "sijill/citizen/marriage-corrected/v1"
        marriage_id: UUID
        field: str
        """`married_on`: the one entry of a marriage a correction may change."""
        old_value: str
        new_value: str
        legal_basis: str
        approved_by: str

        def apply(self, aggregate: Citizen) -> None:
            corrected = date.fromisoformat(self.new_value)
            aggregate.marriages = [
                replace(m, married_on=corrected) if m.marriage_id == self.marriage_id else m
                for m in aggregate.marriages
            ]

    def __init__(  # noqa: PLR0913  # the created events' fields, applied on replay too
        self,
        *,
        national_id: str | None,
        given_name: str,
        family_name: str,
        given_name_ar: str,
        family_name_ar: str,
        sex: str,
        birth_date: date,
        birth_place: str,
        birth_country: str,
        father_name: str | None,
        mother_name: str | None,
        nationality: str,
        registered_mission: str,
        father_id: UUID | None = None,
        mother_id: UUID | None = None,
        **_: Any,
    ) -> None:
        self.national_id = national_id
        self.names = Names(given_name, family_name, given_name_ar, family_name_ar)
        self.sex = Sex(sex)
        self.birth_date = birth_date
        self.birth_place = birth_place
        self.birth_country = birth_country
        self.father_name = father_name
        self.mother_name = mother_name
        self.father_id = father_id
        self.mother_id = mother_id
        self.nationality = nationality
        self.registered_mission = registered_mission
        self.residence: tuple[str, str, str] | None = None
        self.children: list[UUID] = []
        self.marriages: list[Marriage] = []
        self.date_of_death: date | None = None
        self.place_of_death: str | None = None

    # -- creation ---------------------------------------------------------------------------

    @classmethod
    def enroll(
        cls,
        *,
        person: dict[str, Any],
        by: Recording,
        today: date,
        citizen_id: UUID | None = None,
    ) -> Citizen:
        """Enter a citizen living abroad; `person` holds the Enrolled event's personal fields.

        `citizen_id`: the record's id when it is fixed beforehand (an import derives it from the
        legacy key); a new random id otherwise.
        """
        born: date = person["birth_date"]
        rules.not_in_future(born, today=today, field="birth_date")
        rules.not_in_future(by.effective_date, today=today, field="effective_date")
        rules.not_before_birth(by.effective_date, birth_date=born, field="effective_date")
        return cls._create(cls.Enrolled, id=citizen_id or uuid4(), **person, **by.fields())

    @classmethod
    def import_birth(
        cls,
        *,
        citizen_id: UUID,
        person: dict[str, Any],
        father: ParentFacts | None,
        mother: ParentFacts | None,
        by: Recording,
        today: date,
    ) -> Citizen:
        """A child born abroad, its parents known by id and dates (their records, or an
        import's other lines); the parents' records list the child apart (`add_child`)."""
        born: date = person["birth_date"]
        rules.not_in_future(born, today=today, field="birth_date")
        rules.child_born_to_parents(
            born,
            mother_birth=mother.birth_date if mother else None,
            father_birth=father.birth_date if father else None,
            mother_death=mother.date_of_death if mother else None,
            father_death=father.date_of_death if father else None,
        )
        return cls._create(
            cls.BirthRegistered,
            id=citizen_id,
            father_id=father.id if father else None,
            mother_id=mother.id if mother else None,
            **person,
            **{**by.fields(), "effective_date": born},
        )

    def add_child(self, *, child_id: UUID, by: Recording) -> None:
        """List a child whose birth record is entered separately (an import's other line)."""
        if child_id not in self.children:
            self.trigger_event(self.ChildAdded, child_id=child_id, **by.fields())

    @classmethod
    def register_birth(
        cls,
        *,
        person: dict[str, Any],
        father: Citizen | None,
        mother: Citizen | None,
        by: Recording,
        today: date,
    ) -> Citizen:
        """Enter a child born abroad; the parents' records list the child in the same save."""
        child = cls.import_birth(
            citizen_id=uuid4(), person=person, father=father, mother=mother, by=by, today=today
        )
        for parent in (father, mother):
            if parent is not None:
                parent.add_child(
                    child_id=child.id, by=replace(by, effective_date=person["birth_date"])
                )
        return child

    # -- status -----------------------------------------------------------------------------

    @property
    def life_status(self) -> LifeStatus:
        return LifeStatus.ALIVE if self.date_of_death is None else LifeStatus.DECEASED

    @property
    def marital_status(self) -> MaritalStatus:
        if any(m.is_active for m in self.marriages):
            return MaritalStatus.MARRIED
        if not self.marriages:
            return MaritalStatus.SINGLE
        last = max(self.marriages, key=lambda m: m.ended_on or m.married_on)
        if last.end_reason == SPOUSE_DEATH:
            return MaritalStatus.WIDOWED
        # A marriage ended by the citizen's own death: married at death.
        return MaritalStatus.DIVORCED if last.end_reason == "divorce" else MaritalStatus.MARRIED

    def marriage(self, marriage_id: UUID) -> Marriage:
        for m in self.marriages:
            if m.marriage_id == marriage_id:
                return m
        msg = "no such marriage on the citizen's record"
        raise MarriageNotFound(msg, field="marriage_id")

    def _check_may_record(self, by: Recording, today: date) -> None:
        rules.not_in_future(by.effective_date, today=today, field="effective_date")
        rules.not_before_birth(
            by.effective_date, birth_date=self.birth_date, field="effective_date"
        )
        rules.alive_on(by.effective_date, date_of_death=self.date_of_death, field="citizen_id")

    # -- commands ---------------------------------------------------------------------------

    def check_may_marry(
        self, *, spouse_id: UUID | None, authorisation: str | None, by: Recording, today: date
    ) -> None:
        self._check_may_record(by, today)
        rules.may_marry(
            sex=self.sex,
            birth_date=self.birth_date,
            married_on=by.effective_date,
            marriages=self.marriages,
            spouse_id=spouse_id,
            authorisation=authorisation,
        )

    def record_marriage(  # a marriage has this many facts
        self,
        *,
        marriage_id: UUID,
        spouse_id: UUID | None,
        spouse_name: str,
        spouse_nationality: str,
        place: str,
        authorisation: str | None,
        by: Recording,
        today: date,
    ) -> None:
        self.check_may_marry(spouse_id=spouse_id, authorisation=authorisation, by=by, today=today)
        self.trigger_event(
            self.MarriageRecorded,
            marriage_id=marriage_id,
            spouse_id=spouse_id,
            spouse_name=spouse_name,
            spouse_nationality=spouse_nationality,
            place=place,
            authorisation_reference=authorisation,
            **by.fields(),
        )

    def record_divorce(self, *, marriage_id: UUID, by: Recording, today: date) -> None:
        self._check_may_record(by, today)
        marriage = self.marriage(marriage_id)
        if not marriage.is_active:
            msg = "the marriage has already ended"
            raise DateRuleViolated(msg, field="marriage_id", code="MARRIAGE_ALREADY_ENDED")
        if by.effective_date < marriage.married_on:
            msg = "a divorce cannot precede the marriage"
            raise DateRuleViolated(msg, field="effective_date", code="DIVORCE_BEFORE_MARRIAGE")
        self.trigger_event(
            self.MarriageEnded, marriage_id=marriage_id, reason="divorce", **by.fields()
        )

    def record_death(self, *, place: str, by: Recording, today: date) -> list[Marriage]:
        """Record the death; returns the marriages it ends, for the spouses' records."""
        self._check_may_record(by, today)
        if self.date_of_death is not None:
            msg = "the citizen's death is already recorded; correct it instead"
            raise CitizenDeceased(msg, field="citizen_id")
        ended = [m for m in self.marriages if m.is_active]
        for m in ended:
            if by.effective_date < m.married_on:
                msg = "a death cannot precede a marriage it ends"
                raise DateRuleViolated(msg, field="effective_date", code="DEATH_BEFORE_MARRIAGE")
        for m in ended:
            self.trigger_event(
                self.MarriageEnded, marriage_id=m.marriage_id, reason="death", **by.fields()
            )
        self.trigger_event(self.DeathRecorded, place=place, **by.fields())
        return ended

    def end_by_recorded_death(
        self, *, marriage_id: UUID, spouse_died_on: date | None, by: Recording
    ) -> None:
        """End a marriage recorded after a death it predates, on that death: the record's own
        (`death`) or the spouse's (`death-of-spouse`), whichever came first, as if the death had
        been recorded after the marriage. Nothing happens when neither has died."""
        ends = [
            (day, reason)
            for day, reason in ((self.date_of_death, "death"), (spouse_died_on, SPOUSE_DEATH))
            if day is not None
        ]
        if not ends or not self.marriage(marriage_id).is_active:
            return
        day, reason = min(ends)  # the same day: the record's own death ("death" sorts first)
        self.trigger_event(
            self.MarriageEnded,
            marriage_id=marriage_id,
            reason=reason,
            **replace(by, effective_date=day).fields(),
        )

    def spouse_died(self, *, marriage_id: UUID, by: Recording) -> None:
        marriage = self.marriage(marriage_id)
        if marriage.is_active:
            self.trigger_event(
                self.MarriageEnded,
                marriage_id=marriage_id,
                reason=SPOUSE_DEATH,
                **by.fields(),
            )

    def change_name(self, *, names: Names, legal_basis: str, by: Recording, today: date) -> None:
        self._check_may_record(by, today)
        self.trigger_event(
            self.NameChanged,
            given_name=names.given_name,
            family_name=names.family_name,
            given_name_ar=names.given_name_ar,
            family_name_ar=names.family_name_ar,
            legal_basis=legal_basis,
            **by.fields(),
        )

    def change_residence(
        self, *, address: str, city: str, country: str, by: Recording, today: date
    ) -> None:
        self._check_may_record(by, today)
        self.trigger_event(
            self.ResidenceChanged, address=address, city=city, country=country, **by.fields()
        )

    def transfer_registration(self, *, to_mission: str, by: Recording, today: date) -> None:
        self._check_may_record(by, today)
        if to_mission == self.registered_mission:
            msg = f"the citizen is already registered at {to_mission}"
            raise RegistrationRuleViolated(msg, field="to_mission", code="SAME_MISSION")
        self.trigger_event(
            self.RegistrationTransferred,
            from_mission=self.registered_mission,
            to_mission=to_mission,
            **by.fields(),
        )

    def correct_marriage(  # the marriage, the entry, its value, why, who, when
        self,
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
        old_value, married_on = correction.check_marriage(
            self, self.marriage(marriage_id), field, new_value, today=today
        )
        self.trigger_event(
            self.MarriageCorrected,
            marriage_id=marriage_id,
            field=field,
            old_value=old_value,
            new_value=married_on,
            legal_basis=legal_basis,
            approved_by=by.actor,
            **by.fields(),
        )

    def correct_entry(
        self, *, field: str, new_value: str | None, legal_basis: str, by: Recording, today: date
    ) -> None:
        """Correct one entry; allowed after death too. `field` is the entry's snake_case name."""
        rules.not_in_future(by.effective_date, today=today, field="effective_date")
        old_value, new_value = correction.check(self, field, new_value, today=today)
        self.trigger_event(
            self.EntryCorrected,
            field=field,
            old_value=old_value,
            new_value=new_value,
            legal_basis=legal_basis,
            approved_by=by.actor,
            **by.fields(),
        )
