"""A consulate's GraphQL client: the named operations of graphql/operations, posted over HTTP."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

if TYPE_CHECKING:
    from types import TracebackType

OPERATIONS = Path(__file__).resolve().parents[2] / "graphql" / "operations"
FRAGMENTS = OPERATIONS / "fragments"
SPREAD = re.compile(r"\.\.\.\s*(?!on\b)([_A-Za-z]\w*)")
"""A fragment spread `...Name` (not an inline fragment `... on Type`)."""


@cache
def operation(name: str) -> str:
    """The text of graphql/operations/NAME.graphql with the fragments it spreads."""
    return with_fragments((OPERATIONS / f"{name}.graphql").read_text(encoding="utf-8"))


def with_fragments(text: str) -> str:
    """TEXT followed by each fragment of graphql/operations/fragments it spreads, directly or
    through another fragment, once and in the order first spread: a document must define every
    fragment it spreads and no other."""
    names: list[str] = []
    pending = [text]
    while pending:
        for name in SPREAD.findall(pending.pop(0)):
            if name not in names:
                names.append(name)
                pending.append(fragment(name))
    return "".join([text, *(fragment(name) for name in names)])


@cache
def fragment(name: str) -> str:
    """The text of graphql/operations/fragments/NAME.graphql."""
    return (FRAGMENTS / f"{name}.graphql").read_text(encoding="utf-8")


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
