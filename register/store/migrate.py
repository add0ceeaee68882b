"""SQL migrations applied by yoyo, which records each one it applied in the database itself."""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from yoyo import get_backend, read_migrations

if TYPE_CHECKING:
    from collections.abc import Iterator

    from register.store.storage import Storage


@contextmanager
def _backend(storage: Storage) -> Iterator[Any]:
    backend = get_backend(storage.yoyo_url())
    try:
        yield backend
    finally:
        backend.connection.close()


def migrate(storage: Storage) -> list[str]:
    """Apply the migrations not yet applied, in dependency order; returns their ids."""
    migrations = read_migrations(*storage.migration_sources())
    with _backend(storage) as backend, backend.lock():
        to_apply = backend.to_apply(migrations)
        backend.apply_migrations(to_apply)
    if storage.kind == "sqlite":
        # WAL before any application connects: readers then never wait for writers.
        with _backend(storage) as backend:
            backend.connection.execute("PRAGMA journal_mode=WAL")
    return [m.id for m in to_apply]


def pending(storage: Storage) -> list[str]:
    """The ids of the migrations this database still lacks."""
    with _backend(storage) as backend:
        return [m.id for m in backend.to_apply(read_migrations(*storage.migration_sources()))]
