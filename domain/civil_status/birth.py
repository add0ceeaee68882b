"""How a citizen comes into the register: enrolment, a birth abroad, and the child listed on its
parents' records (the Citizen's creation commands, bound into its body)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID, uuid4

from domain.civil_status import rules

if TYPE_CHECKING:
    from domain.base import Recording
    from domain.civil_status.citizen import Citizen


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


def enroll(
    cls: type[Citizen],
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


def import_birth(
    cls: type[Citizen],
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


def add_child(citizen: Citizen, *, child_id: UUID, by: Recording) -> None:
    """List a child whose birth record is entered separately (an import's other line)."""
    if child_id not in citizen.children:
        citizen.trigger_event(citizen.ChildAdded, child_id=child_id, **by.fields())


def register_birth(
    cls: type[Citizen],
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
            parent.add_child(child_id=child.id, by=replace(by, effective_date=person["birth_date"]))
    return child
