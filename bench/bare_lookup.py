"""The lookup benchmark's baseline: a bare FastAPI endpoint running the lookup's SQL."""

from __future__ import annotations

import json
import os
from typing import Any

from fastapi import FastAPI
from psycopg_pool import ConnectionPool

pool = ConnectionPool(os.environ["SIJILL_DATABASE_URL"], min_size=4, max_size=10, open=True)
app = FastAPI()


@app.get("/healthz")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/citizen/{citizen_id}")
def citizen(citizen_id: str) -> dict[str, Any]:
    with pool.connection() as conn:
        rows = conn.execute(
            "SELECT originator_version, topic, state FROM register_events"
            " WHERE originator_id = %s ORDER BY originator_version",
            (citizen_id,),
        ).fetchall()
    return {"events": [{"version": v, "topic": t, "state": json.loads(s)} for v, t, s in rows]}
