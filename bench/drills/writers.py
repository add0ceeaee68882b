"""Concurrent clients that enrol citizens and retry each unacknowledged command with its id.

A command is acknowledged when its answer is 200 with no GraphQL error, no payload error and a
citizen id. Anything else — a refused connection, a timeout, a 5xx, a typed error — is counted
by kind and the same command (same `requestId`) is sent again after a short pause, until it is
acknowledged or the round's deadline passes. The clients never crash on an answer.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.drills.common import ENROL, enrolment

PAUSE_S = 0.25
"""Between a failed try and the retry: long enough not to spin on a dead server."""
TRY_TIMEOUT_S = 15.0


@dataclass
class Round:
    """What one round's clients saw (their belief; the store is counted separately)."""

    sent: dict[str, str]
    """request id → national ID, every command of the round."""
    acknowledged: dict[str, tuple[str, str]] = field(default_factory=dict)
    """request id → (national ID, citizen id the answer gave)."""
    tries: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    """Failed tries by kind: transport, timeout, unavailable (typed), http_5xx, http_other,
    graphql, payload:CODE."""
    samples: list[str] = field(default_factory=list)
    fault_at: float | None = None
    """When the fault was made (monotonic), None if the round ended before it."""
    restored_at: float | None = None
    """When the killed process answered again (monotonic)."""
    ack_times: list[float] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def first_ack_after_restore_s(self) -> float | None:
        """From the killed process being back to the first command acknowledged after it."""
        if self.restored_at is None:
            return None
        later = [t for t in self.ack_times if t >= self.restored_at]
        return min(later) - self.restored_at if later else None

    @property
    def retries(self) -> int:
        return self.tries - len(self.sent)

    def failed(self, kind: str, detail: str) -> None:
        self.failures[kind] = self.failures.get(kind, 0) + 1
        if len(self.samples) < 5:
            self.samples.append(f"{kind}: {detail[:200]}")


def outcome(response: httpx.Response) -> tuple[str | None, str]:
    """The citizen id acknowledged, or None and the kind of failure: an outage's typed refusal
    (503, `Retry-After`, every error `UNAVAILABLE`) is `unavailable`, any other 5xx `http_5xx`."""
    if response.status_code == 503 and response.headers.get("retry-after"):
        try:
            errors = response.json().get("errors") or []
        except ValueError:
            errors = []
        codes = {(e.get("extensions") or {}).get("code") for e in errors}
        if codes == {"UNAVAILABLE"}:
            return None, "unavailable"
    if response.status_code >= 500:
        return None, "http_5xx"
    if response.status_code != 200:
        return None, "http_other"
    body: dict[str, Any] = response.json()
    if body.get("errors"):
        refused = {str((e.get("extensions") or {}).get("code")) for e in body["errors"]}
        return None, "graphql:" + ",".join(sorted(refused))
    payload = body["data"]["enrollCitizen"]
    if payload["errors"]:
        return None, "payload:" + ",".join(sorted({e["code"] for e in payload["errors"]}))
    return payload["citizen"]["id"], ""


async def write(base: str, token: str, rnd: Round, clients: int, deadline_s: float) -> None:
    """Send every command of `rnd` with `clients` at once until acknowledged or the deadline."""
    queue: asyncio.Queue[str] = asyncio.Queue()
    for rid in rnd.sent:
        queue.put_nowait(rid)
    started = time.monotonic()
    deadline = started + deadline_s
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(
        base_url=base, headers=headers, timeout=TRY_TIMEOUT_S, limits=limits
    ) as client:

        async def one(rid: str) -> bool:
            rnd.tries += 1
            body = {"query": ENROL, "variables": {"input": enrolment(rnd.sent[rid], rid)}}
            try:
                response = await client.post("/graphql", json=body)
                citizen, kind = outcome(response)
                detail = response.text
            except httpx.TimeoutException as e:
                citizen, kind, detail = None, "timeout", repr(e)
            except httpx.TransportError as e:
                citizen, kind, detail = None, "transport", repr(e)
            if citizen is None:
                rnd.failed(kind, detail)
                return False
            rnd.acknowledged[rid] = (rnd.sent[rid], citizen)
            rnd.ack_times.append(time.monotonic())
            return True

        async def client_loop() -> None:
            while not queue.empty() and time.monotonic() < deadline:
                rid = queue.get_nowait()
                while time.monotonic() < deadline and not await one(rid):
                    await asyncio.sleep(PAUSE_S)

        await asyncio.gather(*(client_loop() for _ in range(clients)))
    rnd.seconds = time.monotonic() - started


def commands(prefix: str, first: int, count: int) -> dict[str, str]:
    """`count` new commands: request id → a national ID no other command of the drill uses."""
    return {f"{prefix}-{first + i}": f"{prefix[:2].upper()}{first + i:06d}" for i in range(count)}
