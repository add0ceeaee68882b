"""The `sijill` command line as a subprocess, on a new SQLite file and a new PostgreSQL database."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tests.e2e.sijill_process import sijill

if TYPE_CHECKING:
    from pathlib import Path


def test_migrate_a_second_time_applies_nothing(blank_database_url: str, tmp_path: Path) -> None:
    first = sijill(blank_database_url, "migrate", cwd=tmp_path)
    second = sijill(blank_database_url, "migrate", cwd=tmp_path)

    applied = re.fullmatch(r"applied (\d+) migration\(s\): .+", first.stdout.strip())
    assert applied, first.stdout
    assert int(applied[1]) >= 1
    assert second.stdout.strip() == "applied 0 migration(s)"


def test_demo_adds_exactly_the_citizens_asked_for(blank_database_url: str, tmp_path: Path) -> None:
    done = sijill(blank_database_url, "demo", "--citizens", "20", cwd=tmp_path)

    added = re.search(r"^added (\d+) citizens", done.stdout, re.MULTILINE)
    assert added, done.stdout
    assert int(added[1]) == 20


def test_a_token_for_an_unknown_mission_is_refused_naming_the_mission(
    blank_database_url: str, tmp_path: Path
) -> None:
    done = sijill(
        blank_database_url,
        "token",
        "create",
        "--mission",
        "ZZZ",
        "--role",
        "clerk",
        "--name",
        "amina",
        cwd=tmp_path,
        check=False,
    )

    assert done.returncode != 0
    assert done.stdout == ""
    assert "error: --mission: no mission with code 'ZZZ'" in done.stderr
    listed = sijill(blank_database_url, "token", "list", cwd=tmp_path)
    assert listed.stdout == ""


def test_token_list_shows_the_account_but_never_the_token(
    blank_database_url: str, tmp_path: Path
) -> None:
    created = sijill(
        blank_database_url,
        "token",
        "create",
        "--mission",
        "PAR",
        "--role",
        "officer",
        "--name",
        "amina",
        cwd=tmp_path,
    )
    token = created.stdout.strip().splitlines()[-1].split()[-1]

    listed = sijill(blank_database_url, "token", "list", cwd=tmp_path)

    assert created.stdout.splitlines()[0] == "account amina (officer at PAR)"
    [row] = listed.stdout.splitlines()
    assert row.split("\t")[:3] == ["amina", "officer", "PAR"]
    assert row.split("\t")[4] == "active"
    secret = token.removeprefix("sjl_")
    assert secret not in listed.stdout
    assert secret not in listed.stderr


def test_the_committed_schema_file_is_current(tmp_path: Path) -> None:
    done = sijill(f"sqlite:///{tmp_path / 'unused.db'}", "schema", "--check", cwd=tmp_path)

    assert done.stdout.strip().endswith("schema.graphql is current")
