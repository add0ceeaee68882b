"""`sijill witness serve` as a subprocess on a loopback port, with its own state directory."""

from __future__ import annotations

import subprocess
import time
from typing import TYPE_CHECKING

import httpx
import pytest

from tests.e2e.sijill_process import READY_WITHIN_S, SIJILL, end, free_port

if TYPE_CHECKING:
    from pathlib import Path
    from typing import IO


def witness_key(state_dir: Path, cwd: Path) -> str:
    """The base64 public key `sijill witness key` prints first (made on first use)."""
    done = subprocess.run(
        [str(SIJILL), "witness", "key", "--state-dir", str(state_dir)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.splitlines()[0]


class WitnessServer:
    def __init__(self, state_dir: Path, log_key: Path, workdir: Path, port: int | None = None):
        self.port = port or free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.stderr_path = workdir / f"witness-{self.port}.stderr"
        self._stderr: IO[str] = self.stderr_path.open("w", encoding="utf-8")
        self._process = subprocess.Popen(
            [
                str(SIJILL),
                "witness",
                "serve",
                "--state-dir",
                str(state_dir),
                "--log-key",
                str(log_key),
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
            ],
            cwd=workdir,
            stdout=subprocess.DEVNULL,
            stderr=self._stderr,
            text=True,
        )

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + READY_WITHIN_S
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                pytest.fail(f"sijill witness serve exited:\n{self.stderr_path.read_text()}")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=2.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        self.stop()
        pytest.fail(f"sijill witness serve was not ready:\n{self.stderr_path.read_text()}")

    def stop(self) -> None:
        end(self._process)
        self._stderr.close()
