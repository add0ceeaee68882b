"""The web app: GraphQL at /graphql (GraphiQL in a browser), /healthz and /readyz."""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING, Any
from uuid import uuid4

import structlog
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from register.access import PUBLIC_FIELDS
from register.audit_web import audit_key
from register.gql.context import Context
from register.gql.operations import root_fields
from register.gql.schema import build_schema
from register.graphiql import GraphQLWithLocalIDE, mount_graphiql_assets
from register.probes import probes
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


def _within(limiter: RateLimiter, key: str) -> None:
    """Refuse with 429 and Retry-After when `key` (an address or an account) is over its rate."""
    wait = limiter.retry_after(key)
    if wait is not None:
        raise HTTPException(
            status_code=429,
            detail="too many requests; retry later",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )


MAX_BODY_BYTES = 256 * 1024


def create_app(container: Container) -> FastAPI:
    """The ASGI app over an already wired container."""
    production = container.settings.production
    app = FastAPI(title="Sijill", docs_url=None, redoc_url=None, openapi_url=None)

    public_limit = RateLimiter(
        rate=container.settings.public_rate, burst=container.settings.public_burst
    )
    token_limit = RateLimiter(
        rate=container.settings.token_rate, burst=container.settings.token_burst
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
            _within(token_limit, account.name)
            request.state.account = account
            structlog.contextvars.bind_contextvars(account=account.name, mission=account.mission)
            return Context(container, account)
        if request.method == "GET" and "query" not in request.query_params:
            return Context(container, None)  # the GraphiQL page itself
        fields = await root_fields(request)
        if fields is None or not fields <= PUBLIC_FIELDS:
            raise _unauthorized()
        _within(public_limit, request.client.host if request.client else "unknown")
        return Context(container, None)

    graphql = GraphQLWithLocalIDE(
        build_schema(production=production),
        context_getter=get_context,
        graphql_ide=None if production else "graphiql",
    )
    app.include_router(graphql, prefix="/graphql")
    if not production:
        mount_graphiql_assets(app)

    app.include_router(probes(container))
    app.include_router(audit_key(container))

    @app.middleware("http")
    async def body_limit(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Refuse bodies over MAX_BODY_BYTES before reading them (413)."""
        declared = request.headers.get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
            return JSONResponse({"detail": f"request body over {MAX_BODY_BYTES} bytes"}, 413)
        if declared is None and request.method == "POST":
            body = await request.body()  # chunked: read it, bounded by the server's own limits
            if len(body) > MAX_BODY_BYTES:
                return JSONResponse({"detail": f"request body over {MAX_BODY_BYTES} bytes"}, 413)
        return await call_next(request)

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
