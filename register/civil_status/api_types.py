"""GraphQL types read from the register's records: citizens, marriages, residences."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from domain.civil_status import values
from register.civil_status.api_history import (
    HistoryEntry,
    history_page_field,
)
from register.civil_status.api_mission import Mission
from register.civil_status.history import shown_to
from register.web.context import context_of, off_loop
from register.web.pagination import Connection, page_of

if TYPE_CHECKING:
    from collections.abc import Iterable

    from domain.civil_status.citizen import Citizen as CitizenRecord
    from domain.documents.kinds import DocumentKind, DocumentStatus
    from register.documents.api_types import Document

Sex = strawberry.enum(values.Sex, name="Sex")
LifeStatus = strawberry.enum(values.LifeStatus, name="LifeStatus")
MaritalStatus = strawberry.enum(values.MaritalStatus, name="MaritalStatus")


@strawberry.type
class UserError:
    """Why a mutation was refused: a stable code, the input field at fault, and a message."""

    code: str
    field: str | None
    message: str


@strawberry.type
class Residence:
    address: str
    city: str
    country: str


@strawberry.type
class Marriage:
    id: strawberry.ID
    spouse_name: str
    spouse_nationality: str
    married_on: date
    place: str
    ended_on: date | None
    end_reason: str | None
    spouse_id: strawberry.Private[Any]

    @strawberry.field(description="The spouse's record, when the spouse is in the register.")
    async def spouse(
        self, info: strawberry.Info
    ) -> Annotated[Citizen, strawberry.lazy("register.civil_status.api_types")] | None:
        if self.spouse_id is None:
            return None
        record = await context_of(info).relatives.load(self.spouse_id)
        return None if record is None else Citizen.from_record(record)


@strawberry.type
class Citizen:
    """A citizen's record as the register holds it now."""

    id: strawberry.ID
    version: int = strawberry.field(
        description="Pass as expectedVersion to refuse a write if the record changed since."
    )
    national_id: str | None
    given_name: str
    family_name: str
    given_name_ar: str
    family_name_ar: str
    sex: Sex  # type: ignore[valid-type]
    birth_date: date
    birth_place: str
    birth_country: str
    nationality: str
    father_name: str | None
    mother_name: str | None
    status: LifeStatus  # type: ignore[valid-type]
    marital_status: MaritalStatus  # type: ignore[valid-type]
    date_of_death: date | None
    residence: Residence | None
    record: strawberry.Private[Any]
    history_filter: strawberry.Private[Any] = None
    """Which events `history` shows (`citizen(asOf:)`: those recorded by then); None: all."""

    @classmethod
    def from_record(cls, c: CitizenRecord) -> Citizen:
        residence = (
            Residence(address=c.residence[0], city=c.residence[1], country=c.residence[2])
            if c.residence
            else None
        )
        return cls(
            id=strawberry.ID(str(c.id)),
            version=c.version,
            national_id=c.national_id,
            given_name=c.names.given_name,
            family_name=c.names.family_name,
            given_name_ar=c.names.given_name_ar,
            family_name_ar=c.names.family_name_ar,
            sex=c.sex,
            birth_date=c.birth_date,
            birth_place=c.birth_place,
            birth_country=c.birth_country,
            nationality=c.nationality,
            father_name=c.father_name,
            mother_name=c.mother_name,
            status=c.life_status,
            marital_status=c.marital_status,
            date_of_death=c.date_of_death,
            residence=residence,
            record=c,
        )

    @strawberry.field
    def registered_mission(self, info: strawberry.Info) -> Mission:
        return Mission.from_record(
            context_of(info).register.store.missions.get(self.record.registered_mission)
        )

    async def _load(self, info: strawberry.Info, ids: list[Any]) -> list[Citizen]:
        records = await context_of(info).relatives.load_many(ids)
        return [Citizen.from_record(r) for r in records if r is not None]

    @strawberry.field(description="Parents in the register (others: fatherName, motherName).")
    async def parents(self, info: strawberry.Info) -> list[Citizen]:
        ids = [i for i in (self.record.father_id, self.record.mother_id) if i is not None]
        return await self._load(info, ids)

    @strawberry.field(description="Children whose births are in the register.")
    async def children(self, info: strawberry.Info) -> list[Citizen]:
        return await self._load(info, list(self.record.children))

    @strawberry.field(description="Current spouses in the register (all marriages: marriages).")
    async def spouses(self, info: strawberry.Info) -> list[Citizen]:
        ids = [m.spouse_id for m in self.record.marriages if m.is_active and m.spouse_id]
        return await self._load(info, ids)

    def _marriages(self) -> list[Marriage]:
        return [
            Marriage(
                id=strawberry.ID(str(m.marriage_id)),
                spouse_name=m.spouse_name,
                spouse_nationality=m.spouse_nationality,
                married_on=m.married_on,
                place=m.place,
                ended_on=m.ended_on,
                end_reason=m.end_reason,
                spouse_id=m.spouse_id,
            )
            for m in self.record.marriages
        ]

    @strawberry.field(description="Every marriage, ended or not, in or outside the register.")
    def marriages(self) -> list[Marriage]:
        return self._marriages()

    @strawberry.field(description="`marriages`, a page at a time; `current`: not ended, or ended.")
    def marriages_page(
        self,
        first: int | None = None,
        after: str | None = None,
        current: bool | None = None,  # noqa: FBT001  # a GraphQL argument
    ) -> Connection[Marriage]:
        shown = [m for m in self._marriages() if current is None or (m.ended_on is None) == current]
        return page_of(shown, first, after)

    async def _history(self, info: strawberry.Info) -> list[HistoryEntry]:
        context = context_of(info)
        events = await off_loop(context.register.civil_status.history, self.record.id)
        kept: Iterable[Any] = filter(self.history_filter, events) if self.history_filter else events
        return [HistoryEntry.from_event(e) for e in shown_to(context.account, kept)]

    @strawberry.field(description="Every event on the record, oldest first.")
    async def history(self, info: strawberry.Info) -> list[HistoryEntry]:
        return await self._history(info)

    history_page: Connection[HistoryEntry] = history_page_field()

    @strawberry.field(description="Identity documents and applications, oldest first.")
    async def documents(
        self, info: strawberry.Info
    ) -> list[Annotated[Document, strawberry.lazy("register.documents.api_types")]]:
        from register.documents.api_types import documents_of  # noqa: PLC0415  # it imports this module

        return await documents_of(info, self.record.id)

    @strawberry.field(description="`documents`, a page at a time, of one kind or status.")
    async def documents_page(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        kind: Annotated[DocumentKind, strawberry.lazy("register.documents.api_types")]
        | None = None,
        status: Annotated[DocumentStatus, strawberry.lazy("register.documents.api_types")]
        | None = None,
    ) -> Connection[Annotated[Document, strawberry.lazy("register.documents.api_types")]]:
        from register.documents.api_types import documents_of  # noqa: PLC0415

        found = await documents_of(info, self.record.id)
        shown = [
            d
            for d in found
            if (kind is None or d.kind is kind) and (status is None or d.status is status)
        ]
        return page_of(shown, first, after)
