"""`sijill rebuild` as a subprocess: from event one, verify, name a difference, swap."""

from __future__ import annotations

from typing import TYPE_CHECKING

from register.storage import Database, Storage
from tests.e2e.sijill_process import sijill

if TYPE_CHECKING:
    from pathlib import Path


def test_rebuild_verifies_against_the_live_views_names_a_tampered_table_and_swaps_it_back(
    blank_database_url: str, tmp_path: Path
) -> None:
    sijill(blank_database_url, "demo", "--citizens", "30", cwd=tmp_path)

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
