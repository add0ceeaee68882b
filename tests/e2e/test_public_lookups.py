"""Public lookups are counted one by one, aliases and all, and every answer of one takes the
public floor, a refusal of a malformed number too: a request's shape buys no extra guesses and
timing tells nothing."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import httpx
import pytest

from domain.services import tracking_number
from tests.e2e.sijill_process import Server, sijill

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

BURST = 5
GOOD = tracking_number.issue("PAR", 2026)  # well formed, never issued: found nowhere
MISTYPED = GOOD[:-1] + ("A" if GOOD[-1] != "A" else "B")


def lookups(count: int, number: str = GOOD) -> dict[str, object]:
    fields = " ".join(
        f'l{i}: trackRequest(trackingNumber: "{number}", birthDate: "1990-01-0{i % 9 + 1}")'
        " { status }"
        for i in range(count)
    )
    return {"query": f"{{ {fields} }}"}


@pytest.fixture
def server(tmp_path: Path, database_url: str) -> Iterator[Server]:
    sijill(database_url, "migrate", cwd=tmp_path)
    running = Server(
        database_url,
        tmp_path,
        {"SIJILL_PUBLIC_RATE": "0.001", "SIJILL_PUBLIC_BURST": str(BURST)},
    )
    try:
        running.wait_until_ready()
        yield running
    finally:
        running.stop()


def test_each_aliased_lookup_is_one_guess_and_a_mistyped_number_waits_the_floor(
    server: Server,
) -> None:
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        began = time.perf_counter()
        mistyped = client.post("/graphql", json=lookups(1, MISTYPED))
        took = time.perf_counter() - began
        three = client.post("/graphql", json=lookups(3))  # 4 of 5 spent
        two = client.post("/graphql", json=lookups(2))  # 1 left: refused
        one = client.post("/graphql", json=lookups(1))  # the last one
        too_many = client.post("/graphql", json=lookups(BURST + 1))

    assert mistyped.status_code == 200
    assert [e["extensions"] for e in mistyped.json()["errors"]] == [
        {"code": "INVALID_FORMAT", "field": "trackingNumber"}
    ]
    assert took >= 0.1  # the floor, as for a number looked up and not found
    assert three.status_code == 200
    assert three.json() == {"data": {"l0": None, "l1": None, "l2": None}}
    assert two.status_code == 429
    assert one.status_code == 200
    assert one.json() == {"data": {"l0": None}}
    assert too_many.status_code == 400
    assert too_many.json()["errors"][0]["extensions"]["code"] == "INVALID_QUERY"
    assert f"at most {BURST} public lookups" in too_many.json()["errors"][0]["message"]
