"""Civil-status commands: each loads the records it touches, decides, and saves them together."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from pydantic.alias_generators import to_snake

from domain.civil_status import correction
from domain.civil_status.citizen import Citizen
from domain.civil_status.values import Names
from domain.errors import DomainError
from register.errors import InvalidInput
from register.unit_of_work import Decision, Outcome, RegisterBase

if TYPE_CHECKING:
    from domain.base import Recording
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


def full_name(citizen: Citizen) -> str:
    return f"{citizen.names.given_name} {citizen.names.family_name}"


class CivilStatusCommands(RegisterBase):
    """Civil-status commands: enrolment, birth, marriage, divorce, death, names, residence."""

    def _person(self, cmd: PersonFields, mission: str) -> dict[str, Any]:
        fields = cmd.model_dump(include=set(Citizen.Enrolled.__annotations__))
        return {**fields, "registered_mission": mission}

    def enroll_citizen(self, account: Account, cmd: EnrollCitizen) -> Outcome:
        def decide() -> Decision:
            mission = self.missions.get(
                cmd.registered_mission or account.mission, field="registered_mission"
            )
            by = self.recording(account, cmd.effective_date)
            citizen = Citizen.enroll(
                person=self._person(cmd, mission.code), by=by, today=self.today()
            )
            saved: list[Any] = [citizen]
            if cmd.national_id:
                saved.append(self.claim_national_id(cmd.national_id, citizen.id, by))
            return saved, {"citizenId": str(citizen.id)}

        return self.execute(account, "enrollCitizen", cmd, decide)

    def register_birth(self, account: Account, cmd: RegisterBirth) -> Outcome:
        def decide() -> Decision:
            mission = self.missions.get(
                cmd.registered_mission or account.mission, field="registered_mission"
            )
            father = self._parent(cmd.father_id, "father_id", "M")
            mother = self._parent(cmd.mother_id, "mother_id", "F")
            person = self._person(cmd, mission.code)
            person["father_name"] = cmd.father_name or (full_name(father) if father else None)
            person["mother_name"] = cmd.mother_name or (full_name(mother) if mother else None)
            by = self.recording(account, cmd.birth_date)
            child = Citizen.register_birth(
                person=person, father=father, mother=mother, by=by, today=self.today()
            )
            saved: list[Any] = [child, *(p for p in (father, mother) if p is not None)]
            if cmd.national_id:
                saved.append(self.claim_national_id(cmd.national_id, child.id, by))
            return saved, {"citizenId": str(child.id)}

        return self.execute(account, "registerBirth", cmd, decide)

    def _parent(self, parent_id: UUID | None, field: str, sex: str) -> Citizen | None:
        if parent_id is None:
            return None
        parent = self.load_citizen(parent_id, field=field)
        if parent.sex.value != sex:
            msg = f"the record named as {field.removesuffix('_id')} is not of sex {sex}"
            raise DomainError(msg, field=field, code="PARENT_SEX_MISMATCH")
        return parent

    def record_marriage(self, account: Account, cmd: RecordMarriage) -> Outcome:
        def decide() -> Decision:
            citizen = self.load_citizen(cmd.citizen_id, expected_version=cmd.expected_version)
            by = self.recording(account, cmd.effective_date)
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
                    today=self.today(),
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
            spouse = self.load_citizen(cmd.spouse_id, field="spouse_id")
            spouse.check_may_marry(
                spouse_id=citizen.id,
                authorisation=cmd.authorisation_reference,
                by=by,
                today=self.today(),
            )
            record(citizen, spouse.id, full_name(spouse), spouse.nationality)
            record(spouse, citizen.id, full_name(citizen), citizen.nationality)
            # A marriage recorded late, after a death it predates, ends on that death.
            for on, other in ((citizen, spouse), (spouse, citizen)):
                on.end_by_recorded_death(
                    marriage_id=marriage_id, spouse_died_on=other.date_of_death, by=by
                )
            return [citizen, spouse], result

        return self.execute(account, "recordMarriage", cmd, decide)

    def record_divorce(self, account: Account, cmd: RecordDivorce) -> Outcome:
        def decide() -> Decision:
            citizen = self.load_citizen(cmd.citizen_id, expected_version=cmd.expected_version)
            by = self.recording(account, cmd.effective_date)
            spouse_id = citizen.marriage(cmd.marriage_id).spouse_id
            citizen.record_divorce(marriage_id=cmd.marriage_id, by=by, today=self.today())
            saved: list[Any] = [citizen]
            if spouse_id is not None:
                spouse = self.load_citizen(spouse_id, field="marriage_id")
                spouse.record_divorce(marriage_id=cmd.marriage_id, by=by, today=self.today())
                saved.append(spouse)
            return saved, {"citizenId": str(citizen.id)}

        return self.execute(account, "recordDivorce", cmd, decide)

    def record_death(self, account: Account, cmd: RecordDeath) -> Outcome:
        def decide() -> Decision:
            citizen = self.load_citizen(cmd.citizen_id, expected_version=cmd.expected_version)
            by = self.recording(account, cmd.effective_date)
            saved: list[Any] = [citizen]
            for marriage in citizen.record_death(place=cmd.place, by=by, today=self.today()):
                if marriage.spouse_id is not None:
                    spouse = self.load_citizen(marriage.spouse_id, field="citizen_id")
                    spouse.spouse_died(marriage_id=marriage.marriage_id, by=by)
                    saved.append(spouse)
            saved.extend(self.consequences_of_death(citizen.id, by))
            return saved, {"citizenId": str(citizen.id)}

        return self.execute(account, "recordDeath", cmd, decide)

    def change_name(self, account: Account, cmd: ChangeName) -> Outcome:
        def decide() -> Decision:
            citizen = self.load_citizen(cmd.citizen_id, expected_version=cmd.expected_version)
            names = Names(cmd.given_name, cmd.family_name, cmd.given_name_ar, cmd.family_name_ar)
            citizen.change_name(
                names=names,
                legal_basis=cmd.legal_basis,
                by=self.recording(account, cmd.effective_date),
                today=self.today(),
            )
            return [citizen], {"citizenId": str(citizen.id)}

        return self.execute(account, "changeName", cmd, decide)

    def change_residence(self, account: Account, cmd: ChangeResidence) -> Outcome:
        def decide() -> Decision:
            citizen = self.load_citizen(cmd.citizen_id, expected_version=cmd.expected_version)
            citizen.change_residence(
                address=cmd.address,
                city=cmd.city,
                country=cmd.country,
                by=self.recording(account, cmd.effective_date),
                today=self.today(),
            )
            return [citizen], {"citizenId": str(citizen.id)}

        return self.execute(account, "changeResidence", cmd, decide)

    def transfer_registration(self, account: Account, cmd: TransferRegistration) -> Outcome:
        def decide() -> Decision:
            citizen = self.load_citizen(cmd.citizen_id, expected_version=cmd.expected_version)
            mission = self.missions.get(cmd.to_mission, field="to_mission")
            citizen.transfer_registration(
                to_mission=mission.code,
                by=self.recording(account, cmd.effective_date),
                today=self.today(),
            )
            return [citizen], {"citizenId": str(citizen.id)}

        return self.execute(account, "transferRegistration", cmd, decide)

    def correct_entry(self, account: Account, cmd: CorrectEntry) -> Outcome:
        def decide() -> Decision:
            citizen = self.load_citizen(cmd.citizen_id, expected_version=cmd.expected_version)
            by = self.recording(account, cmd.effective_date)
            field = to_snake(cmd.field)
            new_value = cmd.new_value
            saved: list[Any] = [citizen]
            if cmd.marriage_id is not None:
                saved.extend(self._correct_marriage(citizen, cmd.marriage_id, cmd, field, by))
                return saved, {"citizenId": str(citizen.id)}
            if field == "national_id":
                new_value, indexes = self._move_national_id(citizen, new_value, by)
                saved.extend(indexes)
            citizen.correct_entry(
                field=field,
                new_value=new_value,
                legal_basis=cmd.legal_basis,
                by=by,
                today=self.today(),
            )
            return saved, {"citizenId": str(citizen.id)}

        return self.execute(account, "correctEntry", cmd, decide)

    def _correct_marriage(  # the records, the marriage, the command, who
        self, citizen: Citizen, marriage_id: UUID, cmd: CorrectEntry, field: str, by: Recording
    ) -> list[Citizen]:
        """Correct the marriage on the citizen's record and on the spouse's, if registered."""
        spouse_id = citizen.marriage(marriage_id).spouse_id
        spouse = [] if spouse_id is None else [self.load_citizen(spouse_id, field="marriage_id")]
        for record in (citizen, *spouse):
            record.correct_marriage(
                marriage_id=marriage_id,
                field=field,
                new_value=cmd.new_value,
                legal_basis=cmd.legal_basis,
                by=by,
                today=self.today(),
            )
        return spouse

    def _move_national_id(
        self, citizen: Citizen, new_value: str | None, by: Recording
    ) -> tuple[str | None, list[Any]]:
        """Release the old number and claim the new one, in the correction's transaction."""
        indexes: list[Any] = []
        if new_value:
            new_value = correction.read_value("national_id", new_value)
            if new_value == citizen.national_id:
                return new_value, indexes
            indexes.append(self.claim_national_id(new_value, citizen.id, by))
        if citizen.national_id:
            released = self.release_national_id(citizen.national_id, by)
            if released is not None:
                indexes.append(released)
        return new_value, indexes
