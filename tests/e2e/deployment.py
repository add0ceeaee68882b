"""A running server with its database, and one CLI-made token per account the tests act as."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tests.e2e.api_client import ApiClient
from tests.e2e.sijill_process import create_token, sijill

if TYPE_CHECKING:
    from tests.e2e.sijill_process import Server

ACCOUNTS = {
    "amina": ("PAR", "clerk"),
    "omar": ("MTL", "clerk"),
    "salma": ("DXB", "officer"),
    "idris": ("BRU", "auditor"),
}
"""The accounts the tests act as: name → (mission, role)."""


class Deployment:
    """A running server, its database, and one token per account (made on first use)."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.base_url = server.base_url
        self.database_url = server.database_url
        self._tokens: dict[str, str] = {}

    def sijill(self, *args: str, check: bool = True) -> str:
        """`sijill ARGS` on the server's database; returns stdout."""
        return sijill(self.database_url, *args, cwd=self.server.workdir, check=check).stdout

    def new_token(self, name: str) -> str:
        mission, role = ACCOUNTS[name]
        return create_token(
            self.database_url, mission=mission, role=role, name=name, cwd=self.server.workdir
        )

    def token(self, name: str) -> str:
        if name not in self._tokens:
            self._tokens[name] = self.new_token(name)
        return self._tokens[name]

    def client(self, name: str) -> ApiClient:
        """A new client (its own connection) acting as account `name`."""
        return ApiClient(self.base_url, self.token(name))
