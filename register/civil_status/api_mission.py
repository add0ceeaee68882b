"""The Mission GraphQL type: a consular mission, and its views (roll, activity, statistics,
work queue) read through register/views/api.py."""

from __future__ import annotations

from datetime import date  # noqa: TC003  # strawberry reads resolver annotations at runtime
from typing import TYPE_CHECKING, Annotated

import strawberry

from register.web.scalars import read_dates

if TYPE_CHECKING:
    from register.store.missions import Mission as MissionRecord
    from register.views.api import (
        ActivityConnection,
        RollConnection,
        StatisticsRow,
        WorkQueueConnection,
    )


@strawberry.type
class Mission:
    code: str
    kind: str
    city: str
    country: str
    timezone: str
    languages: list[str]

    @classmethod
    def from_record(cls, m: MissionRecord) -> Mission:
        return cls(
            code=m.code,
            kind=m.kind,
            city=m.city,
            country=m.country,
            timezone=m.timezone,
            languages=list(m.languages),
        )

    @strawberry.field(description="The living citizens registered here, by family name.")
    async def roll(
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        from_: Annotated[
            date | None,
            strawberry.argument(name="from", description="Registered here on or after."),
        ] = None,
        to: Annotated[
            date | None, strawberry.argument(description="Registered on or before.")
        ] = None,
    ) -> Annotated[RollConnection, strawberry.lazy("register.views.api")]:
        from register.views.api import mission_roll  # noqa: PLC0415  # views import these types

        return await mission_roll(info, self.code, first, after, read_dates(from_, to))

    @strawberry.field(description="Transactions recorded here, newest first.")
    async def activity(  # the connection's filters and paging
        self,
        info: strawberry.Info,
        first: int | None = None,
        after: str | None = None,
        cross_mission_only: bool = False,  # noqa: FBT001, FBT002  # a GraphQL argument
        from_: Annotated[
            date | None,
            strawberry.argument(name="from", description="Recorded on or after (UTC date)."),
        ] = None,
        to: Annotated[
            date | None, strawberry.argument(description="Recorded on or before (UTC date).")
        ] = None,
    ) -> Annotated[ActivityConnection, strawberry.lazy("register.views.api")]:
        from register.views.api import mission_activity  # noqa: PLC0415

        return await mission_activity(
            info, self.code, first, after, read_dates(from_, to), cross_only=cross_mission_only
        )

    @strawberry.field(description="Counts per month and measure (births registered, …).")
    async def statistics(
        self, info: strawberry.Info, month: str | None = None
    ) -> list[Annotated[StatisticsRow, strawberry.lazy("register.views.api")]]:
        from register.views.api import mission_statistics  # noqa: PLC0415

        return await mission_statistics(info, self.code, month)

    @strawberry.field(description="Open work here (applications to decide, issue, hand over…).")
    async def work_queue(  # the connection's filters and paging
        self,
        info: strawberry.Info,
        queue: str | None = None,
        status: str | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Annotated[WorkQueueConnection, strawberry.lazy("register.views.api")]:
        from register.views.api import mission_work_queue  # noqa: PLC0415

        return await mission_work_queue(info, self.code, queue, status, first, after)
