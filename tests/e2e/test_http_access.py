"""Who gets in over HTTP: tokens made and revoked by the CLI, the IDE, health and readiness."""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from typing import TYPE_CHECKING

import httpx

from register.store.storage import Database, Storage
from tests.e2e.api_client import operation

if TYPE_CHECKING:
    from tests.e2e.api_client import ApiClient
    from tests.e2e.deployment import Deployment

UNAUTHORIZED = {"detail": "a valid bearer token is required (Authorization: Bearer …)"}


def post_me(live: Deployment, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(f"{live.base_url}/graphql", json={"query": operation("Me")}, headers=headers)


def test_a_request_without_a_token_is_refused_with_401(live: Deployment) -> None:
    response = post_me(live, {})

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == UNAUTHORIZED


def test_a_garbage_token_is_refused_with_401(live: Deployment) -> None:
    for garbage in ("garbage", "sjl_not-a-token-anyone-was-given"):
        response = post_me(live, {"Authorization": f"Bearer {garbage}"})

        assert response.status_code == 401
        assert response.json() == UNAUTHORIZED


def test_a_revoked_token_is_refused_with_401(live: Deployment) -> None:
    token = live.new_token("amina")
    headers = {"Authorization": f"Bearer {token}"}
    assert post_me(live, headers).json() == {
        "data": {"me": {"name": "amina", "role": "clerk", "mission": "PAR"}}
    }

    assert live.sijill("token", "revoke", token).strip() == "revoked 1 token(s)"

    response = post_me(live, headers)
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_a_browser_gets_the_graphiql_page_without_a_token(live: Deployment) -> None:
    response = httpx.get(f"{live.base_url}/graphql", headers={"Accept": "text/html"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "graphiql" in response.text.lower()


class _Resources(HTMLParser):
    """What a page loads: every address, and its scripts and stylesheets with their integrity."""

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []
        self.scripts: list[tuple[str, str | None]] = []
        self.stylesheets: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        address = found.get("src") or (found.get("href") if tag == "link" else None)
        if address:
            self.addresses.append(address)
        if tag == "script" and found.get("src"):
            self.scripts.append((str(found["src"]), found.get("integrity")))
        if tag == "link" and found.get("rel") == "stylesheet":
            self.stylesheets.append((str(found["href"]), found.get("integrity")))


def graphiql_resources(live: Deployment) -> _Resources:
    page = httpx.get(f"{live.base_url}/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    resources = _Resources()
    resources.feed(page.text)
    return resources


def test_the_graphiql_page_loads_nothing_from_another_origin(live: Deployment) -> None:
    resources = graphiql_resources(live)

    assert len(resources.scripts) == 5
    assert len(resources.stylesheets) == 2
    for address in resources.addresses:
        local = address.startswith("/graphiql-assets/") and "//" not in address
        assert local or address.startswith("data:"), address


def test_every_graphiql_asset_is_served_without_a_token_and_matches_its_hash(
    live: Deployment,
) -> None:
    resources = graphiql_resources(live)
    kinds = [(resources.scripts, "javascript"), (resources.stylesheets, "text/css")]

    for listed, content_type in kinds:
        for address, integrity in listed:
            response = httpx.get(f"{live.base_url}{address}")

            assert response.status_code == 200, address
            assert content_type in response.headers["content-type"], address
            assert "immutable" in response.headers["cache-control"], address
            digest = base64.b64encode(hashlib.sha384(response.content).digest()).decode()
            assert integrity == f"sha384-{digest}", address


def test_healthz_says_ok(live: Deployment) -> None:
    response = httpx.get(f"{live.base_url}/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_says_ready_on_the_backend_it_serves(live: Deployment) -> None:
    response = httpx.get(f"{live.base_url}/readyz")

    assert response.status_code == 200
    kind = Storage.from_url(live.database_url).kind
    assert response.json() == {"status": "ready", "storage": kind}


def test_me_names_the_account_the_token_was_made_for(omar: ApiClient) -> None:
    assert omar.data("Me") == {"me": {"name": "omar", "role": "clerk", "mission": "MTL"}}


def test_missions_lists_the_reference_table(live: Deployment, idris: ApiClient) -> None:
    db = Database(Storage.from_url(live.database_url))
    try:
        rows = db.fetch_all(
            "SELECT code, kind, city, country, timezone, languages FROM missions ORDER BY code"
        )
    finally:
        db.close()

    data = idris.data("Missions")

    assert data == {
        "missions": [
            {
                "code": code,
                "kind": kind,
                "city": city,
                "country": country,
                "timezone": timezone,
                "languages": languages.split(","),
            }
            for code, kind, city, country, timezone, languages in rows
        ]
    }
    assert {
        "code": "PAR",
        "kind": "embassy",
        "city": "Paris",
        "country": "FRA",
        "timezone": "Europe/Paris",
        "languages": ["ar", "fr"],
    } in data["missions"]
