"""A browser without a browser: the console's pages over the app, its cookies and forms kept."""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Any

import httpx

from register.web.app import create_app

if TYPE_CHECKING:
    from register.bootstrap import Container

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
PASSWORD = "a counter passphrase"


class ConsoleBrowser:
    """One person's browser: the cookies it was given, and the token of the last form seen."""

    def __init__(
        self, container: Container, *, language: str = "en", base_url: str = "http://sijill"
    ) -> None:
        self.app = create_app(container)
        self.base_url = base_url
        self.language = language
        self.cookies = httpx.Cookies()
        self.csrf = ""

    def request(self, method: str, path: str, **options: Any) -> httpx.Response:
        """One request over the app (no server), with this browser's cookies, kept after."""

        async def send() -> httpx.Response:
            async with httpx.AsyncClient(
                transport=httpx.ASGITransport(self.app),
                base_url=self.base_url,
                cookies=self.cookies,
                headers={"accept-language": self.language},
            ) as client:
                response = await client.request(method, path, **options)
                self.cookies = httpx.Cookies(client.cookies)
                return response

        response = asyncio.run(send())
        if found := CSRF.search(response.text):
            self.csrf = found.group(1)
        return response

    def get(self, path: str) -> httpx.Response:
        return self.request("GET", path)

    def post(self, path: str, fields: dict[str, str], *, csrf: str | None = None) -> httpx.Response:
        """Send a form with the token of the last page seen (or `csrf`)."""
        return self.request(
            "POST", path, data={"csrf": self.csrf if csrf is None else csrf, **fields}
        )

    def sign_in(self, name: str, password: str = PASSWORD) -> httpx.Response:
        self.get("/console/sign-in")
        return self.post("/console/sign-in", {"account": name, "password": password})

    @property
    def session(self) -> str | None:
        return self.cookies.get("sijill_session")
