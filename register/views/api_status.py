"""How far the views have applied the event store: `projectionStatus` and read-your-writes."""

from __future__ import annotations

import strawberry
from graphql import GraphQLError

from register.access import authorize
from register.views import dead_letters
from register.views.operations import ViewOperation
from register.views.projector import ViewsBehind
from register.web.context import context_of, off_loop


@strawberry.type
class ViewState:
    name: str
    position: int
    lag: int = strawberry.field(description="Events recorded that the view has not applied.")
    skipped_events: int = strawberry.field(
        description="Events the view went on without: values it could not store (deadLetters)."
    )
    stopped_at: int | None = strawberry.field(
        description="The event the view is held before, when it stopped on one it could not "
        "apply (the other views go on); null while it runs."
    )
    stopped_reason: str | None = strawberry.field(
        description="Why it stopped: the error's type and first line, never event data."
    )


@strawberry.type
class DeadLetter:
    view: str
    position: int
    topic: str
    action: str = strawberry.field(description="SKIPPED (the view went on) or STOPPED.")
    error: str
    failures: int
    recorded_at: str


MAX_DEAD_LETTERS = 500


@strawberry.type
class ProjectionStatus:
    store_position: int
    views: list[ViewState]

    @strawberry.field(description="The latest events a view could not apply, newest first.")
    async def dead_letters(self, info: strawberry.Info, limit: int = 50) -> list[DeadLetter]:
        if not 0 < limit <= MAX_DEAD_LETTERS:
            msg = f"limit is between 1 and {MAX_DEAD_LETTERS}"
            raise GraphQLError(msg, extensions={"code": "OUT_OF_RANGE", "field": "limit"})
        letters = await off_loop(dead_letters.latest, context_of(info).projector.db, limit=limit)
        return [
            DeadLetter(
                view=d.view,
                position=d.position,
                topic=d.topic,
                action=d.action.upper(),
                error=d.error,
                failures=d.failures,
                recorded_at=d.recorded_at,
            )
            for d in letters
        ]


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
        authorize(context.account, ViewOperation.PROJECTION_STATUS)
        states = await off_loop(context.projector.status)
        head = max((s.position + s.lag for s in states), default=0)
        return ProjectionStatus(
            store_position=head,
            views=[
                ViewState(
                    name=s.name,
                    position=s.position,
                    lag=s.lag,
                    skipped_events=s.skipped,
                    stopped_at=s.stopped_at,
                    stopped_reason=s.stopped_reason,
                )
                for s in states
            ],
        )
