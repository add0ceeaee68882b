"""GraphQL over the views: citizen search, a mission's roll, activity and statistics, status."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated
from uuid import UUID

import strawberry
import structlog
from graphql import GraphQLError

from domain.case import CASE_EVENT_TYPES
from domain.document_kinds import DocumentStatus, status_on
from register.access import Role, authorize
from register.errors import InvalidInput
from register.gql.context import context_of, off_loop
from register.gql.pagination import PageInfo, decode_cursor, encode_cursor, page_size
from register.gql.types import Mission
from register.projector import ViewsBehind

if TYPE_CHECKING:
    from register.read_models import Activity, DateRange
    from register.read_models import CitizenSummary as Summary

log = structlog.get_logger(__name__)
MAX_QUERY = 120
"""The longest search text, in characters."""


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
        missions = context_of(info).register.missions
        return Mission.from_record(missions.get(self.registered_mission_code))

    @strawberry.field(description="Documents from the documents index (one query per page).")
    async def documents(self, info: strawberry.Info) -> list[IndexedDocument]:
        context = context_of(info)
        rows = await context.documents_index.load(str(self.id))
        today = context.register.today()
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
class RollConnection:
    total_count: int
    nodes: list[CitizenSummary]
    page_info: PageInfo


@strawberry.type
class ActivityEntry:
    position: int
    recorded_at: str
    type: str
    actor: str
    aggregate_id: strawberry.ID
    citizen_id: strawberry.ID | None
    citizen_registered_at: str | None
    cross_mission: bool = strawberry.field(
        description="The citizen is registered at another mission than the one that served."
    )

    @classmethod
    def from_row(cls, a: Activity) -> ActivityEntry:
        return cls(
            position=a.position,
            recorded_at=a.recorded_at,
            type=a.event_type,
            actor=a.actor,
            aggregate_id=strawberry.ID(a.aggregate_id),
            citizen_id=strawberry.ID(a.citizen_id) if a.citizen_id else None,
            citizen_registered_at=a.citizen_mission,
            cross_mission=a.cross_mission,
        )


@strawberry.type
class ActivityConnection:
    nodes: list[ActivityEntry]
    page_info: PageInfo


@strawberry.type
class StatisticsRow:
    month: str
    measure: str
    count: int


@strawberry.type
class WorkItem:
    id: strawberry.ID
    queue: str = strawberry.field(description="document-application, service-request, …")
    kind: str
    status: str
    citizen_id: strawberry.ID | None
    opened_at: str
    position: int


@strawberry.type
class WorkQueueConnection:
    total_count: int
    nodes: list[WorkItem]
    page_info: PageInfo


@strawberry.type
class RecordRead:
    """One recorded read of a citizen's record or a case."""

    position: int = strawberry.field(description="Store position of the read-log event.")
    read_at: datetime
    account: str
    mission: str
    kind: str
    record_id: strawberry.ID


@strawberry.type
class AccessLogConnection:
    nodes: list[RecordRead]
    page_info: PageInfo


@strawberry.type
class ViewState:
    name: str
    position: int
    lag: int = strawberry.field(description="Events recorded that the view has not applied.")


@strawberry.type
class ProjectionStatus:
    store_position: int
    views: list[ViewState]


async def see_at_least(info: strawberry.Info, position: int | None) -> None:
    """Read-your-writes: wait (bounded) until the views have applied `position`."""
    if position is None:
        return
    try:
        await off_loop(context_of(info).projector.wait_for, position)
    except ViewsBehind as e:
        raise GraphQLError(str(e), extensions={"code": e.code, "field": "minPosition"}) from None


