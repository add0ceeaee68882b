"""GraphiQL with no network beyond Sijill: a pinned page whose scripts and styles we serve; and
the GraphQL router that serves it."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from strawberry.fastapi import GraphQLRouter

from register.store.outage import StorageUnavailable
from register.web.context import Context

if TYPE_CHECKING:
    import os

    from fastapi import FastAPI, Request
    from starlette.responses import Response
    from starlette.types import Scope
    from strawberry.http import GraphQLHTTPResponse

ASSETS_PATH = "/graphiql-assets"
_HERE = Path(__file__).parent / "graphiql-ide"

# Asset folders are named by package and version, so an address never changes what it serves.
_CACHE_CONTROL = "public, max-age=31536000, immutable"


class _PinnedFiles(StaticFiles):
    """Static files a browser may keep for a year."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = _CACHE_CONTROL
        return response


@cache
def graphiql_page() -> str:
    """strawberry's GraphiQL page, loading its assets from ASSETS_PATH instead of unpkg."""
    return (_HERE / "graphiql.html").read_text(encoding="utf-8")


class GraphQLWithLocalIDE(GraphQLRouter[Context, None]):
    """strawberry's router, with a GraphiQL page that needs no CDN, answering 503 with
    Retry-After when the database was unreachable (an `UNAVAILABLE` error)."""

    # strawberry's hook passes the request; the page is the same for every one.
    async def render_graphql_ide(self, request: Request) -> HTMLResponse:  # noqa: ARG002
        return HTMLResponse(graphiql_page())

    def create_response(
        self,
        response_data: GraphQLHTTPResponse | list[GraphQLHTTPResponse],
        sub_response: Response,
    ) -> Response:
        response = super().create_response(response_data, sub_response)
        results = response_data if isinstance(response_data, list) else [response_data]
        errors: list[Any] = [e for result in results for e in result.get("errors") or ()]
        codes = {(error.get("extensions") or {}).get("code") for error in errors}
        if StorageUnavailable.code in codes:
            # A server condition, not a fault of the request: HTTP says so in a way proxies
            # and client retry policies understand, and the body still carries the typed error.
            response.status_code = 503
            response.headers["Retry-After"] = str(StorageUnavailable.retry_after)
        return response


def mount_graphiql_assets(app: FastAPI) -> None:
    """Serve the vendored GraphiQL scripts and styles at ASSETS_PATH, without a token."""
    app.mount(ASSETS_PATH, _PinnedFiles(directory=_HERE / "assets"), name="graphiql-assets")
