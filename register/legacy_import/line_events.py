"""One line of a legacy register export (docs/legacy-format.md) turned into its events.

`LegacyDecider.decide` turns a valid line (`register/legacy_import/line_format.py`) into the
aggregates a clerk's commands would have made, through the same domain methods and rules, so an
import records ordinary events. Relations to other lines go by legacy id: the register id of every
imported citizen is derived from it, so each side of a relation is written on its own line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.base import name_id
from domain.civil_status.birth import Parent
from domain.civil_status.citizen import Citizen
from domain.civil_status.dossier import Dossier
from domain.civil_status.values import Names
from domain.errors import DomainError
from domain.indexes import NationalIdIndex
from register.errors import api_field, client_message
from register.legacy_import.line_holdings import (
    document_steps,
    legalisation_step,
    request_step,
)
from register.legacy_import.line_terms import LineRejected, Step, by_import, citizen_id_for

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import date
    from uuid import UUID

    from eventsourcing.domain import Aggregate

    from domain.base import Recording
    from domain.documents.document import Document
    from domain.services.catalogue import ConsularService
    from register.legacy_import.line_format import CivilEvent, LegacyLine


class LegacyDecider:
    """Turns valid lines into aggregates, checking what a line refers to outside itself.

    `people`: every legacy id known (in the file, or already imported) → (birth date, date of
    death), so that births and marriages referring to other lines are checked like a clerk's.
    """

    def __init__(
        self,
        *,
        people: Callable[[str], tuple[date, date | None] | None],
        missions: Callable[[str], bool],
        services: Mapping[str, ConsularService],
        today: date,
    ) -> None:
        self.people = people
        self.missions = missions
        self.services = services
        self.today = today

    def decide(self, line: LegacyLine) -> list[Aggregate]:
        """The line's aggregates with their new events; LineRejected names what is wrong."""
        work = LineWork(self, line)
        try:
            return work.run()
        except DomainError as error:
            named = api_field(error.field)
            field = f"{work.at}.{named}" if work.at and named else work.at
            reason = f"{error.code}: {client_message(error)}"
            raise LineRejected(field or named or "line", reason) from None

    def parent(self, legacy_id: str | None, field: str) -> Parent | None:
        if legacy_id is None:
            return None
        born, died = self.known(legacy_id, field)
        return Parent(citizen_id_for(legacy_id), born, died)

    def known(self, legacy_id: str, field: str) -> tuple[date, date | None]:
        facts = self.people(legacy_id)
        if facts is None:
            msg = f"no citizen {legacy_id!r} in the file or the register"
            raise LineRejected(field, msg)
        return facts

    def mission(self, code: str, field: str) -> str:
        if not self.missions(code):
            raise LineRejected(field, f"no mission {code!r}")
        return code


