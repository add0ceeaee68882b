"""Settings from the environment (SIJILL_DATABASE_URL, SIJILL_ENV, SIJILL_LOG_LEVEL, …)."""

from __future__ import annotations

import base64
import binascii
import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

from register.store.storage import DEFAULT_URL

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping


class SettingError(ValueError):
    """A setting the environment gives that cannot be used; the message names the variable."""


N = TypeVar("N", int, float)


def _number(environ: Mapping[str, str], name: str, default: N, kind: Callable[[str], N]) -> N:
    """The non-negative number variable `name` holds, or `default` when it is unset."""
    raw = environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = kind(raw.strip())
    except ValueError:
        value = None
    if value is None or not value >= 0:  # also refuses NaN
        what = "a whole number" if kind is int else "a number"
        msg = f"{name}={raw!r}: expected {what}, 0 or more"
        raise SettingError(msg)
    return value


LOCAL_WITNESS = "local:.sijill/witness"
"""Development's witness without configuration: files under .sijill/witness/, in process."""


@dataclass(frozen=True)
class WitnessEntry:
    url: str
    """`http(s)://host[:port][/prefix]`, or `local:DIRECTORY` (a witness kept in files here)."""
    public_key: str = ""
    """The witness's Ed25519 public key, 32 raw bytes in base64 (`sijill witness key`); empty
    for a local witness, whose key is in its directory."""


@dataclass(frozen=True)
class WitnessSetting:
    """SIJILL_WITNESSES: who cosigns the checkpoints, and how many must for one to count."""

    entries: tuple[WitnessEntry, ...] = ()
    quorum: int = 0


def _witnesses(raw: str | None, *, production: bool) -> WitnessSetting:
    """`[quorum=N;] URL KEY; URL KEY; …`, `none`, or unset (development: the local witness)."""
    name = "SIJILL_WITNESSES"
    if raw is None or not raw.strip():
        if production:
            return WitnessSetting()
        return WitnessSetting((WitnessEntry(LOCAL_WITNESS),), 1)
    if raw.strip().lower() == "none":
        return WitnessSetting()
    quorum: int | None = None
    entries: list[WitnessEntry] = []
    for n, part in enumerate((p.strip() for p in raw.split(";")), start=1):
        if not part:
            continue
        if part.startswith("quorum="):
            value = part.removeprefix("quorum=")
            if not value.isdigit() or int(value) < 1:
                msg = f"{name}: quorum={value!r}: expected a whole number, 1 or more"
                raise SettingError(msg)
            quorum = int(value)
            continue
        entries.append(_witness_entry(name, n, part))
    if not entries:
        msg = f"{name}={raw!r}: expected `[quorum=N;] URL KEY; URL KEY; …` or `none`"
        raise SettingError(msg)
    keys = [e.public_key for e in entries]
    if len(set(keys)) != len(keys):
        msg = f"{name}: a witness's public key is listed twice (each witness counts once)"
        raise SettingError(msg)
    quorum = quorum if quorum is not None else len(entries) // 2 + 1
    if quorum > len(entries):
        msg = f"{name}: quorum={quorum} is more than the {len(entries)} witness(es) listed"
        raise SettingError(msg)
    return WitnessSetting(tuple(entries), quorum)


