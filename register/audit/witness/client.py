"""The witnesses as the register reaches them: over HTTP, or in files on this machine."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import httpx

from register.audit.signing import key_id, public_key_from_text
from register.audit.witness.witness import Answer, Witness

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from register.settings import WitnessSetting

TIMEOUT = httpx.Timeout(3.0, connect=1.0)
"""A witness that does not answer within this is down for now: a checkpoint never waits on it."""


class WitnessUnreachable(Exception):
    """The witness could not be asked (refused connection, timeout, an answer that is not HTTP)."""


class Endpoint(Protocol):
    label: str
    """How reports name it: its URL, or `local:DIRECTORY`."""
    public_key: Ed25519PublicKey
    key_id: str

    def add_checkpoint(self, request: str) -> Answer: ...

    def latest(self) -> str | None: ...


class HttpWitness:
    """A witness served by `sijill witness serve` (or any tlog-witness) at `url`."""

    def __init__(self, url: str, public_key: Ed25519PublicKey) -> None:
        self.label = url
        self.public_key = public_key
        self.key_id = key_id(public_key)

    def add_checkpoint(self, request: str) -> Answer:
        try:
            response = httpx.post(
                f"{self.label}/add-checkpoint", content=request.encode(), timeout=TIMEOUT
            )
        except httpx.HTTPError as e:
            raise WitnessUnreachable(f"{type(e).__name__}: {e}") from None
        kind = response.headers.get("content-type", "").split(";")[0]
        return Answer(response.status_code, response.text, kind)

    def latest(self) -> str | None:
        try:
            response = httpx.get(f"{self.label}/checkpoint", timeout=TIMEOUT)
        except httpx.HTTPError as e:
            raise WitnessUnreachable(f"{type(e).__name__}: {e}") from None
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            msg = f"GET /checkpoint answered {response.status_code}"
            raise WitnessUnreachable(msg)
        return response.text


class LocalWitness:
    """A witness kept in a directory on this machine, asked in process (development's)."""

    def __init__(self, state_dir: Path, log_keys: Sequence[Ed25519PublicKey]) -> None:
        self.witness = Witness(state_dir, log_keys)
        self.label = f"local:{state_dir}"
        self.public_key = self.witness.public_key
        self.key_id = self.witness.key_id

    def add_checkpoint(self, request: str) -> Answer:
        return self.witness.add_checkpoint(request)

    def latest(self) -> str | None:
        return self.witness.latest()


def endpoints(setting: WitnessSetting, log_key: Callable[[], Ed25519PublicKey]) -> list[Endpoint]:
    """The witnesses SIJILL_WITNESSES lists (a local one trusts the register's current key)."""
    found: list[Endpoint] = []
    for entry in setting.entries:
        if entry.url.startswith("local:"):
            found.append(LocalWitness(Path(entry.url.removeprefix("local:")), [log_key()]))
        else:
            found.append(HttpWitness(entry.url, public_key_from_text(entry.public_key)))
    return found
