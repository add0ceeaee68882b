"""A consulate's GraphQL client: the named operations of graphql/operations, posted over HTTP."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from types import TracebackType

OPERATIONS = Path(__file__).resolve().parents[2] / "graphql" / "operations"


@cache
def operation(name: str) -> str:
    """The text of graphql/operations/NAME.graphql."""
    return (OPERATIONS / f"{name}.graphql").read_text(encoding="utf-8")


class ApiClient:
    """One client connection; `token` None sends no Authorization header."""

    def __init__(self, base_url: str, token: str | None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        self.http = httpx.Client(base_url=base_url, headers=headers, timeout=30.0)

    def post(self, query: str, variables: dict[str, Any] | None = None) -> httpx.Response:
        return self.http.post("/graphql", json={"query": query, "variables": variables or {}})

    def run(self, name: str, **variables: Any) -> dict[str, Any]:
        """The whole response body of operation NAME (which must answer 200)."""
        response = self.post(operation(name), variables)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def data(self, name: str, **variables: Any) -> dict[str, Any]:
        """The `data` of operation NAME, asserting the response carries no GraphQL errors."""
        body = self.run(name, **variables)
        assert "errors" not in body, body["errors"]
        data: dict[str, Any] = body["data"]
        return data

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> ApiClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
