"""Operational endpoints: liveness, readiness, and Prometheus metrics of the views' lag."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import structlog
from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse

from register.audit.witness.cosigning import metric_lines
from register.store.outage import RETRY_AFTER_S, StorageUnavailable
from register.views.following import live_followers

if TYPE_CHECKING:
    from register.bootstrap import Container
    from register.views.projector import ViewStatus

log = structlog.get_logger(__name__)


def view_problems(container: Container, states: list[ViewStatus]) -> list[str]:
    """Why the views are not being kept current, in words an operator acts on (empty: they are).

    A view lagging beyond SIJILL_READY_MAX_LAG, this process's follower when it is not running,
    and on PostgreSQL a view no process follows. A view stopped before one event is reported
    apart (`stopped_views`): the server still serves, and the view's lag turns into a problem
    once it passes the bound.
    """
    bound = container.settings.ready_max_lag
    problems = [
        f"view {s.name} lags {s.lag} events (bound {bound})" for s in states if s.lag > bound
    ]
    follower = container.projector.follower
    if follower is not None and follower.state != "running":
        since = round(time.monotonic() - follower.since)
        problems.append(f"follower {follower.state} for {since} s: {follower.error or 'ended'}")
    elif follower is None and container.storage.kind == "postgresql":
        followed = live_followers(container.db)
        if "*" not in followed:
            problems += [
                f"view {s.name} has no running follower (sijill project)"
                for s in states
                if s.name not in followed
            ]
    return problems


def probes(container: Container) -> APIRouter:
    router = APIRouter()

    @router.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/metrics")
    def metrics() -> PlainTextResponse:
        """Prometheus text: the store's position, each view's position, lag and dead letters."""
        states = container.projector.status()
        head = max((v.position + v.lag for v in states), default=0)
        follower = container.projector.follower
        lines = [
            "# HELP sijill_store_position Notification id of the last event recorded.",
            "# TYPE sijill_store_position gauge",
            f"sijill_store_position {head}",
            "# HELP sijill_view_position Last event position a view has applied.",
            "# TYPE sijill_view_position gauge",
            *(f'sijill_view_position{{view="{v.name}"}} {v.position}' for v in states),
            "# HELP sijill_view_lag Events recorded that a view has not applied yet.",
            "# TYPE sijill_view_lag gauge",
            *(f'sijill_view_lag{{view="{v.name}"}} {v.lag}' for v in states),
            "# HELP sijill_view_skipped_events Events a view went on without (dead letters).",
            "# TYPE sijill_view_skipped_events gauge",
            *(f'sijill_view_skipped_events{{view="{v.name}"}} {v.skipped}' for v in states),
            "# HELP sijill_view_stopped 1 when a view is held before an event it failed on.",
            "# TYPE sijill_view_stopped gauge",
            *(
                f'sijill_view_stopped{{view="{v.name}"}} {int(v.stopped_at is not None)}'
                for v in states
            ),
        ]
        if follower is not None:
            lines += [
                "# HELP sijill_follower_up 1 while this process's follower is running.",
                "# TYPE sijill_follower_up gauge",
                f"sijill_follower_up {int(follower.state == 'running')}",
                "# HELP sijill_follower_failures Failures since the follower last ran.",
                "# TYPE sijill_follower_failures gauge",
                f"sijill_follower_failures {follower.failures}",
            ]
        if container.audit.witnesses is not None:
            try:
                lines += metric_lines(container.audit.witnesses)
            except StorageUnavailable:
                raise  # answered 503 like any request while the database is out of reach
            except Exception:  # the views' metrics stay served without them
                log.exception("metrics.witnesses_failed")
        return PlainTextResponse("\n".join(lines) + "\n", media_type="text/plain; version=0.0.4")

    @router.get("/readyz")
    def readyz() -> JSONResponse:
        kind = container.storage.kind
        try:
            row = container.db.fetch_one("SELECT count(*) FROM missions")
            if not row or not row[0]:
                return JSONResponse({"status": "unavailable", "storage": "not migrated"}, 503)
            states = container.projector.status()
            problems = view_problems(container, states)
        except Exception as e:  # noqa: BLE001  # any storage failure means not ready
            log.warning("readyz.storage_unavailable", error=type(e).__name__)
            return JSONResponse(
                {"status": "unavailable", "storage": type(e).__name__},
                503,
                headers={"Retry-After": str(RETRY_AFTER_S)},
            )
        body: dict[str, object] = {"status": "ready", "storage": kind}
        skipped = {s.name: s.skipped for s in states if s.skipped}
        if skipped:
            body["skipped_events"] = skipped
        stopped = {
            s.name: f"before event {s.stopped_at}: {s.stopped_reason}"
            for s in states
            if s.stopped_at is not None
        }
        if stopped:
            body["stopped_views"] = stopped
        if problems:
            body.update(status="unavailable", problems=problems)
            return JSONResponse(body, 503)
        return JSONResponse(body)

    return router
