"""The consular-services e2e fixtures: the starter guide, and accounts at more missions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.e2e.api_client import ApiClient
from tests.e2e.sijill_process import create_token

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tests.e2e.deployment import Deployment

MORE_ACCOUNTS = {
    "karim": ("PAR", "officer"),
    "rachid": ("PAR", "admin"),
    "hassan": ("DXB", "admin"),
    "dounia": ("DXB", "clerk"),
    "yasmine": ("RUH", "officer"),
    "nadia": ("CAI", "officer"),
}
"""Accounts beside tests/e2e/deployment.py's: name → (mission, role)."""
_tokens: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="session")
def guide(deployment: Deployment) -> Deployment:
    """The deployment with the starter guide loaded by `sijill guide seed` (once per backend)."""
    deployment.sijill("guide", "seed")
    return deployment


def client_as(live: Deployment, name: str) -> ApiClient:
    """A client acting as `name` (of MORE_ACCOUNTS), its token made once per deployment."""
    key = (live.database_url, name)
    if key not in _tokens:
        mission, role = MORE_ACCOUNTS[name]
        _tokens[key] = create_token(
            live.database_url, mission=mission, role=role, name=name, cwd=live.server.workdir
        )
    return ApiClient(live.base_url, _tokens[key])


def _client(live: Deployment, name: str) -> Iterator[ApiClient]:
    with client_as(live, name) as client:
        yield client


@pytest.fixture
def karim(live: Deployment) -> Iterator[ApiClient]:
    """An officer at the Paris embassy."""
    yield from _client(live, "karim")


@pytest.fixture
def rachid(live: Deployment) -> Iterator[ApiClient]:
    """An admin at the Paris embassy: edits the guide."""
    yield from _client(live, "rachid")


@pytest.fixture
def hassan(live: Deployment) -> Iterator[ApiClient]:
    """An admin at the Dubai consulate."""
    yield from _client(live, "hassan")


@pytest.fixture
def dounia(live: Deployment) -> Iterator[ApiClient]:
    """A clerk at the Dubai consulate."""
    yield from _client(live, "dounia")


@pytest.fixture
def yasmine(live: Deployment) -> Iterator[ApiClient]:
    """An officer at the Riyadh embassy: receives a case handed over from Dubai."""
    yield from _client(live, "yasmine")


@pytest.fixture
def nadia(live: Deployment) -> Iterator[ApiClient]:
    """An officer at the Cairo embassy: a mission unrelated to the cases here."""
    yield from _client(live, "nadia")
