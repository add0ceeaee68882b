"""A server per backend with a shared test clock and a file mailbox, and the people around it."""

from __future__ import annotations

import email
import re
import subprocess
import time
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from register.clock import FileClock
from tests.conftest import BACKENDS, create_postgres_database, drop_postgres_database
from tests.e2e.api_client import ApiClient
from tests.e2e.citizen_inputs import man_input, new_national_id
from tests.e2e.sijill_process import COMMAND_TIMEOUT_S, SIJILL, Server, create_token, environment

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

BERLIN = ZoneInfo("Europe/Berlin")
_TLS = httpx.create_ssl_context()
"""Loaded once: each new httpx.Client would otherwise load the CA bundle again (~35 ms)."""


class Client(ApiClient):
    """An ApiClient that is cheap to make, so a test can open hundreds at once."""

    def __init__(self, base_url: str, token: str | None) -> None:  # shares _TLS
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        self.http = httpx.Client(base_url=base_url, headers=headers, timeout=60.0, verify=_TLS)


BATCH = 10
"""Citizens enrolled per request (as aliases; the schema allows 15)."""
BORN = "1985-03-04"
"""The birth date of man_input()."""


class Booking:
    """The server, its database, clock and mailbox; staff clients; citizens who read mail."""

    def __init__(self, server: Server, clock: Path, mail: Path) -> None:
        self.server = server
        self.clock = clock
        self.mail = mail
        self.kind = "sqlite" if server.database_url.startswith("sqlite") else "postgres"
        self.env = {
            **environment(server.database_url),
            "SIJILL_CLOCK_FILE": str(clock),
            "SIJILL_NOTIFY_URL": f"file:{mail}",
        }
        self._tokens: dict[str, str] = {}
        self._read: set[str] = set()
        """Mail files already read: a code is taken from new mail only."""

    def set_clock(self, local: datetime, zone: ZoneInfo = BERLIN) -> None:
        """Set the server's (and the commands') clock to wall-clock time `local` in `zone`."""
        FileClock.set(self.clock, local.replace(tzinfo=zone))

    def sijill(self, *args: str) -> str:
        """`sijill ARGS` with the server's database, clock and mailbox."""
        done = subprocess.run(
            [str(SIJILL), *args],
            env=self.env,
            cwd=self.server.workdir,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT_S,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def staff(self, mission: str, role: str) -> ApiClient:
        key = f"{role}-{mission.lower()}"
        if key not in self._tokens:
            self._tokens[key] = create_token(
                self.server.database_url,
                mission=mission,
                role=role,
                name=key,
                cwd=self.server.workdir,
            )
        return Client(self.server.base_url, self._tokens[key])

    def public(self) -> ApiClient:
        return Client(self.server.base_url, None)

    def citizens(self, n: int) -> list[str]:
        """`n` new citizens with an e-mail address on file; their national IDs."""
        ids = [new_national_id() for _ in range(n)]
        with self.staff("BER", "clerk") as clerk:
            for start in range(0, n, BATCH):
                chunk = ids[start : start + BATCH]
                enrolled = self._batch(
                    clerk,
                    "enrollCitizen",
                    "EnrollCitizenInput",
                    "citizen { id }",
                    [man_input(nationalId=i) for i in chunk],
                )
                self._batch(
                    clerk,
                    "recordContactDetails",
                    "RecordContactDetailsInput",
                    "citizenId",
                    [
                        {"citizenId": e["citizen"]["id"], "email": f"{i.lower()}@example.org"}
                        for i, e in zip(chunk, enrolled, strict=True)
                    ],
                )
        return ids

    @staticmethod
    def _batch(
        client: ApiClient, field: str, input_type: str, selection: str, inputs: list[Any]
    ) -> list[dict[str, Any]]:
        """One request running `field` once per input (aliases), each asserted error-free."""
        declared = ", ".join(f"$i{k}: {input_type}!" for k in range(len(inputs)))
        fields = " ".join(
            f"m{k}: {field}(input: $i{k}) {{ {selection} errors {{ code field }} }}"
            for k in range(len(inputs))
        )
        response = client.post(
            f"mutation Batch({declared}) {{ {fields} }}",
            {f"i{k}": given for k, given in enumerate(inputs)},
        )
        body = response.json()
        assert "errors" not in body, body
        payloads = [body["data"][f"m{k}"] for k in range(len(inputs))]
        assert all(p["errors"] == [] for p in payloads), payloads
        return payloads

    def deliver(self) -> None:
        """Have the outbox sent: in process on SQLite (wait a moment), `sijill notify` else."""
        if self.kind == "postgres":
            self.sijill("notify", "--once")

    def codes(self, national_ids: list[str]) -> dict[str, str]:
        """The newest code mailed to each citizen (after `requestOtp`)."""
        wanted = {f"{n.lower()}@example.org": n for n in national_ids}
        deadline = time.monotonic() + 15
        found: dict[str, str] = {}
        self.deliver()
        while len(found) < len(wanted) and time.monotonic() < deadline:
            for path in sorted(self.mail.glob("otp.*.eml"), key=lambda p: p.stat().st_mtime):
                if path.name in self._read:
                    continue
                message = email.message_from_bytes(path.read_bytes())
                national_id = wanted.get(message["To"])
                if national_id:
                    self._read.add(path.name)
                    code = re.search(r"code is (\d{6})", message.get_payload())
                    assert code is not None
                    found[national_id] = code.group(1)
            time.sleep(0.1)
        assert len(found) == len(wanted), f"no code mailed to {set(wanted) - set(found)}"
        return found

    def identity(self, national_id: str, code: str) -> dict[str, Any]:
        return {"nationalId": national_id, "birthDate": BORN, "code": code}


@pytest.fixture(scope="session", params=BACKENDS)
def booking(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Booking]:
    """`sijill serve` with SIJILL_CLOCK_FILE and a file mailbox, generous public limits."""
    workdir = tmp_path_factory.mktemp(f"booking-{request.param}")
    url = (
        f"sqlite:///{workdir / 'register.db'}"
        if request.param == "sqlite"
        else create_postgres_database("sijill_booking")
    )
    clock, mail = workdir / "clock", workdir / "mail"
    FileClock.set(clock, datetime(2026, 5, 4, 9, tzinfo=BERLIN))
    try:
        subprocess.run(
            [str(SIJILL), "migrate"],
            env=environment(url),
            cwd=workdir,
            capture_output=True,
            check=True,
            timeout=COMMAND_TIMEOUT_S,
        )
        server = Server(
            url,
            workdir,
            {
                "SIJILL_PUBLIC_BURST": "100000",
                "SIJILL_PUBLIC_RATE": "100000",
                "SIJILL_CITIZEN_BURST": "1000",
                "SIJILL_TOKEN_BURST": "100000",
                "SIJILL_TOKEN_RATE": "100000",
                "SIJILL_CLOCK_FILE": str(clock),
                "SIJILL_NOTIFY_URL": f"file:{mail}",
            },
        )
        try:
            server.wait_until_ready()
            yield Booking(server, clock, mail)
        finally:
            server.stop()
        if "Traceback" in server.stderr():
            pytest.fail(f"the server logged a traceback:\n{server.stderr()}")
    finally:
        if url.startswith("postgresql"):
            drop_postgres_database(url)


@pytest.fixture
def ber_admin(booking: Booking) -> Iterator[ApiClient]:
    """An admin at the Berlin embassy: configures its appointment calendar."""
    with booking.staff("BER", "admin") as client:
        yield client


@pytest.fixture
def ber_clerk(booking: Booking) -> Iterator[ApiClient]:
    """A clerk at the Berlin embassy: enrols, records addresses, marks appointments."""
    with booking.staff("BER", "clerk") as client:
        yield client


@pytest.fixture
def anyone(booking: Booking) -> Iterator[ApiClient]:
    """A client with no token: a citizen's browser, or a bot."""
    with booking.public() as client:
        yield client
