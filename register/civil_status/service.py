"""Civil-status commands: each loads the records it touches, decides, and saves them together."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeAlias
from uuid import UUID, uuid4

from pydantic.alias_generators import to_snake

from domain.civil_status.citizen import Citizen
from domain.civil_status.dossier import Dossier
from domain.civil_status.values import Names
from domain.errors import DomainError
from register.access import authorize
from register.civil_status import corrections
from register.civil_status.operations import CivilStatusOperation
from register.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from eventsourcing.domain import Aggregate

    from domain.base import Recording, RegisterEvent
    from register.access import Account
    from register.civil_status.inputs import (
        ChangeName,
        ChangeResidence,
        CorrectEntry,
        EnrollCitizen,
        PersonFields,
        RecordDeath,
        RecordDivorce,
        RecordMarriage,
        RegisterBirth,
        TransferRegistration,
    )
    from register.unit_of_work import Decision, Given, Outcome, UnitOfWork

    EndsWithDeath: TypeAlias = Callable[[UUID, Recording], list[Aggregate]]


def full_name(citizen: Citizen) -> str:
    return f"{citizen.names.given_name} {citizen.names.family_name}"


class CivilStatus:
    """Civil-status commands: enrolment, birth, marriage, divorce, death, names, residence;
    the citizen's record and history."""

    def __init__(self, store: UnitOfWork, *, ends_with_death: Sequence[EndsWithDeath] = ()) -> None:
        self.store = store
        self.ends_with_death = tuple(ends_with_death)
        """What else a death ends (documents, appointments…): each gives the aggregates it
        changed, saved in the death's transaction. Wired by the composition root."""

    def _person(self, cmd: PersonFields, mission: str) -> dict[str, Any]:
        fields = cmd.model_dump(include=set(Citizen.Enrolled.__annotations__))
        return {**fields, "registered_mission": mission}

    def enroll_citizen(self, account: Account, given: Given[EnrollCitizen]) -> Outcome:
        def decide(cmd: EnrollCitizen) -> Decision:
            mission = self.store.missions.get(
                cmd.registered_mission or account.mission, field="registered_mission"
            )
            by = self.store.recording(account, cmd.effective_date)
            citizen = Citizen.enroll(
                person=self._person(cmd, mission.code), by=by, today=self.store.today()
            )
            saved: list[Any] = [citizen]
            if cmd.national_id:
                saved.append(self.store.claim_national_id(cmd.national_id, citizen.id, by))
            return saved, {"citizenId": str(citizen.id)}

        return self.store.execute(account, CivilStatusOperation.ENROLL_CITIZEN, given, decide)

    def register_birth(self, account: Account, given: Given[RegisterBirth]) -> Outcome:
        def decide(cmd: RegisterBirth) -> Decision:
            mission = self.store.missions.get(
                cmd.registered_mission or account.mission, field="registered_mission"
            )
            father = self._parent(cmd.father_id, "father_id", "M")
            mother = self._parent(cmd.mother_id, "mother_id", "F")
            person = self._person(cmd, mission.code)
            person["father_name"] = cmd.father_name or (full_name(father) if father else None)
            person["mother_name"] = cmd.mother_name or (full_name(mother) if mother else None)
            by = self.store.recording(account, cmd.birth_date)
            child = Citizen.register_birth(
                person=person, father=father, mother=mother, by=by, today=self.store.today()
            )
            saved: list[Any] = [child, *(p for p in (father, mother) if p is not None)]
            if cmd.national_id:
                saved.append(self.store.claim_national_id(cmd.national_id, child.id, by))
            return saved, {"citizenId": str(child.id)}

        return self.store.execute(account, CivilStatusOperation.REGISTER_BIRTH, given, decide)

    def _parent(self, parent_id: UUID | None, field: str, sex: str) -> Citizen | None:
        if parent_id is None:
            return None
        parent = self.store.load_citizen(parent_id, field=field)
        if parent.sex.value != sex:
            msg = f"the record named as {field.removesuffix('_id')} is not of sex {sex}"
            raise DomainError(msg, field=field, code="PARENT_SEX_MISMATCH")
        return parent

    def record_marriage(self, account: Account, given: Given[RecordMarriage]) -> Outcome:
        def decide(cmd: RecordMarriage) -> Decision:
            citizen = self.store.load_citizen(cmd.citizen_id, expected_version=cmd.expected_version)
            by = self.store.recording(account, cmd.effective_date)
            marriage_id = uuid4()
            result = {"marriageId": str(marriage_id), "citizenId": str(citizen.id)}

            def record(on: Citizen, spouse_id: UUID | None, name: str, nationality: str) -> None:
                on.record_marriage(
                    marriage_id=marriage_id,
                    spouse_id=spouse_id,
                    spouse_name=name,
                    spouse_nationality=nationality,
                    place=cmd.place,
                    authorisation=cmd.authorisation_reference,
                    by=by,
                    today=self.store.today(),
                )

            if cmd.spouse_id is None:
                for field, value in (
                    ("spouse_name", cmd.spouse_name),
                    ("spouse_nationality", cmd.spouse_nationality),
                ):
                    if value is None:
                        msg = "is required when the spouse is not in the register"
                        raise InvalidInput(msg, field=field, code="REQUIRED", about_field=True)
                record(citizen, None, str(cmd.spouse_name), str(cmd.spouse_nationality))
                citizen.end_by_recorded_death(marriage_id=marriage_id, spouse_died_on=None, by=by)
                return [citizen], result
            if cmd.spouse_id == cmd.citizen_id:
                msg = "a citizen cannot marry their own record"
                raise DomainError(msg, field="spouse_id", code="SAME_PERSON")
            spouse = self.store.load_citizen(cmd.spouse_id, field="spouse_id")
            spouse.check_may_marry(
                spouse_id=citizen.id,
                authorisation=cmd.authorisation_reference,
                by=by,
                today=self.store.today(),
            )
            record(citizen, spouse.id, full_name(spouse), spouse.nationality)
            record(spouse, citizen.id, full_name(citizen), citizen.nationality)
            # A marriage recorded late, after a death it predates, ends on that death.
            for on, other in ((citizen, spouse), (spouse, citizen)):
                on.end_by_recorded_death(
                    marriage_id=marriage_id, spouse_died_on=other.date_of_death, by=by
                )
            return [citizen, spouse], result

        return self.store.execute(account, CivilStatusOperation.RECORD_MARRIAGE, given, decide)

    def record_divorce(self, account: Account, given: Given[RecordDivorce]) -> Outcome:
        def decide(cmd: RecordDivorce) -> Decision:
            citizen = self.store.load_citizen(cmd.citizen_id, expected_version=cmd.expected_version)
            by = self.store.recording(account, cmd.effective_date)
            spouse_id = citizen.marriage(cmd.marriage_id).spouse_id
            citizen.record_divorce(marriage_id=cmd.marriage_id, by=by, today=self.store.today())
            saved: list[Any] = [citizen]
            if spouse_id is not None:
                spouse = self.store.load_citizen(spouse_id, field="marriage_id")
                spouse.record_divorce(marriage_id=cmd.marriage_id, by=by, today=self.store.today())
                saved.append(spouse)
            return saved, {"citizenId": str(citizen.id)}

        return self.store.execute(account, CivilStatusOperation.RECORD_DIVORCE, given, decide)

    def record_death(self, account: Account, given: Given[RecordDeath]) -> Outcome:
        def decide(cmd: RecordDeath) -> Decision:
            citizen = self.store.load_citizen(cmd.citizen_id, expected_version=cmd.expected_version)
            by = self.store.recording(account, cmd.effective_date)
            saved: list[Any] = [citizen]
            for marriage in citizen.record_death(place=cmd.place, by=by, today=self.store.today()):
                if marriage.spouse_id is not None:
                    spouse = self.store.load_citizen(marriage.spouse_id, field="citizen_id")
                    spouse.spouse_died(marriage_id=marriage.marriage_id, by=by)
                    saved.append(spouse)
            for ends in self.ends_with_death:
                saved.extend(ends(citizen.id, by))
            return saved, {"citizenId": str(citizen.id)}

        return self.store.execute(account, CivilStatusOperation.RECORD_DEATH, given, decide)

    def change_name(self, account: Account, given: Given[ChangeName]) -> Outcome:
        def decide(cmd: ChangeName) -> Decision:
            citizen = self.store.load_citizen(cmd.citizen_id, expected_version=cmd.expected_version)
            names = Names(cmd.given_name, cmd.family_name, cmd.given_name_ar, cmd.family_name_ar)
            citizen.change_name(
                names=names,
                legal_basis=cmd.legal_basis,
                by=self.store.recording(account, cmd.effective_date),
                today=self.store.today(),
            )
            return [citizen], {"citizenId": str(citizen.id)}

        return self.store.execute(account, CivilStatusOperation.CHANGE_NAME, given, decide)

    def change_residence(self, account: Account, given: Given[ChangeResidence]) -> Outcome:
        def decide(cmd: ChangeResidence) -> Decision:
            citizen = self.store.load_citizen(cmd.citizen_id, expected_version=cmd.expected_version)
            citizen.change_residence(
                address=cmd.address,
                city=cmd.city,
                country=cmd.country,
                by=self.store.recording(account, cmd.effective_date),
                today=self.store.today(),
            )
            return [citizen], {"citizenId": str(citizen.id)}

        return self.store.execute(account, CivilStatusOperation.CHANGE_RESIDENCE, given, decide)

    def transfer_registration(
        self, account: Account, given: Given[TransferRegistration]
    ) -> Outcome:
        def decide(cmd: TransferRegistration) -> Decision:
            citizen = self.store.load_citizen(cmd.citizen_id, expected_version=cmd.expected_version)
            mission = self.store.missions.get(cmd.to_mission, field="to_mission")
            citizen.transfer_registration(
                to_mission=mission.code,
                by=self.store.recording(account, cmd.effective_date),
                today=self.store.today(),
            )
            return [citizen], {"citizenId": str(citizen.id)}

        return self.store.execute(
            account, CivilStatusOperation.TRANSFER_REGISTRATION, given, decide
        )

    def correct_entry(self, account: Account, given: Given[CorrectEntry]) -> Outcome:
        def decide(cmd: CorrectEntry) -> Decision:
            citizen = self.store.load_citizen(cmd.citizen_id, expected_version=cmd.expected_version)
            by = self.store.recording(account, cmd.effective_date)
            field = to_snake(cmd.field)
            new_value = cmd.new_value
            saved: list[Any] = [citizen]
            if cmd.marriage_id is not None:
                saved.extend(
                    corrections.correct_marriage(
                        self.store, citizen, cmd.marriage_id, cmd, field, by
                    )
                )
                return saved, {"citizenId": str(citizen.id)}
            if field == "national_id":
                new_value, indexes = corrections.move_national_id(
                    self.store, citizen, new_value, by
                )
                saved.extend(indexes)
            citizen.correct_entry(
                field=field,
                new_value=new_value,
                legal_basis=cmd.legal_basis,
                by=by,
                today=self.store.today(),
            )
            return saved, {"citizenId": str(citizen.id)}

        return self.store.execute(account, CivilStatusOperation.CORRECT_ENTRY, given, decide)

    # -- queries -----------------------------------------------------------------------------

    def citizen(self, account: Account, citizen_id: UUID) -> Citizen:
        """One citizen's record; the read itself is recorded (account, mission, record)."""
        authorize(account, CivilStatusOperation.CITIZEN)
        citizen = self.store.load_citizen(citizen_id, field="id")
        self.store.record_read(account, citizen_id)
        return citizen

    def relatives(self, account: Account, ids: Iterable[UUID]) -> list[Citizen | None]:
        """Relatives' records for one page of lookups, in the order asked; each read recorded."""
        authorize(account, CivilStatusOperation.CITIZEN)
        found = [self.store.find(Citizen, i) for i in ids]
        for citizen in found:
            if citizen is not None:
                self.store.record_read(account, citizen.id)
        return found

    def history(self, citizen_id: UUID) -> list[RegisterEvent]:
        """Every event on the citizen's record and on the aggregates linked to its dossier."""
        events: list[Any] = list(self.store.events.get(citizen_id))
        found = self.store.find(Dossier, Dossier.id_for(citizen_id))
        for _, aggregate_id in found.links if found else []:
            events.extend(self.store.events.get(aggregate_id))
        return sorted(events, key=lambda e: e.timestamp)
