"""What every HTTP request gets, whatever route it reaches: a body limit, a request id, one log
line, and a typed answer for whatever a route lets escape.

A plain ASGI middleware rather than `@app.middleware("http")`: Starlette's `BaseHTTPMiddleware`
spawns a task group per request and per body chunk, which cost a lookup a fifth of its time.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any
from uuid import uuid4

import structlog
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import ClientDisconnect

from register.store.outage import StorageUnavailable, is_outage
from register.web.schema import INTERNAL

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = structlog.get_logger(__name__)
MAX_BODY_BYTES = 256 * 1024
GRAPHQL_PATH = "/graphql"


def refusal(
    path: str, status: int, code: str, message: str, field: str | None = None
) -> JSONResponse:
    """A typed error: GraphQL's `errors` shape on /graphql, `{status, code, detail}` elsewhere."""
    if path.startswith(GRAPHQL_PATH):
        error = {"message": message, "extensions": {"code": code, "field": field}}
        return JSONResponse({"errors": [error]}, status)
    return JSONResponse({"status": "error", "code": code, "detail": message}, status)


def unavailable(path: str) -> JSONResponse:
    """503 with Retry-After: the database is down, nothing was written, retrying is safe."""
    outage = StorageUnavailable()
    response = refusal(path, 503, outage.code, str(outage))
    response.headers["Retry-After"] = str(outage.retry_after)
    return response


def _too_large() -> JSONResponse:
    return JSONResponse({"detail": f"request body over {MAX_BODY_BYTES} bytes"}, 413)


class AnswerEveryRequest:
    """Refuse bodies over MAX_BODY_BYTES before reading them (413); tag the answer with the
    request id (`X-Request-Id`, or a new one); log one line per request; answer an escaped
    outage as a typed 503 and any other escaped error as a typed 500, with its traceback in
    the log. A client that hangs up mid-request is logged as such, without a traceback."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        request_id = headers.get("x-request-id") or uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        path: str = scope["path"]
        status: list[int] = []

        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
                MutableHeaders(scope=message)["x-request-id"] = request_id
            await send(message)

        try:
            bounded = await self._bounded(scope, headers, receive)
            if bounded is None:
                await _too_large()(scope, _nothing, tagged)
            else:
                await self.app(scope, bounded, tagged)
        except ClientDisconnect:
            log.info("http.client_gone", path=path)
            return
        except Exception as e:  # whatever a route let escape still gets a typed answer
            if status:  # the answer has begun: it cannot be replaced, only cut short
                log.error("http.unexpected_after_start", path=path, exc_info=e)
                return
            if is_outage(e):
                log.warning("storage.request_refused", path=path)
                response = unavailable(path)
            else:
                log.error("http.unexpected", path=path, exc_info=e)
                response = refusal(path, 500, INTERNAL, "an unexpected error; it has been logged")
            await response(scope, _nothing, tagged)
        account: Any = scope.get("state", {}).get("account")
        log.info(
            "http.request",
            method=scope["method"],
            path=path,
            status=status[0] if status else None,
            ms=round((time.perf_counter() - started) * 1000, 1),
            account=account.name if account else None,
            mission=account.mission if account else None,
        )

    @staticmethod
    async def _bounded(scope: Scope, headers: Headers, receive: Receive) -> Receive | None:
        """`receive` if the body is within the limit (None: it is not). A declared length is
        judged unread; a chunked body is read, up to the limit, and replayed to the app."""
        declared = headers.get("content-length")
        if declared is not None:
            return receive if declared.isdigit() and int(declared) <= MAX_BODY_BYTES else None
        if scope["method"] != "POST":
            return receive
        chunks: list[bytes] = []
        size, more = 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ClientDisconnect
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY_BYTES:
                return None
            chunks.append(chunk)
            more = message.get("more_body", False)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": b"".join(chunks), "more_body": False}

        return replay


async def _nothing() -> Message:
    """The receive channel of an answer that needs no body."""
    return {"type": "http.disconnect"}
