"""`sijill account`: people's accounts for the staff console, from the command line."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

from tests.e2e.sijill_process import SIJILL, environment, sijill

if TYPE_CHECKING:
    from pathlib import Path

PASSWORD = "a counter passphrase"


def create(url: str, cwd: Path, *args: str, stdin: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SIJILL), "account", "create", *args],
        input=stdin,
        env=environment(url),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_account_made_from_a_script_is_listed_then_disabled(
    blank_database_url: str, tmp_path: Path
) -> None:
    options = ("--name", "nadia", "--mission", "par", "--role", "clerk", "--password-stdin")
    made = create(blank_database_url, tmp_path, *options, stdin=PASSWORD + "\n")
    assert made.returncode == 0, made.stderr
    assert made.stdout.splitlines()[0] == "account nadia (clerk at PAR)"
    assert PASSWORD not in made.stdout + made.stderr

    again = create(blank_database_url, tmp_path, *options, stdin=PASSWORD + "\n")
    assert again.returncode == 2
    assert "an account named nadia exists already" in again.stderr

    listed = sijill(blank_database_url, "account", "list", cwd=tmp_path).stdout
    assert listed.startswith("nadia\tclerk\tPAR\t")
    assert listed.rstrip().endswith("\tenabled")
    assert "argon2" not in listed

    disabled = sijill(blank_database_url, "account", "disable", "nadia", cwd=tmp_path)
    assert disabled.stdout.strip() == "disabled nadia; its sessions have ended"
    twice = sijill(blank_database_url, "account", "disable", "nadia", cwd=tmp_path, check=False)
    assert twice.returncode == 1
    assert "no enabled account named nadia" in twice.stderr


def test_the_password_is_asked_twice_and_must_match(
    blank_database_url: str, tmp_path: Path
) -> None:
    options = ("--name", "karim", "--mission", "PAR", "--role", "officer")
    typed = create(blank_database_url, tmp_path, *options, stdin=f"{PASSWORD}\n{PASSWORD}\n")
    assert typed.returncode == 0, typed.stderr
    assert "account karim (officer at PAR)" in typed.stdout


def test_a_weak_password_a_bad_name_or_an_unknown_mission_is_refused(
    blank_database_url: str, tmp_path: Path
) -> None:
    short = create(
        blank_database_url,
        tmp_path,
        *("--name", "omar", "--mission", "MTL", "--role", "clerk", "--password-stdin"),
        stdin="short\n",
    )
    assert (short.returncode, "a password is 12 to 256 characters" in short.stderr) == (2, True)
    spaced = create(
        blank_database_url,
        tmp_path,
        *("--name", "omar el", "--mission", "MTL", "--role", "clerk", "--password-stdin"),
        stdin=PASSWORD + "\n",
    )
    assert spaced.returncode == 2
    assert "an account name is" in spaced.stderr
    nowhere = create(
        blank_database_url,
        tmp_path,
        *("--name", "omar", "--mission", "ZZZ", "--role", "clerk", "--password-stdin"),
        stdin=PASSWORD + "\n",
    )
    assert nowhere.returncode == 2
    assert "--mission" in nowhere.stderr
