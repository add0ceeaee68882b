"""The `sijill` console script run as a subprocess: one-shot commands, and the server itself."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
import pytest

if TYPE_CHECKING:
    from typing import IO

SIJILL = Path(sys.executable).parent / "sijill"
READY_WITHIN_S = 30.0
COMMAND_TIMEOUT_S = 120.0


def environment(database_url: str) -> dict[str, str]:
    # Wide columns keep rich from wrapping error messages the tests read.
    return {
        **os.environ,
        "SIJILL_DATABASE_URL": database_url,
        "SIJILL_ENV": "development",
        "COLUMNS": "200",
    }


def sijill(
    database_url: str,
    *args: str,
    cwd: Path,
    check: bool = True,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run `sijill ARGS` against `database_url`; `check` fails the test on a non-zero exit."""
    done = subprocess.run(
        [str(SIJILL), *args],
        env={**environment(database_url), **(extra_env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_S,
        check=False,
    )
    if check and done.returncode != 0:
        pytest.fail(
            f"sijill {' '.join(args)} exited {done.returncode}\n"
            f"stdout:\n{done.stdout}\nstderr:\n{done.stderr}"
        )
    return done


def create_token(database_url: str, *, mission: str, role: str, name: str, cwd: Path) -> str:
    """A new bearer token from `sijill token create`: the last word of its last line."""
    done = sijill(
        database_url,
        "token",
        "create",
        "--mission",
        mission,
        "--role",
        role,
        "--name",
        name,
        cwd=cwd,
    )
    return done.stdout.strip().splitlines()[-1].split()[-1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """`sijill serve` on a free loopback port; its stderr goes to a file the tests can read."""

    def __init__(
        self,
        database_url: str,
        workdir: Path,
        extra_env: dict[str, str] | None = None,
        options: tuple[str, ...] = (),
    ) -> None:
        self.database_url = database_url
        self.workdir = workdir
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.stderr_path = workdir / "server.stderr"
        self._stderr: IO[str] = self.stderr_path.open("w", encoding="utf-8")
        self._process = subprocess.Popen(
            [
                str(SIJILL),
                "serve",
                "--project",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                *options,
            ],
            env={**environment(database_url), **(extra_env or {})},
            cwd=workdir,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            text=True,
        )

    def stderr(self, since: int = 0) -> str:
        with self.stderr_path.open(encoding="utf-8") as f:
            f.seek(since)
            return f.read()

    def stderr_size(self) -> int:
        return self.stderr_path.stat().st_size

    def wait_until_ready(self) -> None:
        """Poll GET /readyz until it answers 200; fail with the server's stderr otherwise."""
        deadline = time.monotonic() + READY_WITHIN_S
        last = "no answer"
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                pytest.fail(
                    f"sijill serve exited {self._process.returncode} before it was ready:\n"
                    f"{self.stderr()}"
                )
            try:
                response = httpx.get(f"{self.base_url}/readyz", timeout=2.0)
            except httpx.TransportError as e:
                last = repr(e)
            else:
                if response.status_code == 200:
                    return
                last = f"{response.status_code} {response.text}"
            time.sleep(0.1)
        self.stop()
        pytest.fail(
            f"sijill serve was not ready within {READY_WITHIN_S:.0f} s ({last}):\n{self.stderr()}"
        )

    @property
    def pid(self) -> int:
        return self._process.pid

    def stop(self) -> None:
        end(self._process)
        self._stderr.close()


def end(process: subprocess.Popen[str]) -> None:
    """Stop a server as an operator would (SIGTERM), killing it if it does not stop in 10 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
