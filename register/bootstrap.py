"""The composition root: storage, reference data, accounts, the register and its views.

Here the capability services are built over one store and composed into the register
(`compose_register`), the cross-capability rules are wired as explicit calls (what a death
ends), the store gets its tables, breaker and clock, and the views and audit log their store."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from register.accounts import TokenStore
from register.application import Register
from register.appointments.desk import AppointmentDesk
from register.appointments.service import Appointments
from register.audit.checkpoints import AuditLog
from register.audit.signing import load_signer
from register.audit.witness.cosigning import Cosigners
from register.casework.service import Casework
from register.civil_status.service import CivilStatus
from register.clock import test_clock
from register.documents.service import Documents
from register.services.guide import Guide
from register.services.legalisations import Legalisations
from register.services.requests import ServiceRequests
from register.settings import Settings
from register.staff.accounts import StaffAccounts
from register.staff.sessions import StaffSessions
from register.store.event_log import EventLog
from register.store.migrate import migrate
from register.store.missions import MissionDirectory
from register.store.outage import guard_event_store
from register.store.storage import Database, Storage
from register.unit_of_work import UnitOfWork, utc_today
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
    staff: StaffAccounts
    """People's accounts (the console): passwords, sign-in, lock-out."""
    sessions: StaffSessions
    register: Register
    projector: Projector
    read_models: ReadModels
    audit: AuditLog

    def close(self) -> None:
        store = self.register.store
        store.reads.flush(store)  # reads not yet recorded are recorded now
        store.close()
        self.db.close()


def compose_register(
    env: Mapping[str, str], *, missions: MissionDirectory, today: Callable[[], date] = utc_today
) -> Register:
    """Each capability's service over one unit of work (the event store `env` configures)."""
    store = UnitOfWork(env, missions=missions, today=today)
    appointments = Appointments(AppointmentDesk(store))
    documents = Documents(store)
    guide = Guide(store)
    return Register(
        store,
        appointments=appointments,
        documents=documents,
        services=guide,
        requests=ServiceRequests(store, guide),
        legalisations=Legalisations(store),
        casework=Casework(store),
        # What a death ends, in the death's transaction: the appointments first, then the
        # documents (the order their events have always been saved in).
        civil_status=CivilStatus(
            store, ends_with_death=(appointments.cancel_on_death, documents.invalidate_on_death)
        ),
    )


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
    register = compose_register(
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
        # The register's clock (settable in tests) times lock-outs and idle sessions too.
        staff=StaffAccounts(db, missions, desk.now),
        sessions=StaffSessions(db, desk.now),
        register=register,
        projector=Projector(register.store, db),
        read_models=ReadModels(db),
        audit=audit,
    )
