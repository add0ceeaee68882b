"""SIJILL_DATABASE_URL: which storage a URL selects, and a clear refusal of any other."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from register.settings import Settings
from register.store.storage import Storage, StorageUrlError

if TYPE_CHECKING:
    from pathlib import Path


def test_unset_the_register_is_a_sqlite_file_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    storage = Storage.from_url(Settings.from_env({}).database_url)

    assert (storage.kind, storage.sqlite_path) == ("sqlite", str(tmp_path / "sijill.db"))


def test_three_slashes_name_a_file_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    storage = Storage.from_url("sqlite:///data/relative.db")

    assert (storage.kind, storage.sqlite_path) == ("sqlite", str(tmp_path / "data/relative.db"))


def test_four_slashes_name_an_absolute_path(tmp_path: Path) -> None:
    storage = Storage.from_url(f"sqlite:///{tmp_path}/absolute.db")

    assert (storage.kind, storage.sqlite_path) == ("sqlite", str(tmp_path / "absolute.db"))


def test_a_postgresql_url_names_user_host_port_and_database() -> None:
    storage = Storage.from_url("postgresql://registrar:s%40cret@10.0.0.7:6543/sijill")

    assert (
        storage.kind,
        storage.user,
        storage.password,
        storage.host,
        storage.port,
        storage.dbname,
    ) == ("postgresql", "registrar", "s@cret", "10.0.0.7", 6543, "sijill")
    env = storage.eventsourcing_env()
    assert (env["PERSISTENCE_MODULE"], env["CREATE_TABLE"]) == ("eventsourcing.postgres", "n")


def test_the_port_defaults_to_5432() -> None:
    assert Storage.from_url("postgresql://postgres@localhost/sijill").port == 5432


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("mysql://root@localhost/sijill", "unsupported database URL scheme 'mysql'"),
        ("sqlite://", "SQLite URLs are sqlite:///relative.db or sqlite:////absolute.db"),
        ("sqlite:///", "SQLite URLs are sqlite:///relative.db or sqlite:////absolute.db"),
        ("postgresql://localhost", "PostgreSQL URLs are postgresql://user[:password]@host"),
        ("postgresql:///sijill", "PostgreSQL URLs are postgresql://user[:password]@host"),
    ],
)
def test_any_other_url_is_refused_saying_what_is_expected(url: str, says: str) -> None:
    with pytest.raises(StorageUrlError, match=re.escape(says)):
        Storage.from_url(url)
