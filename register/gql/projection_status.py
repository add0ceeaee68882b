"""How far the views have applied the event store: `projectionStatus` and read-your-writes."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from register.access import authorize
from register.gql.context import context_of, off_loop
from register.projector import ViewsBehind


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
class ProjectionQuery:
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