@strawberry.type
class ViewQuery:
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
        authorize(context.account, "searchCitizens")
        if not query.strip() or len(query) > MAX_QUERY:
            msg = f"query must be 1 to {MAX_QUERY} characters"
            raise InvalidInput(msg, field="query", code="TOO_LONG" if query.strip() else "REQUIRED")
        size, offset = page_size(first), decode_cursor(after)
        await see_at_least(info, min_position)
        found = await off_loop(context.read_models.search_citizens, query, birth_year=birth_year)
        page = found[offset : offset + size]
        await off_loop(
            context.register.record_reads,
            context.account,
            "citizen-summary",
            [UUID(f.citizen.citizen_id) for f in page],
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
                has_next_page=offset + size < len(found),
                end_cursor=edges[-1].cursor if edges else None,
            ),
        )

    @strawberry.field(description="Who read which record, where and when (auditors).")
    async def access_log(  # the log's filters and paging
        self,
        info: strawberry.Info,
        citizen_id: strawberry.ID | None = None,
        account: str | None = None,
        from_: Annotated[datetime | None, strawberry.argument(name="from")] = None,
        to: datetime | None = None,
        first: int | None = None,
        after: str | None = None,
        min_position: int | None = None,
    ) -> AccessLogConnection:
        context = context_of(info)
        authorize(context.account, "accessLog")
        size, offset = page_size(first), decode_cursor(after)
        await see_at_least(info, min_position)
        rows = await off_loop(
            context.read_models.access_log,
            record_id=str(citizen_id) if citizen_id else None,
            account=account,
            since=from_.isoformat() if from_ else None,
            until=to.isoformat() if to else None,
            limit=size + 1,
            offset=offset,
        )
        nodes = [
            RecordRead(
                position=r.position,
                read_at=datetime.fromisoformat(r.read_at),
                account=r.account,
                mission=r.mission,
                kind=r.record_kind,
                record_id=strawberry.ID(r.record_id),
            )
            for r in rows[:size]
        ]
        end = offset + len(nodes)
        return AccessLogConnection(
            nodes=nodes,
            page_info=PageInfo(has_next_page=len(rows) > size, end_cursor=encode_cursor(end)),
        )

    @strawberry.field(description="How far each view has applied the event store.")
    async def projection_status(self, info: strawberry.Info) -> ProjectionStatus:
        context = context_of(info)
        authorize(context.account, "projectionStatus")
        states = await off_loop(context.projector.status)
        head = max((s.position + s.lag for s in states), default=0)
        return ProjectionStatus(
            store_position=head,
            views=[ViewState(name=s.name, position=s.position, lag=s.lag) for s in states],
        )


async def mission_roll(
    info: strawberry.Info, code: str, first: int | None, after: str | None, dates: DateRange
) -> RollConnection:
    context = context_of(info)
    authorize(context.account, "missionRoll")
    size, offset = page_size(first), decode_cursor(after)
    rows, total = await off_loop(
        context.read_models.roll, code, limit=size, offset=offset, registered=dates
    )
    await off_loop(
        context.register.record_reads,
        context.account,
        "citizen-summary",
        [UUID(r.citizen_id) for r in rows],
    )
    end = offset + len(rows)
    return RollConnection(
        total_count=total,
        nodes=[CitizenSummary.from_row(r) for r in rows],
        page_info=PageInfo(has_next_page=end < total, end_cursor=encode_cursor(end)),
    )


async def mission_activity(  # the connection's filters and paging
    info: strawberry.Info,
    code: str,
    first: int | None,
    after: str | None,
    dates: DateRange,
    *,
    cross_only: bool,
) -> ActivityConnection:
    context = context_of(info)
    authorize(context.account, "missionActivity")
    size = page_size(first)
    before = decode_cursor(after) if after else None
    rows = await off_loop(
        context.read_models.activity,
        code,
        limit=size + 1,
        before=before,
        cross_mission_only=cross_only,
        recorded=dates,
        # Casework is confidential: even that a case exists, and whom it concerns, is for
        # auditors here, as in a citizen's history; officers read their cases by `case(id)`.
        hidden_types=() if context.account.role is Role.AUDITOR else CASE_EVENT_TYPES,
    )
    nodes = [ActivityEntry.from_row(r) for r in rows[:size]]
    return ActivityConnection(
        nodes=nodes,
        page_info=PageInfo(
            has_next_page=len(rows) > size,
            end_cursor=encode_cursor(nodes[-1].position) if nodes else None,
        ),
    )


async def mission_statistics(
    info: strawberry.Info, code: str, month: str | None
) -> list[StatisticsRow]:
    context = context_of(info)
    authorize(context.account, "missionStatistics")
    rows = await off_loop(context.read_models.statistics, code, month)
    return [StatisticsRow(month=m, measure=k, count=n) for m, k, n in rows]


async def mission_work_queue(  # the connection's filters and paging
    info: strawberry.Info,
    code: str,
    queue: str | None,
    status: str | None,
    first: int | None,
    after: str | None,
) -> WorkQueueConnection:
    context = context_of(info)
    authorize(context.account, "missionWorkQueue")
    size, offset = page_size(first), decode_cursor(after)
    rows, total = await off_loop(
        context.read_models.work_queue,
        code,
        queue=queue,
        status=status,
        limit=size,
        offset=offset,
    )
    end = offset + len(rows)
    return WorkQueueConnection(
        total_count=total,
        nodes=[
            WorkItem(
                id=strawberry.ID(r.item_id),
                queue=r.queue,
                kind=r.item_kind,
                status=r.status,
                citizen_id=strawberry.ID(r.citizen_id) if r.citizen_id else None,
                opened_at=r.opened_at,
                position=r.position,
            )
            for r in rows
        ],
        page_info=PageInfo(has_next_page=end < total, end_cursor=encode_cursor(end)),
    )
