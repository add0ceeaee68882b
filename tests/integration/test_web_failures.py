"""A failure a route lets escape is logged with its traceback at error level and answered with a
typed `INTERNAL` error, never a bare 500 text; on /graphql in GraphQL's `errors` shape."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import httpx
import pytest
from structlog.testing import capture_logs

from register.web.app import create_app

if TYPE_CHECKING:
    from register.bootstrap import Container


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "/graphql/boom",
            {
                "errors": [
                    {
                        "message": "an unexpected error; it has been logged",
                        "extensions": {"code": "INTERNAL", "field": None},
                    }
                ]
            },
        ),
        (
            "/boom",
            {
                "status": "error",
                "code": "INTERNAL",
                "detail": "an unexpected error; it has been logged",
            },
        ),
    ],
)
def test_a_failure_of_ours_is_logged_and_answered_typed_internal(
    container: Container, path: str, expected: dict[str, object]
) -> None:
    app = create_app(container)

    @app.get(path)
    def boom() -> None:
        msg = "a bug of ours"
        raise RuntimeError(msg)

    async def get() -> httpx.Response:
        transport = httpx.ASGITransport(app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://sijill") as client:
            return await client.get(path)

    with capture_logs() as logged:
        response = asyncio.run(get())

    assert response.status_code == 500
    assert response.json() == expected
    failures = [e for e in logged if e["event"] == "http.unexpected"]
    assert [e["log_level"] for e in failures] == ["error"]
    assert isinstance(failures[0]["exc_info"], RuntimeError)
