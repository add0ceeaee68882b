"""A browser without a browser: the console's pages over the app, its cookies and forms kept."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from starlette.testclient import TestClient

from register.web.app import create_app

if TYPE_CHECKING:
    import httpx

    from register.bootstrap import Container

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
PASSWORD = "a counter passphrase"


class ConsoleBrowser:
    """One person's browser: the cookies it was given, and the token of the last form seen."""

    def __init__(self, container: Container, *, language: str = "en") -> None:
        self.client = TestClient(
            create_app(container),
            base_url="http://sijill",
            follow_redirects=False,
            headers={"accept-language": language},
        )
        self.csrf = ""

    def get(self, path: str) -> httpx.Response:
        response = self.client.get(path)
        if found := CSRF.search(response.text):
            self.csrf = found.group(1)
        return response

    def post(self, path: str, fields: dict[str, str], *, csrf: str | None = None) -> httpx.Response:
        """Send a form with the token of the last page seen (or `csrf`)."""
        form = {"csrf": self.csrf if csrf is None else csrf, **fields}
        response = self.client.post(path, data=form)
        if found := CSRF.search(response.text):
            self.csrf = found.group(1)
        return response

    def sign_in(self, name: str, password: str = PASSWORD) -> httpx.Response:
        self.get("/console/sign-in")
        return self.post("/console/sign-in", {"account": name, "password": password})

    @property
    def session(self) -> str | None:
        return self.client.cookies.get("sijill_session")
