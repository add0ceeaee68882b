"""The web app: GraphQL at /graphql (GraphiQL in a browser), the staff console at /console,
/healthz and /readyz.

No request answers a bare 500: a malformed request is a typed 400 (`INVALID_QUERY`), a database
outage a typed 503 with Retry-After (`UNAVAILABLE`), and a failure of ours is logged with its
traceback and answered as a typed 500 (`INTERNAL`).
"""

from __future__ import annotations

import math
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

import anyio.to_thread
import structlog
from fastapi import FastAPI, HTTPException, Request
from starlette.concurrency import run_in_threadpool

from register.access import PUBLIC_FIELDS
from register.audit.keys_web import audit_key
from register.web.console.mount import mount_console
from register.web.console.security import ConsoleHeaders
from register.web.context import Context
from register.web.graphiql import GraphQLWithLocalIDE, mount_graphiql_assets
from register.web.operations import MalformedRequest, read_operation
from register.web.schema import build_schema
from register.web.serving.answers import GRAPHQL_PATH, AnswerEveryRequest, refusal
from register.web.serving.probes import probes
from register.web.serving.ratelimit import RateLimiter

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from fastapi.responses import JSONResponse
    from starlette.types import Lifespan

    from register.bootstrap import Container

log = structlog.get_logger(__name__)


def _unauthorized() -> HTTPException:
    return HTTPException(
        status_code=401,
        detail="a valid bearer token is required (Authorization: Bearer …)",
        headers={"WWW-Authenticate": "Bearer"},
    )


def _within(limiter: RateLimiter, key: str, cost: int = 1) -> None:
    """Refuse with 429 and Retry-After when `key` (an address or an account) is over its rate."""
    wait = limiter.retry_after(key, cost)
    if wait is not None:
        raise HTTPException(
            status_code=429,
            detail="too many requests; retry later",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )


def create_app(container: Container, *, lifespan: Lifespan[FastAPI] | None = None) -> FastAPI:
    """The ASGI app over an already wired container; `lifespan` closes what a worker opened."""
    production = container.settings.production

    @asynccontextmanager
    async def running(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = (
            container.settings.server_threads
        )
        if lifespan is None:
            yield
            return
        async with lifespan(app):
            yield

    app = FastAPI(title="Sijill", docs_url=None, redoc_url=None, openapi_url=None, lifespan=running)

    public_limit = RateLimiter(
        rate=container.settings.public_rate, burst=container.settings.public_burst
    )
    token_limit = RateLimiter(
        rate=container.settings.token_rate, burst=container.settings.token_burst
    )

    async def get_context(request: Request) -> Context:
        """Read the request, then authenticate the bearer token; only public operations may go
        without one. A malformed request is refused first: reading it needs no database."""
        operation = await read_operation(request)
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
        if operation is None:
            return Context(container, None)  # the GraphiQL page itself
        fields = operation.root_fields
        if fields is None or not fields <= PUBLIC_FIELDS:
            raise _unauthorized()
        if operation.lookups > public_limit.burst:
            msg = f"a request may hold at most {public_limit.burst} public lookups"
            raise MalformedRequest(msg)
        address = request.client.host if request.client else "unknown"
        _within(public_limit, address, operation.lookups)
        return Context(container, None)

    graphql = GraphQLWithLocalIDE(
        build_schema(production=production),
        context_getter=get_context,
        graphql_ide=None if production else "graphiql",
    )
    app.include_router(graphql, prefix=GRAPHQL_PATH)
    if not production:
        mount_graphiql_assets(app)

    app.include_router(probes(container))
    app.include_router(audit_key(container))
    mount_console(app, container)

    _answer_every_request(app)
    app.add_middleware(ConsoleHeaders)  # outermost: even a typed 500 under /console gets them
    return app


def _answer_every_request(app: FastAPI) -> None:
    """The body limit, the request log, and a typed answer for whatever a route lets escape."""

    @app.exception_handler(MalformedRequest)
    async def malformed(request: Request, error: MalformedRequest) -> JSONResponse:
        log.info("graphql.malformed", field=error.field)
        return refusal(request.url.path, 400, error.code, error.message, error.field)

    app.add_middleware(AnswerEveryRequest)