class LineWork:
    """The aggregates of one line, built in the order of its dates."""

    def __init__(self, decider: LegacyDecider, line: LegacyLine) -> None:
        self.d = decider
        self.line = line
        self.today = decider.today
        self.citizen_id = citizen_id_for(line.legacy_id)
        self.saved: list[Aggregate] = []
        self.documents: list[Document] = []
        self.dossier: Dossier | None = None
        self.marriages: list[UUID] = []
        self.at = ""
        """Where in the line the step being taken comes from (a domain error's prefix)."""

    def run(self) -> list[Aggregate]:
        citizen = self._create()
        steps: list[Step] = []
        for i, event in enumerate(self.line.events):
            if event.type != "death":
                steps.append((event.date, 0, self._civil(citizen, event, f"events[{i}]")))
        for i, doc in enumerate(self.line.documents):
            steps.extend(document_steps(self, citizen, doc, f"documents[{i}]"))
        for i, req in enumerate(self.line.requests):
            steps.append((req.submitted_on, 2, request_step(self, req, f"requests[{i}]")))
        for i, leg in enumerate(self.line.legalisations):
            steps.append((leg.date, 2, legalisation_step(self, leg, f"legalisations[{i}]")))
        for _, _, step in sorted(steps, key=lambda s: (s[0], s[1])):
            step()
        if self.line.events and self.line.events[-1].type == "death":
            self._death(citizen, self.line.events[-1], f"events[{len(self.line.events) - 1}]")
        return [*self.saved, *self.documents, *([self.dossier] if self.dossier else [])]

    # -- the record -------------------------------------------------------------------------

    def _create(self) -> Citizen:
        line = self.line
        self.d.mission(line.mission, "mission")
        person: dict[str, Any] = {
            **line.model_dump(include=set(Citizen.Enrolled.__annotations__)),
            "registered_mission": line.mission,
        }
        registered_on = line.registered_on or line.birth_date
        if line.birth is not None:
            citizen = Citizen.import_birth(
                citizen_id=self.citizen_id,
                person=person,
                father=self.d.parent(line.birth.father_id, "birth.fatherId"),
                mother=self.d.parent(line.birth.mother_id, "birth.motherId"),
                by=by_import(line.mission, registered_on),
                today=self.today,
            )
        else:
            citizen = Citizen.enroll(
                person=person,
                by=by_import(line.mission, registered_on),
                today=self.today,
                citizen_id=self.citizen_id,
            )
        self.saved.append(citizen)
        if line.national_id:
            self.saved.append(
                NationalIdIndex.claim(
                    None,
                    national_id=line.national_id,
                    citizen_id=citizen.id,
                    by=by_import(line.mission, registered_on),
                )
            )
        for i, child in enumerate(line.children):
            born, _ = self.d.known(child, f"children[{i}]")
            citizen.add_child(child_id=citizen_id_for(child), by=by_import(line.mission, born))
        return citizen

    def _civil(self, citizen: Citizen, e: Any, field: str) -> Callable[[], None]:
        def step() -> None:
            self.at = field
            mission = self.d.mission(e.mission, f"{field}.mission")
            by = by_import(mission, e.date)
            if e.type == "marriage":
                self._marry(citizen, e, by, field)
            elif e.type in {"divorce", "widowed"}:
                if e.marriage >= len(self.marriages):
                    raise LineRejected(f"{field}.marriage", "no such marriage on this line")
                marriage_id = self.marriages[e.marriage]
                if e.type == "divorce":
                    citizen.record_divorce(marriage_id=marriage_id, by=by, today=self.today)
                else:
                    citizen.spouse_died(marriage_id=marriage_id, by=by)
            elif e.type == "nameChange":
                names = Names(e.given_name, e.family_name, e.given_name_ar, e.family_name_ar)
                citizen.change_name(names=names, legal_basis=e.legal_basis, by=by, today=self.today)
            elif e.type == "residence":
                citizen.change_residence(
                    address=e.address, city=e.city, country=e.country, by=by, today=self.today
                )
            else:
                to = self.d.mission(e.to_mission, f"{field}.toMission")
                citizen.transfer_registration(to_mission=to, by=by, today=self.today)

        return step

    def _marry(self, citizen: Citizen, e: CivilEvent, by: Recording, field: str) -> None:
        spouse = e.spouse
        assert spouse is not None  # noqa: S101  # the model requires it for a marriage
        if spouse.legacy_id is not None:
            self.d.known(spouse.legacy_id, f"{field}.spouse.legacyId")
            pair = "|".join(sorted((self.line.legacy_id, spouse.legacy_id)))
            marriage_id = name_id("legacy-marriage", f"{pair}|{e.date.isoformat()}")
            spouse_id: UUID | None = citizen_id_for(spouse.legacy_id)
            name, nationality = spouse.name or spouse.legacy_id, spouse.nationality or "MAR"
        else:
            marriage_id = name_id("legacy-marriage", f"{self.line.legacy_id}|{len(self.marriages)}")
            spouse_id, name, nationality = None, str(spouse.name), str(spouse.nationality)
        citizen.record_marriage(
            marriage_id=marriage_id,
            spouse_id=spouse_id,
            spouse_name=name,
            spouse_nationality=nationality,
            place=str(e.place),
            authorisation=e.authorisation,
            by=by,
            today=self.today,
        )
        self.marriages.append(marriage_id)

    def _death(self, citizen: Citizen, e: CivilEvent, field: str) -> None:
        self.at = field
        by = by_import(self.d.mission(e.mission, f"{field}.mission"), e.date)
        citizen.record_death(place=str(e.place), by=by, today=self.today)
        for document in self.documents:
            document.end_by_death(by=by)

    def link(self, kind: str, aggregate_id: UUID, by: Recording) -> None:
        self.dossier = Dossier.link(
            self.dossier, citizen_id=self.citizen_id, kind=kind, aggregate_id=aggregate_id, by=by
        )
