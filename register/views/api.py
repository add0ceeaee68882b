"""A mission's views in GraphQL: its roll, activity, statistics and work queue."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

import strawberry

from domain.casework.case import CASE_EVENT_TYPES
from register.access import Role, authorize
from register.civil_status.api_search import CitizenSummary
from register.views.operations import ViewOperation
from register.web.context import context_of, off_loop
from register.web.pagination import PageInfo, decode_cursor, encode_cursor, page_size

if TYPE_CHECKING:
    from register.access import Account
    from register.views.read_models import Activity, DateRange, ReadModels
    from register.views.read_models import WorkItem as ReadWorkItem


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


def activity_shown(  # the view's filters and paging
    read_models: ReadModels,
    account: Account,
    code: str,
    *,
    limit: int,
    before: int | None,
    cross_only: bool,
    dates: DateRange = (None, None),
) -> list[Activity]:
    """The mission's activity as `account` may see it (the API and the console alike)."""
    authorize(account, ViewOperation.MISSION_ACTIVITY)
    return read_models.activity(
        code,
        limit=limit,
        before=before,
        cross_mission_only=cross_only,
        recorded=dates,
        # Casework is confidential: even that a case exists, and whom it concerns, is for
        # auditors here, as in a citizen's history; officers read their cases by `case(id)`.
        hidden_types=() if account.role is Role.AUDITOR else CASE_EVENT_TYPES,
    )


def work_queue_shown(  # the queue's filters and paging
    read_models: ReadModels,
    account: Account,
    code: str,
    *,
    queue: str | None,
    status: str | None,
    limit: int,
    offset: int,
) -> tuple[list[ReadWorkItem], int]:
    """A page of the mission's open work, and its total (the API and the console alike)."""
    authorize(account, ViewOperation.MISSION_WORK_QUEUE)
    return read_models.work_queue(code, queue=queue, status=status, limit=limit, offset=offset)


async def mission_roll(
    info: strawberry.Info, code: str, first: int | None, after: str | None, dates: DateRange
) -> RollConnection:
    context = context_of(info)
    authorize(context.account, ViewOperation.MISSION_ROLL)
    size, offset = page_size(first), decode_cursor(after)
    rows, total = await off_loop(
        context.read_models.roll, code, limit=size, offset=offset, registered=dates
    )
    await off_loop(
        context.register.store.record_reads,
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
    authorize(context.account, ViewOperation.MISSION_ACTIVITY)
    size = page_size(first)
    before = decode_cursor(after) if after else None
    rows = await off_loop(
        activity_shown,
        context.read_models,
        context.account,
        code,
        limit=size + 1,
        before=before,
        cross_only=cross_only,
        dates=dates,
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
    authorize(context.account, ViewOperation.MISSION_STATISTICS)
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
    size, offset = page_size(first), decode_cursor(after)
    rows, total = await off_loop(
        work_queue_shown,
        context.read_models,
        context.account,
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
