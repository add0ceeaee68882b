"""`sijill serve --workers 2` on PostgreSQL: two processes answer on one port; the views'
follower runs once, in the parent; rate limits are shared out so together the workers allow no
more than the configured burst; every worker records its reads; stopping the parent stops all."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import psycopg

from register.views.following import APPLICATION_NAME
from tests.conftest import create_postgres_database, drop_postgres_database
from tests.e2e.api_client import ApiClient, operation
from tests.e2e.citizen_inputs import man_input, new_national_id
from tests.e2e.sijill_process import Server, create_token

if TYPE_CHECKING:
    from collections.abc import Iterator

import pytest

PUBLIC_BURST = 6


def children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def is_worker(pid: int) -> bool:
    """A serving worker (uvicorn's multiprocessing spawn), not the resource tracker."""
    command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    return b"spawn_main" in command


@pytest.fixture
def served(tmp_path: Path, postgres_url: str) -> Iterator[tuple[Server, str]]:
    del postgres_url  # the server's own database below; this only requires PostgreSQL
    url = create_postgres_database("sijill_workers")
    server = Server(
        url,
        tmp_path,
        {"SIJILL_PUBLIC_RATE": "0.001", "SIJILL_PUBLIC_BURST": str(PUBLIC_BURST)},
        options=("--workers", "2"),
    )
    try:
        server.wait_until_ready()
        yield server, url
    finally:
        server.stop()
        drop_postgres_database(url)


def test_two_workers_share_one_port_with_one_follower_and_a_shared_out_public_limit(
    served: tuple[Server, str], tmp_path: Path
) -> None:
    server, url = served
    workers = [pid for pid in children(server.pid) if is_worker(pid)]
    assert len(workers) == 2

    with psycopg.connect(url) as conn:
        followers = conn.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE application_name LIKE %s AND datname = current_database()",
            (f"{APPLICATION_NAME}:%",),
        ).fetchone()
    assert followers == (1,)  # the parent's, not one per worker

    token = create_token(url, mission="PAR", role="clerk", name="amina", cwd=tmp_path)
    given = man_input(nationalId=new_national_id())
    with ApiClient(server.base_url, token) as amina:
        enrolled = amina.data("EnrollCitizen", input=given)["enrollCitizen"]
        assert enrolled["errors"] == []
        citizen_id = enrolled["citizen"]["id"]
        found = amina.data(
            "SearchCitizens", query=given["familyName"], minPosition=enrolled["position"]
        )
        assert [e["node"]["id"] for e in found["searchCitizens"]["edges"]] == [citizen_id]
        for _ in range(6):  # new connections: the kernel spreads them over both workers
            with ApiClient(server.base_url, token) as again:
                assert again.data("LookUpCitizen", id=citizen_id)["citizen"]["id"] == citizen_id

    answered = []
    for _ in range(4 * PUBLIC_BURST):  # one connection each, so both workers are asked
        response = httpx.post(
            f"{server.base_url}/graphql",
            json={"query": operation("Services"), "variables": {"lang": "fr"}},
            timeout=10,
        )
        answered.append(response.status_code)
    assert set(answered) <= {200, 429}
    assert 1 <= answered.count(200) <= PUBLIC_BURST  # never more than the one configured burst

    auditor = create_token(url, mission="BRU", role="auditor", name="idris", cwd=tmp_path)
    deadline, reads = time.monotonic() + 15, []
    with ApiClient(server.base_url, auditor) as idris:
        while len(reads) < 7 and time.monotonic() < deadline:  # flushed every 2 s per worker
            time.sleep(0.5)
            log = idris.data("AccessLog", citizenId=citizen_id, first=50)["accessLog"]
            reads = [n for n in log["nodes"] if n["account"] == "amina"]
    assert len(reads) == 7  # the search's hit and six lookups, from whichever worker served

    server.stop()
    time.sleep(0.5)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
