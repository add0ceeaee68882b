"""SQL migrations applied by yoyo, which records each one it applied in the database itself."""

from __future__ import annotations

from typing import TYPE_CHECKING

from yoyo import get_backend, read_migrations

if TYPE_CHECKING:
    from register.storage import Storage


def migrate(storage: Storage) -> list[str]:
    """Apply the migrations not yet applied, in dependency order; returns their ids."""
    backend = get_backend(storage.yoyo_url())
    migrations = read_migrations(*storage.migration_sources())
    with backend.lock():
        pending = backend.to_apply(migrations)
        backend.apply_migrations(pending)
    return [m.id for m in pending]


def pending(storage: Storage) -> list[str]:
    """The ids of the migrations this database still lacks."""
    backend = get_backend(storage.yoyo_url())
    return [m.id for m in backend.to_apply(read_migrations(*storage.migration_sources()))]