def _witness_entry(name: str, n: int, part: str) -> WitnessEntry:
    words = part.split()
    if len(words) != 2:
        msg = f"{name}: entry {n} ({part!r}): expected a URL and a public key, one space apart"
        raise SettingError(msg)
    url, key = words
    scheme, _, rest = url.partition("://")
    if scheme not in {"http", "https"} or not rest.split("/")[0]:
        msg = f"{name}: entry {n}: {url!r} is not an http:// or https:// URL with a host"
        raise SettingError(msg)
    try:
        raw_key = base64.b64decode(key, validate=True)
    except (binascii.Error, ValueError):
        raw_key = b""
    if len(raw_key) != 32:
        msg = (
            f"{name}: entry {n}: the public key is not 32 bytes in base64"
            " (as `sijill witness key` prints it)"
        )
        raise SettingError(msg)
    return WitnessEntry(url.rstrip("/"), key)


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_URL
    """`sqlite:///relative.db`, `sqlite:////absolute/path.db` or `postgresql://…`."""
    env: str = "development"
    """`production` turns off introspection and the in-browser IDE."""
    log_level: str = "info"
    public_rate: float = 5.0
    """Public operations (no token): requests per second per client address, on average."""
    public_burst: int = 20
    token_rate: float = 50.0
    """Any one account: requests per second on average (a counter's busiest hour is far below)."""
    token_burst: int = 200
    signing_key: str | None = None
    """SIJILL_SIGNING_KEY: the Ed25519 key that signs audit checkpoints, as a path to a PEM
    (PKCS#8) file or `base64:` and the 32-byte seed; unset in development, one is generated
    under .sijill/ (never in production)."""
    checkpoint_every_s: float = 3600.0
    """SIJILL_CHECKPOINT_EVERY: seconds between the server's signed checkpoints (0: none)."""
    notify_url: str = "file:sijill-mail"
    """SIJILL_NOTIFY_URL: where `sijill notify` sends mail: `file:DIRECTORY` (development: one
    .eml file per message) or `smtp://[user:password@]host:port[?starttls=1]`."""
    mail_from: str = "Sijill <no-reply@sijill.invalid>"
    citizen_rate: float = 0.2
    """SIJILL_CITIZEN_RATE: appointment requests per second per national ID, on average."""
    citizen_burst: int = 10
    ready_max_lag: int = 10_000
    """SIJILL_READY_MAX_LAG: events a view may lag behind the store before /readyz says the
    server is not ready (its follower is not keeping up, or not running)."""
    witnesses: WitnessSetting = WitnessSetting()
    """SIJILL_WITNESSES: the witnesses every checkpoint is sent to, and the quorum whose
    cosignatures `sijill audit verify` trusts (from the environment, development without the
    variable gets the local witness under .sijill/witness/)."""
    witness_retry_s: float = 60.0
    """SIJILL_WITNESS_RETRY: seconds between the server's attempts to bring every witness to
    the latest checkpoint (one that was down gets it then)."""
    server_threads: int = 12
    """SIJILL_SERVER_THREADS: requests a server process runs at once on its thread pool (the
    register's calls are synchronous); more only queue on the GIL, each holding a pooled
    connection (anyio's default, 40, let the pools and resident memory grow under load)."""
    clock_file: str | None = None
    """SIJILL_CLOCK_FILE (tests only, refused in production): a file holding the instant the
    register's clock reads; time runs on from when it was written (register/clock.py)."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        env = environ.get("SIJILL_ENV", "development")
        return cls(
            database_url=environ.get("SIJILL_DATABASE_URL") or DEFAULT_URL,
            env=env,
            log_level=environ.get("SIJILL_LOG_LEVEL", "info"),
            public_rate=_number(environ, "SIJILL_PUBLIC_RATE", 5.0, float),
            public_burst=_number(environ, "SIJILL_PUBLIC_BURST", 20, int),
            token_rate=_number(environ, "SIJILL_TOKEN_RATE", 50.0, float),
            token_burst=_number(environ, "SIJILL_TOKEN_BURST", 200, int),
            signing_key=environ.get("SIJILL_SIGNING_KEY") or None,
            checkpoint_every_s=_number(environ, "SIJILL_CHECKPOINT_EVERY", 3600.0, float),
            notify_url=environ.get("SIJILL_NOTIFY_URL") or "file:sijill-mail",
            mail_from=environ.get("SIJILL_MAIL_FROM") or "Sijill <no-reply@sijill.invalid>",
            citizen_rate=_number(environ, "SIJILL_CITIZEN_RATE", 0.2, float),
            citizen_burst=_number(environ, "SIJILL_CITIZEN_BURST", 10, int),
            ready_max_lag=_number(environ, "SIJILL_READY_MAX_LAG", 10_000, int),
            witnesses=_witnesses(environ.get("SIJILL_WITNESSES"), production=env == "production"),
            witness_retry_s=_number(environ, "SIJILL_WITNESS_RETRY", 60.0, float),
            server_threads=max(1, _number(environ, "SIJILL_SERVER_THREADS", 12, int)),
            clock_file=environ.get("SIJILL_CLOCK_FILE") or None,
        )

    def shared_by(self, workers: int) -> Settings:
        """The settings of one of `workers` server processes: each keeps its own buckets, so
        each gets a share of every rate and burst, and together they never allow more than
        the configured limit (a client whose requests land on one process may get less)."""
        if workers <= 1:
            return self
        return replace(
            self,
            public_rate=self.public_rate / workers,
            public_burst=max(1, self.public_burst // workers),
            token_rate=self.token_rate / workers,
            token_burst=max(1, self.token_burst // workers),
            citizen_rate=self.citizen_rate / workers,
            citizen_burst=max(1, self.citizen_burst // workers),
        )

    @property
    def production(self) -> bool:
        return self.env == "production"
