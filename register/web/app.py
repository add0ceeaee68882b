"""The web app: GraphQL at /graphql (GraphiQL in a browser), /healthz and /readyz.

No request answers a bare 500: a malformed request is a typed 400 (`INVALID_QUERY`), a database
outage a typed 503 with Retry-After (`UNAVAILABLE`), and a failure of ours is logged with its
traceback and answered as a typed 500 (`INTERNAL`).
"""

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
from register.audit.keys_web import audit_key
from register.store.outage import StorageUnavailable, is_outage
from register.web.context import Context
from register.web.graphiql import GraphQLWithLocalIDE, mount_graphiql_assets
from register.web.operations import MalformedRequest, read_operation
from register.web.probes import probes
from register.web.ratelimit import RateLimiter
from register.web.schema import INTERNAL, build_schema

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
GRAPHQL_PATH = "/graphql"


def _refusal(
    path: str, status: int, code: str, message: str, field: str | None = None
) -> JSONResponse:
    """A typed error: GraphQL's `errors` shape on /graphql, `{status, code, detail}` elsewhere."""
    if path.startswith(GRAPHQL_PATH):
        error = {"message": message, "extensions": {"code": code, "field": field}}
        return JSONResponse({"errors": [error]}, status)
    return JSONResponse({"status": "error", "code": code, "detail": message}, status)


def _unavailable(path: str) -> JSONResponse:
    """503 with Retry-After: the database is down, nothing was written, retrying is safe."""
    outage = StorageUnavailable()
    response = _refusal(path, 503, outage.code, str(outage))
    response.headers["Retry-After"] = str(outage.retry_after)
    return response


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
        _within(public_limit, request.client.host if request.client else "unknown")
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

    _answer_every_request(app)
    return app


def _answer_every_request(app: FastAPI) -> None:
    """The body limit, the request log, and a typed answer for whatever a route lets escape."""

    @app.exception_handler(MalformedRequest)
    async def malformed(request: Request, error: MalformedRequest) -> JSONResponse:
        log.info("graphql.malformed", field=error.field)
        return _refusal(request.url.path, 400, error.code, error.message, error.field)

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
        try:
            response = await call_next(request)
        except Exception as e:  # whatever a route let escape still gets a typed answer
            if is_outage(e):
                log.warning("storage.request_refused", path=request.url.path)
                response = _unavailable(request.url.path)
            else:
                log.error("http.unexpected", path=request.url.path, exc_info=e)
                message = "an unexpected error; it has been logged"
                response = _refusal(request.url.path, 500, INTERNAL, message)
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
