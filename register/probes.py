"""Operational endpoints: liveness, readiness, and Prometheus metrics of the views' lag."""

from __future__ import annotations

from typing import TYPE_CHECKING

import structlog
from fastapi import APIRouter
from fastapi.responses import JSONResponse, PlainTextResponse

if TYPE_CHECKING:
    from register.bootstrap import Container

log = structlog.get_logger(__name__)


def probes(container: Container) -> APIRouter:
    router = APIRouter()

    @router.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/metrics")
    def metrics() -> PlainTextResponse:
        """Prometheus text: the store's position and each view's position and lag."""
        states = container.projector.status()
        head = max((v.position + v.lag for v in states), default=0)
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
        ]
        return PlainTextResponse("\n".join(lines) + "\n", media_type="text/plain; version=0.0.4")

    @router.get("/readyz")
    def readyz() -> JSONResponse:
        try:
            row = container.db.fetch_one("SELECT count(*) FROM missions")
        except Exception as e:  # noqa: BLE001  # any storage failure means not ready
            log.warning("readyz.storage_unavailable", error=type(e).__name__)
            return JSONResponse({"status": "unavailable", "storage": type(e).__name__}, 503)
        if not row or not row[0]:
            return JSONResponse({"status": "unavailable", "storage": "not migrated"}, 503)
        return JSONResponse({"status": "ready", "storage": container.storage.kind})

    return router
