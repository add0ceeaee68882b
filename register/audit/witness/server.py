"""`sijill witness serve`: the witness over HTTP (tlog-witness's add-checkpoint, and reads)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from register.audit.witness.witness import UNREADABLE_STATE

if TYPE_CHECKING:
    from register.audit.witness.witness import Witness

MAX_BODY = 64 * 1024
"""A checkpoint, 63 proof lines and a few signatures fit in a few kilobytes."""


def witness_app(witness: Witness) -> FastAPI:
    app = FastAPI(title="Sijill witness", docs_url=None, redoc_url=None, openapi_url=None)

    @app.post("/add-checkpoint")
    async def add_checkpoint(request: Request) -> PlainTextResponse:
        """Cosign a checkpoint that extends the last one cosigned (C2SP tlog-witness)."""
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY:
                return PlainTextResponse(f"a body over {MAX_BODY} bytes\n", 413)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return PlainTextResponse("the body is not UTF-8 text\n", 400)
        answer = await run_in_threadpool(witness.add_checkpoint, text)
        return PlainTextResponse(answer.body, answer.status, media_type=answer.content_type)

    @app.get("/checkpoint")
    async def checkpoint() -> PlainTextResponse:
        """The latest checkpoint cosigned, with the register's signature and the cosignature."""
        try:
            latest = await run_in_threadpool(witness.latest)
        except ValueError:  # not UTF-8: the state directory was damaged
            return PlainTextResponse(UNREADABLE_STATE, 503)
        if latest is None:
            return PlainTextResponse("no checkpoint cosigned yet\n", 404)
        return PlainTextResponse(latest)

    @app.get("/key")
    async def key() -> PlainTextResponse:
        """The witness's public key: base64 (as SIJILL_WITNESSES takes it), then the vkey."""
        return PlainTextResponse("\n".join(witness.published()) + "\n")

    @app.get("/healthz")
    async def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
