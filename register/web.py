"""The web app: GraphQL at /graphql (GraphiQL in a browser), /healthz and /readyz."""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Any
from uuid import uuid4

import structlog
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.concurrency import run_in_threadpool
from strawberry.fastapi import GraphQLRouter

from register.access import PUBLIC_FIELDS
from register.gql.context import Context
from register.gql.operations import root_fields
from register.gql.schema import build_schema
from register.ratelimit import RateLimiter

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from starlette.responses import Response

    from register.bootstrap import Container

log = structlog.get_logger(__name__)


def _unauthorized() -> HTTPException:
    return HTTPException(
        status_code=401,
        detail="a valid bearer token is required (Authorization: Bearer …)",
        headers={"WWW-Authenticate": "Bearer"},
    )


def create_app(container: Container) -> FastAPI:
    """The ASGI app over an already wired container."""
    production = container.settings.production
    app = FastAPI(title="Sijill", docs_url=None, redoc_url=None, openapi_url=None)

    public_limit = RateLimiter(
        rate=container.settings.public_rate, burst=container.settings.public_burst
    )

    async def get_context(request: Request) -> Context:
        """Authenticate the bearer token; only public operations may go without one."""
        header = request.headers.get("authorization", "")
        account = None
        if header[:7].lower() == "bearer ":
            account = await run_in_threadpool(container.tokens.authenticate, header[7:].strip())
            if account is None:
                raise _unauthorized()
        if account is not None:
            request.state.account = account
            structlog.contextvars.bind_contextvars(account=account.name, mission=account.mission)
            return Context(container, account)
        if request.method == "GET" and "query" not in request.query_params:
            return Context(container, None)  # the GraphiQL page itself
        fields = await root_fields(request)
        if fields is None or not fields <= PUBLIC_FIELDS:
            raise _unauthorized()
        client = request.client.host if request.client else "unknown"
        wait = public_limit.retry_after(client)
        if wait is not None:
            raise HTTPException(
                status_code=429,
                detail="too many requests from this address; retry later",
                headers={"Retry-After": str(max(1, math.ceil(wait)))},
            )
        return Context(container, None)

    graphql: GraphQLRouter[Context, None] = GraphQLRouter(
        build_schema(production=production),
        context_getter=get_context,
        graphql_ide=None if production else "graphiql",
    )
    app.include_router(graphql, prefix="/graphql")

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/metrics")
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

    @app.get("/readyz")
    def readyz() -> JSONResponse:
        try:
            row = container.db.fetch_one("SELECT count(*) FROM missions")
        except Exception as e:  # noqa: BLE001  # any storage failure means not ready
            log.warning("readyz.storage_unavailable", error=type(e).__name__)
            return JSONResponse({"status": "unavailable", "storage": type(e).__name__}, 503)
        if not row or not row[0]:
            return JSONResponse({"status": "unavailable", "storage": "not migrated"}, 503)
        return JSONResponse({"status": "ready", "storage": container.storage.kind})

    @app.middleware("http")
    async def request_log(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        request_id = request.headers.get("x-request-id") or uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        response = await call_next(request)
        response.headers["x-request-id"] = request_id
        account: Any = getattr(request.state, "account", None)
        log.info(
            "http.request",
            method=request.method,
            path=request.url.path,
            status=response.status_code,
            ms=round((time.perf_counter() - started) * 1000, 1),
            account=account.name if account else None,
            mission=account.mission if account else None,
        )
        return response

    return app
