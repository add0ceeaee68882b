"""`sijill rebuild` as a subprocess: from event one, verify, name a difference, swap."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path
from typing import IO

from projections import all_views
from register.bootstrap import bootstrap
from register.settings import Settings
from register.store.storage import Database, Storage
from tests.e2e.sijill_process import SIJILL, environment, sijill


def start_project(database_url: str, tmp_path: Path) -> tuple[subprocess.Popen[bytes], IO[str]]:
    """`sijill project` (every view), its output in tmp_path/project.log."""
    log = (tmp_path / "project.log").open("w")
    followers = subprocess.Popen(
        [str(SIJILL), "project"],
        env={**environment(database_url), "SIJILL_LOG_LEVEL": "warning"},
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    return followers, log


def test_rebuild_verifies_against_the_live_views_names_a_tampered_table_and_swaps_it_back(
    blank_database_url: str, tmp_path: Path
) -> None:
    sijill(blank_database_url, "demo", "--citizens", "30", cwd=tmp_path)
    head = int(
        sijill(blank_database_url, "rebuild", "--view", "statistics", cwd=tmp_path)
        .stdout.split(" from ")[-1]
        .split()[0]
    )

    # No follower ran while the demo data went in: the live views were still at position 0.
    behind = sijill(blank_database_url, "rebuild", "--verify", cwd=tmp_path, check=False)
    assert behind.returncode == 1
    lines = behind.stdout.splitlines()
    assert lines[1] == (
        f"live view citizen_directory was {head} events behind the store when the rebuild"
        f" started (position 0 of {head}) and no follower brought it forward: is its follower"
        " running?"
    )
    assert lines[-1] == "identical once brought forward; behind before: " + ", ".join(
        v.name for v in all_views()
    )
    verified = sijill(blank_database_url, "rebuild", "--verify", cwd=tmp_path)
    assert verified.stdout.splitlines()[-1] == "identical to the live views"

    live = Database(Storage.from_url(blank_database_url))
    live.execute("UPDATE statistics SET count = count + 1")
    live.close()
    tampered = sijill(
        blank_database_url, "rebuild", "--verify", "--view", "statistics", cwd=tmp_path, check=False
    )
    assert tampered.returncode == 1
    assert tampered.stdout.splitlines()[-1] == "differs from the live views: statistics"

    swapped = sijill(blank_database_url, "rebuild", "--view", "statistics", "--swap", cwd=tmp_path)
    assert swapped.stdout.splitlines()[-1] == "swapped the rebuilt views in"
    again = sijill(blank_database_url, "rebuild", "--verify", cwd=tmp_path)
    assert again.stdout.splitlines()[-1] == "identical to the live views"


def test_rebuild_refuses_an_unknown_view_naming_the_known_ones(
    blank_database_url: str, tmp_path: Path
) -> None:
    refused = sijill(blank_database_url, "rebuild", "--view", "nope", cwd=tmp_path, check=False)

    assert refused.returncode == 2
    assert "no view named nope" in refused.stderr
    assert "citizen_directory" in refused.stderr


def test_project_runs_a_follower_per_view_keeping_every_view_current_within_few_connections(
    blank_database_url: str, tmp_path: Path
) -> None:
    """`sijill project`: one process per view; on PostgreSQL the eight must fit its default
    limit of 100 connections beside the server (a follower holding the server's pool would not).
    """
    sijill(blank_database_url, "migrate", cwd=tmp_path)
    container = bootstrap(Settings(database_url=blank_database_url))
    postgres = container.storage.kind == "postgresql"

    def connections() -> int:
        if not postgres:
            return 0
        counted = container.db.fetch_one(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        )
        return int(counted[0]) if counted else 0

    before = connections()
    followers, log = start_project(blank_database_url, tmp_path)
    try:
        sijill(blank_database_url, "demo", "--citizens", "10", cwd=tmp_path)
        head = container.register.recorder.max_notification_id() or 0
        deadline = time.monotonic() + 60
        while min(container.projector.positions().values()) < head:
            assert followers.poll() is None, (tmp_path / "project.log").read_text()
            assert time.monotonic() < deadline, "the followers did not catch up"
            time.sleep(0.1)
        held = connections() - before
        lags = {v.name: v.lag for v in container.projector.status()}
        followers.send_signal(signal.SIGTERM)
        assert followers.wait(timeout=30) == 0, (tmp_path / "project.log").read_text()
    finally:
        if followers.poll() is None:  # stopped as an operator would: it stops its followers
            followers.terminate()
            followers.wait(timeout=60)
        log.close()
        container.close()

    assert lags == {v.name: 0 for v in all_views()}
    assert held <= 6 * len(all_views())


def children_of(pid: int) -> dict[str, int]:
    """The `sijill project --view NAME` processes `pid` started: view name → pid."""
    found = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (proc / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid and b"--view" in command:
            found[command[command.index(b"--view") + 1].decode()] = int(proc.name)
    return found


def test_project_restarts_a_follower_that_died_and_says_so(
    blank_database_url: str, tmp_path: Path
) -> None:
    sijill(blank_database_url, "migrate", cwd=tmp_path)
    container = bootstrap(Settings(database_url=blank_database_url))
    log_path = tmp_path / "project.log"
    followers, log = start_project(blank_database_url, tmp_path)
    try:
        deadline = time.monotonic() + 60
        while len(first := children_of(followers.pid)) < len(all_views()):
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        os.kill(first["statistics"], signal.SIGKILL)
        sijill(blank_database_url, "demo", "--citizens", "10", cwd=tmp_path)
        head = container.register.recorder.max_notification_id() or 0
        while min(container.projector.positions().values()) < head:
            assert followers.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline + 60, "the followers did not catch up"
            time.sleep(0.1)
        restarted = children_of(followers.pid)
    finally:
        followers.terminate()
        followers.wait(timeout=60)
        log.close()
        container.close()

    assert restarted["statistics"] != first["statistics"]
    assert {n: p for n, p in restarted.items() if n != "statistics"} == {
        n: p for n, p in first.items() if n != "statistics"
    }
    said = log_path.read_text()
    assert "follower for statistics exited with code -9; restarting it in 1 s" in said
    assert f"follower for statistics restarted (pid {restarted['statistics']})" in said
