"""Which views some process follows is asked of this database alone: a follower of another
register on the same PostgreSQL server must not make this one look followed (/readyz)."""

from __future__ import annotations

from register.store.migrate import migrate
from register.store.storage import Database, Storage
from register.views.following import APPLICATION_NAME, _Listener, live_followers
from tests.conftest import create_postgres_database, drop_postgres_database


def test_a_follower_counts_on_its_own_database_only(postgres_url: str) -> None:
    del postgres_url  # requires the test server; the two registers below are its databases
    urls = [create_postgres_database("sijill_followed") for _ in range(2)]
    followed, other = (Database(Storage.from_url(u)) for u in urls)
    try:
        for url in urls:
            migrate(Storage.from_url(url))
        listener = _Listener(followed, f"{APPLICATION_NAME}:*")
        try:
            assert live_followers(followed) == {"*"}
            assert live_followers(other) == set()
        finally:
            listener.close()
        assert live_followers(followed) == set()
    finally:
        followed.close()
        other.close()
        for url in urls:
            drop_postgres_database(url)
