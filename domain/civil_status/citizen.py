"""A citizen's civil-status record: enrolment or birth, marriages, names, residence, death."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.base import RegisterEvent
from domain.civil_status import birth, correction, marriages, rules
from domain.civil_status.marriages import SPOUSE_DEATH
from domain.civil_status.values import LifeStatus, MaritalStatus, Marriage, Names, Sex
from domain.errors import MarriageNotFound, RegistrationRuleViolated

if TYPE_CHECKING:
    from domain.base import Recording


class Citizen(Aggregate):
    """One citizen abroad. Decisions are made in the methods; events only apply facts.

    The commands of a birth, a marriage or a death, and of a correction, are written beside
    their rules (domain.civil_status.birth, .marriages, .correction) and bound here as methods.
    """

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

    # -- creation (domain.civil_status.birth) -----------------------------------------------

    enroll = classmethod(birth.enroll)
    import_birth = classmethod(birth.import_birth)
    register_birth = classmethod(birth.register_birth)
    add_child = birth.add_child

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

    def check_may_record(self, by: Recording, today: date) -> None:
        """An event dated no later than today, not before the birth, not after the death."""
        rules.not_in_future(by.effective_date, today=today, field="effective_date")
        rules.not_before_birth(
            by.effective_date, birth_date=self.birth_date, field="effective_date"
        )
        rules.alive_on(by.effective_date, date_of_death=self.date_of_death, field="citizen_id")

    # -- commands ---------------------------------------------------------------------------

    def change_name(self, *, names: Names, legal_basis: str, by: Recording, today: date) -> None:
        self.check_may_record(by, today)
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
        self.check_may_record(by, today)
        self.trigger_event(
            self.ResidenceChanged, address=address, city=city, country=country, **by.fields()
        )

    def transfer_registration(self, *, to_mission: str, by: Recording, today: date) -> None:
        self.check_may_record(by, today)
        if to_mission == self.registered_mission:
            msg = f"the citizen is already registered at {to_mission}"
            raise RegistrationRuleViolated(msg, field="to_mission", code="SAME_MISSION")
        self.trigger_event(
            self.RegistrationTransferred,
            from_mission=self.registered_mission,
            to_mission=to_mission,
            **by.fields(),
        )

    # -- marriages and deaths (domain.civil_status.marriages) -------------------------------

    check_may_marry = marriages.check_may_marry
    record_marriage = marriages.record_marriage
    record_divorce = marriages.record_divorce
    record_death = marriages.record_death
    end_by_recorded_death = marriages.end_by_recorded_death
    spouse_died = marriages.spouse_died

    # -- corrections, allowed after death too (domain.civil_status.correction) --------------

    correct_entry = correction.correct_entry
    correct_marriage = correction.correct_marriage
