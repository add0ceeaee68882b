"""The composition root: storage, reference data, tokens, the register and its views.

The register wires its capability services over one store (register/application.py); here
it gets its tables, its breaker and its clock, and the views and the audit log its store."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from register.accounts import TokenStore
from register.application import Register
from register.audit.checkpoints import AuditLog
from register.audit.signing import load_signer
from register.audit.witness.cosigning import Cosigners
from register.clock import test_clock
from register.settings import Settings
from register.store.event_log import EventLog
from register.store.migrate import migrate
from register.store.missions import MissionDirectory
from register.store.outage import guard_event_store
from register.store.storage import Database, Storage
from register.unit_of_work import utc_today
from register.views.projector import Projector
from register.views.read_models import ReadModels

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from datetime import date


@dataclass
class Container:
    settings: Settings
    storage: Storage
    db: Database
    missions: MissionDirectory
    tokens: TokenStore
    register: Register
    projector: Projector
    read_models: ReadModels
    audit: AuditLog

    def close(self) -> None:
        store = self.register.store
        store.reads.flush(store)  # reads not yet recorded are recorded now
        store.close()
        self.db.close()


def bootstrap(
    settings: Settings | None = None,
    *,
    apply_migrations: bool = False,
    today: Callable[[], date] = utc_today,
    store_env: Mapping[str, str] | None = None,
) -> Container:
    """Wire everything for `settings` (default: from the environment); `store_env` overrides
    the event store's library settings (a follower's smaller connection pool)."""
    settings = settings or Settings.from_env()
    storage = Storage.from_url(settings.database_url)
    if apply_migrations:
        migrate(storage)
    db = Database(storage)  # its breaker also guards the event store's connections, below
    missions = MissionDirectory(db)
    register = Register(
        {**storage.eventsourcing_env(), **(store_env or {})}, missions=missions, today=today
    )
    guard_event_store(register.store.recorder, db.breaker)
    desk = register.appointments.desk
    desk.attach_appointments(
        db, citizen_rate=settings.citizen_rate, citizen_burst=settings.citizen_burst
    )
    register.services.attach_versions(EventLog(db).last_versions)
    if settings.clock_file:
        desk.set_clock(test_clock(settings))
    audit = AuditLog(register.store, db, partial(load_signer, settings))
    audit.witnesses = Cosigners(audit, settings.witnesses)
    return Container(
        settings=settings,
        storage=storage,
        db=db,
        missions=missions,
        tokens=TokenStore(db, missions),
        register=register,
        projector=Projector(register.store, db),
        read_models=ReadModels(db),
        audit=audit,
    )
