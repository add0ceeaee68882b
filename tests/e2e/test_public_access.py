"""Tokenless requests: only public root fields are served, and each client address is limited."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest

from tests.e2e.sijill_process import Server, create_token, sijill

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

TYPENAME = {"query": "{ __typename }"}


@pytest.fixture(scope="module")
def limited_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server allowing tokenless clients a burst of 3, then one request every 2 s."""
    workdir: Path = tmp_path_factory.mktemp("limited")
    url = f"sqlite:///{workdir / 'register.db'}"
    sijill(url, "migrate", cwd=workdir)
    server = Server(
        url,
        workdir,
        {
            "SIJILL_PUBLIC_RATE": "0.5",
            "SIJILL_PUBLIC_BURST": "3",
            "SIJILL_TOKEN_RATE": "0.5",
            "SIJILL_TOKEN_BURST": "3",
        },
    )
    try:
        server.wait_until_ready()
        server.token = create_token(url, mission="PAR", role="clerk", name="busy", cwd=workdir)  # type: ignore[attr-defined]
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def limited(limited_server: Server) -> str:
    return limited_server.base_url


def test_a_public_field_is_served_without_a_token_until_the_address_is_limited(
    limited: str,
) -> None:
    with httpx.Client(base_url=limited) as client:
        answers = [client.post("/graphql", json=TYPENAME) for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].json() == {"data": {"__typename": "Query"}}
    assert int(answers[3].headers["retry-after"]) >= 1


def test_a_register_field_without_a_token_is_refused_before_any_limit(limited: str) -> None:
    answer = httpx.post(f"{limited}/graphql", json={"query": "{ me { name } }"})

    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"


def test_mixing_a_public_and_a_register_field_needs_a_token(limited: str) -> None:
    answer = httpx.post(f"{limited}/graphql", json={"query": "{ __typename me { name } }"})

    assert answer.status_code == 401


def test_a_bad_token_is_refused_even_for_a_public_field(limited: str) -> None:
    answer = httpx.post(
        f"{limited}/graphql", json=TYPENAME, headers={"Authorization": "Bearer sjl_forged"}
    )

    assert answer.status_code == 401


def test_an_account_over_its_rate_is_told_when_to_retry(limited_server: Server) -> None:
    token = limited_server.token  # type: ignore[attr-defined]
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=limited_server.base_url, headers=headers) as client:
        answers = [client.post("/graphql", json={"query": "{ me { name } }"}) for _ in range(4)]

    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert answers[0].json() == {"data": {"me": {"name": "busy"}}}
    assert int(answers[3].headers["retry-after"]) >= 1


def test_a_body_over_the_limit_is_refused_before_it_is_read(limited: str) -> None:
    answer = httpx.post(
        f"{limited}/graphql",
        content=b'{"query": "' + b" " * (300 * 1024) + b'{ __typename }"}',
        headers={"content-type": "application/json"},
    )

    assert answer.status_code == 413
    assert answer.json() == {"detail": "request body over 262144 bytes"}
