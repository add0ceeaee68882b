"""Citizen search in GraphQL: the directory's summaries, closest first, a page at a time."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

import strawberry

from domain.documents.kinds import DocumentStatus, status_on
from domain.errors import ValueRuleViolated
from domain.value_rules import plain_text
from register.access import authorize
from register.civil_status.api_mission import Mission
from register.civil_status.operations import CivilStatusOperation
from register.errors import InvalidInput
from register.views.api_status import see_at_least
from register.web.context import context_of, off_loop
from register.web.pagination import PageInfo, decode_cursor, encode_cursor, page_size

if TYPE_CHECKING:
    from register.access import Account
    from register.unit_of_work import UnitOfWork
    from register.views.citizen_search import CitizenSummary as Summary
    from register.views.citizen_search import Found
    from register.views.read_models import ReadModels

MAX_QUERY = 120
"""The longest search text, in characters."""


def check_search(account: Account, query: str) -> None:
    """Refuse a search the account may not make, or whose text is empty, long or unsafe."""
    authorize(account, CivilStatusOperation.SEARCH_CITIZENS)
    if not query.strip() or len(query) > MAX_QUERY:
        msg = f"query must be 1 to {MAX_QUERY} characters"
        raise InvalidInput(msg, field="query", code="TOO_LONG" if query.strip() else "REQUIRED")
    try:
        plain_text(query)  # the rule every text obeys: no NUL, controls or bidi overrides
    except ValueRuleViolated as e:
        raise InvalidInput(f"query {e}", field="query", code=e.code) from None


def search_page(  # the search and its page
    read_models: ReadModels,
    store: UnitOfWork,
    account: Account,
    query: str,
    *,
    birth_year: int | None,
    offset: int,
    size: int,
) -> tuple[list[Found], int]:
    """One page of a checked search (`check_search`), each row's read recorded; and how many
    were found in all. The API and the console both search through here."""
    found = read_models.search_citizens(query, birth_year=birth_year)
    page = found[offset : offset + size]
    store.record_reads(account, "citizen-summary", [UUID(f.citizen.citizen_id) for f in page])
    return page, len(found)


@strawberry.type
class IndexedDocument:
    """A document as the documents index holds it (the full document: `document(number:)`)."""

    id: strawberry.ID
    number: str | None
    kind: str
    status: str
    expires_on: str | None


@strawberry.type
class CitizenSummary:
    """A citizen as the directory view holds it (the full record: `citizen(id:)`)."""

    id: strawberry.ID
    national_id: str | None
    given_name: str
    family_name: str
    given_name_ar: str
    family_name_ar: str
    sex: str
    birth_date: date
    registered_mission_code: strawberry.Private[str]
    status: str

    @strawberry.field
    def registered_mission(self, info: strawberry.Info) -> Mission:
        missions = context_of(info).register.store.missions
        return Mission.from_record(missions.get(self.registered_mission_code))

    @strawberry.field(description="Documents from the documents index (one query per page).")
    async def documents(self, info: strawberry.Info) -> list[IndexedDocument]:
        context = context_of(info)
        rows = await context.documents_index.load(str(self.id))
        today = context.register.store.today()
        return [
            IndexedDocument(
                id=strawberry.ID(d.document_id),
                number=d.number,
                kind=d.kind,
                # The index holds what was recorded; expiry is derived, as for `document`.
                status=status_on(
                    DocumentStatus(d.status),
                    date.fromisoformat(d.expires_on) if d.expires_on else None,
                    today,
                ).value,
                expires_on=d.expires_on,
            )
            for d in rows
        ]

    @classmethod
    def from_row(cls, s: Summary) -> CitizenSummary:
        return cls(
            id=strawberry.ID(s.citizen_id),
            national_id=s.national_id,
            given_name=s.given_name,
            family_name=s.family_name,
            given_name_ar=s.given_name_ar,
            family_name_ar=s.family_name_ar,
            sex=s.sex,
            birth_date=s.birth_date,
            registered_mission_code=s.registered_mission,
            status=s.status,
        )


@strawberry.type
class CitizenSearchEdge:
    cursor: str
    score: float = strawberry.field(description="Closeness to the query, 0…1; exact match 1.")
    node: CitizenSummary


@strawberry.type
class CitizenSearchConnection:
    edges: list[CitizenSearchEdge]
    nodes: list[CitizenSummary]
    page_info: PageInfo


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="Citizens by name in either script, or national ID; closest first."
    )
    async def search_citizens(
        self,
        info: strawberry.Info,
        query: str,
        birth_year: int | None = None,
        first: int | None = None,
        after: str | None = None,
        min_position: int | None = None,
    ) -> CitizenSearchConnection:
        context = context_of(info)
        check_search(context.account, query)
        size, offset = page_size(first), decode_cursor(after)
        await see_at_least(info, min_position)
        page, total = await off_loop(
            search_page,
            context.read_models,
            context.register.store,
            context.account,
            query,
            birth_year=birth_year,
            offset=offset,
            size=size,
        )
        edges = [
            CitizenSearchEdge(
                cursor=encode_cursor(offset + i + 1),
                score=round(f.score, 4),
                node=CitizenSummary.from_row(f.citizen),
            )
            for i, f in enumerate(page)
        ]
        return CitizenSearchConnection(
            edges=edges,
            nodes=[e.node for e in edges],
            page_info=PageInfo(
                has_next_page=offset + size < total,
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )
