"""One of several server processes on one port (`sijill serve --workers N`).

uvicorn binds the port in the parent and starts N processes that each build their own app here,
from the environment. What must happen once — following the views, drawing pools and sending
notices, signing checkpoints — runs in the parent, never in a worker. Each worker keeps its own
read-log buffer (flushed every few seconds and when it stops, as with one process) and a share of
every rate limit (`Settings.shared_by`).
"""

from __future__ import annotations

import os
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from register import log
from register.audit.read_log import start_flusher
from register.bootstrap import bootstrap
from register.settings import Settings
from register.web.app import create_app

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from fastapi import FastAPI

WORKERS_ENV = "SIJILL_SERVE_WORKERS"
"""How many workers share the port; set by `sijill serve` for the processes it starts."""


def worker_app() -> FastAPI:
    """The app of one worker process (uvicorn calls this in each)."""
    workers = int(os.environ.get(WORKERS_ENV, "1"))
    settings = Settings.from_env()
    log.configure(settings.log_level)
    container = bootstrap(settings.shared_by(workers))
    store = container.register.store
    reads, stop_reads = start_flusher(store.reads, store)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            stop_reads.set()
            reads.join(timeout=10)
            container.close()

    return create_app(container, lifespan=lifespan)
