"""GraphQL types of identity documents: the document as consulates see it, and the public answer."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import strawberry
from graphql import GraphQLError

from domain.documents import kinds as document_kinds
from register.civil_status.api_history import (
    HistoryEntry,
    history_page_field,
)
from register.civil_status.api_mission import Mission
from register.civil_status.api_types import Citizen
from register.documents import service as documents
from register.web.context import context_of, off_loop
from register.web.pagination import Connection  # strawberry reads resolver annotations

if TYPE_CHECKING:
    from uuid import UUID

    from domain.base import RegisterEvent
    from domain.documents.document import Document as DocumentRecord

DocumentKind = strawberry.enum(document_kinds.DocumentKind, name="DocumentKind")
DocumentStatus = strawberry.enum(document_kinds.DocumentStatus, name="DocumentStatus")
DocumentCheck = strawberry.enum(documents.DocumentCheck, name="DocumentCheck")


def _mission(info: strawberry.Info, code: str | None) -> Mission | None:
    return (
        None
        if code is None
        else Mission.from_record(context_of(info).register.store.missions.get(code))
    )


def _history_entry(e: RegisterEvent) -> HistoryEntry:
    entry = HistoryEntry.from_event(e)
    entry.reason = entry.reason or getattr(e, "reason", None) or getattr(e, "circumstances", None)
    return entry


@strawberry.type
class Document:
    """A passport or ID card, or the application for one; `status` reads EXPIRED when due."""

    id: strawberry.ID
    version: int
    kind: DocumentKind  # type: ignore[valid-type]
    status: DocumentStatus  # type: ignore[valid-type]
    number: str | None = strawberry.field(description="Set when the document is issued.")
    mrz: list[str] | None = strawberry.field(description="The machine-readable zone's lines.")
    applied_on: date
    issued_on: date | None
    expires_on: date | None = strawberry.field(description="The last day of validity.")
    reason: str | None = strawberry.field(description="Why it was rejected or revoked.")
    record: strawberry.Private[Any]

    @classmethod
    def from_record(cls, d: DocumentRecord, today: date) -> Document:
        return cls(
            id=strawberry.ID(str(d.id)),
            version=d.version,
            kind=d.kind,
            status=d.status(today),
            number=d.number,
            mrz=list(d.mrz) or None,
            applied_on=d.applied_on,
            issued_on=d.issued_on,
            expires_on=d.expires_on,
            reason=d.reason,
            record=d,
        )

    @strawberry.field(description="The citizen the document is (to be) issued to.")
    async def holder(self, info: strawberry.Info) -> Citizen:
        record = await context_of(info).relatives.load(self.record.citizen_id)
        if record is None:  # a document is only ever applied for by an existing citizen
            msg = "the document's holder is not in the register"
            raise GraphQLError(msg)
        return Citizen.from_record(record)

    @strawberry.field(description="The mission that took the application.")
    def applied_at(self, info: strawberry.Info) -> Mission:
        return Mission.from_record(
            context_of(info).register.store.missions.get(self.record.applied_at)
        )

    @strawberry.field(description="Where the citizen means to collect the document.")
    def collection_mission(self, info: strawberry.Info) -> Mission:
        code = self.record.collection_mission
        return Mission.from_record(context_of(info).register.store.missions.get(code))

    @strawberry.field(description="The mission whose officer issued the document.")
    def issued_at(self, info: strawberry.Info) -> Mission | None:
        return _mission(info, self.record.issued_at)

    @strawberry.field(description="The mission that handed the document over.")
    def delivered_at(self, info: strawberry.Info) -> Mission | None:
        return _mission(info, self.record.delivered_at)

    async def _history(self, info: strawberry.Info) -> list[HistoryEntry]:
        context = context_of(info)
        events = await off_loop(
            context.register.documents.document_history, context.account, self.record.id
        )
        return [_history_entry(e) for e in events]

    @strawberry.field(description="Every event of the document, oldest first.")
    async def history(self, info: strawberry.Info) -> list[HistoryEntry]:
        return await self._history(info)

    history_page: Connection[HistoryEntry] = history_page_field()


async def documents_of(info: strawberry.Info, citizen_id: UUID) -> list[Document]:
    """`Citizen.documents`: the citizen's documents and applications, oldest first."""
    context = context_of(info)
    records = await off_loop(context.register.documents.documents_of, context.account, citizen_id)
    today = context.register.store.today()
    return [Document.from_record(d, today) for d in records]


@strawberry.type
class DocumentVerification:
    """The public check's whole answer: a status, and the expiry date when valid."""

    status: DocumentCheck  # type: ignore[valid-type]
    expires_on: date | None
