"""The real server on each backend, started once a session, and clients with CLI-made tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.conftest import BACKENDS, create_postgres_database, drop_postgres_database
from tests.e2e.deployment import Deployment
from tests.e2e.sijill_process import Server, sijill

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from tests.e2e.api_client import ApiClient


def _new_database(backend: str, directory: Path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{directory / 'register.db'}"
    return create_postgres_database("sijill_e2e")


def _drop_database(url: str) -> None:
    if url.startswith("postgresql"):
        drop_postgres_database(url)


@pytest.fixture(scope="session", params=BACKENDS)
def deployment(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    """`sijill migrate`, then `sijill serve` on a fresh database; stopped after the session."""
    workdir = tmp_path_factory.mktemp(f"e2e-{request.param}")
    url = _new_database(request.param, workdir)
    try:
        sijill(url, "migrate", cwd=workdir)
        # Public operations share one client address here: the shared server must not limit them.
        server = Server(
            url, workdir, {"SIJILL_PUBLIC_BURST": "100000", "SIJILL_TOKEN_BURST": "100000"}
        )
        try:
            server.wait_until_ready()
            yield Deployment(server)
        finally:
            server.stop()
        if "Traceback" in server.stderr():
            pytest.fail(f"the server logged a traceback:\n{server.stderr()}")
    finally:
        _drop_database(url)


@pytest.fixture
def live(deployment: Deployment) -> Iterator[Deployment]:
    """The deployment, failing the test that made the server log a traceback."""
    start = deployment.server.stderr_size()
    yield deployment
    logged = deployment.server.stderr(since=start)
    if "Traceback" in logged:
        pytest.fail(f"the server logged a traceback during this test:\n{logged}")


def _client(live: Deployment, name: str) -> Iterator[ApiClient]:
    with live.client(name) as client:
        yield client


@pytest.fixture
def amina(live: Deployment) -> Iterator[ApiClient]:
    """A clerk at the Paris embassy."""
    yield from _client(live, "amina")


@pytest.fixture
def omar(live: Deployment) -> Iterator[ApiClient]:
    """A clerk at the Montréal consulate."""
    yield from _client(live, "omar")


@pytest.fixture
def salma(live: Deployment) -> Iterator[ApiClient]:
    """An officer at the Dubai consulate: the only role here that may correct entries."""
    yield from _client(live, "salma")


@pytest.fixture
def idris(live: Deployment) -> Iterator[ApiClient]:
    """An auditor at the Brussels embassy: reads, never writes."""
    yield from _client(live, "idris")


@pytest.fixture(params=BACKENDS)
def blank_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new database no command has touched yet (not migrated), for the CLI tests."""
    url = _new_database(request.param, tmp_path)
    yield url
    _drop_database(url)
