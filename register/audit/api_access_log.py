"""The access log in GraphQL: who read which record, where and when (for auditors)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from register.access import Role, authorize
from register.audit.operations import AuditOperation
from register.views.api_status import see_at_least
from register.web.context import context_of, off_loop
from register.web.pagination import PageInfo, decode_cursor, encode_cursor, page_size

if TYPE_CHECKING:
    from register.access import Account
    from register.views.read_models import Read, ReadModels


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


CONFIDENTIAL_KINDS = ("case",)
"""Kinds of record whose reads only auditors see in the access log."""


def reads_shown(  # the log's filters and paging
    read_models: ReadModels,
    account: Account,
    *,
    record_id: str | None,
    reader: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    offset: int,
) -> list[Read]:
    """Recorded reads as `account` may list them (the API and the console alike)."""
    authorize(account, AuditOperation.ACCESS_LOG)
    return read_models.access_log(
        record_id=record_id,
        account=reader,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
        # Reads of cases are as confidential as the cases: auditors only (admins see the rest).
        hidden_kinds=() if account.role is Role.AUDITOR else CONFIDENTIAL_KINDS,
    )


@strawberry.type
class AccessLogQuery:
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
        authorize(context.account, AuditOperation.ACCESS_LOG)
        size, offset = page_size(first), decode_cursor(after)
        await see_at_least(info, min_position)
        rows = await off_loop(
            reads_shown,
            context.read_models,
            context.account,
            record_id=str(citizen_id) if citizen_id else None,
            reader=account,
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
