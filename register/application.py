"""The register: each capability's service over one unit of work (wired by
`register.bootstrap.compose_register`), and the flat surface that scripts and tests call
(`register.record_marriage(...)`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from register.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from datetime import date

    from register.appointments.service import Appointments
    from register.casework.service import Casework
    from register.civil_status.service import CivilStatus
    from register.documents.service import Documents
    from register.services.guide import Guide
    from register.services.legalisations import Legalisations
    from register.services.requests import ServiceRequests

FORMER_NAMES = {"_find": "find", "_record_read": "record_read"}
"""Flat names of the store's helpers from before they were public, still answered."""


class Register:
    """Commands return ids or nothing; queries return records. One store, one global order.

    Production code calls the owning service (`register.civil_status.record_marriage(...)`).
    Scripts and tests may call any service's method by its flat name (`register.
    record_marriage(...)`): `__getattr__` looks it up in an index built once, here, which
    refuses a name two parts offer. The index is hidden from mypy, so typed code cannot lean
    on it.
    """

    def __init__(  # one part per capability; bootstrap.compose_register wires them
        self,
        store: UnitOfWork,
        *,
        appointments: Appointments,
        documents: Documents,
        services: Guide,
        requests: ServiceRequests,
        legalisations: Legalisations,
        casework: Casework,
        civil_status: CivilStatus,
    ) -> None:
        self.store = store
        self.appointments = appointments
        self.documents = documents
        self.services = services
        self.requests = requests
        self.legalisations = legalisations
        self.casework = casework
        self.civil_status = civil_status
        self._flat = _index(self._parts())

    def _parts(self) -> Iterator[object]:
        """Every part whose names the flat surface offers, the register's own wiring aside."""
        yield self.store
        yield from vars(self).values()
        appointments = self.appointments
        yield from (appointments.desk, appointments.calendars, appointments.draws)
        yield from (appointments.counter, appointments.identity)

    @property
    def today(self) -> Callable[[], date]:
        """The store's calendar day; tests set it to move time."""
        return self.store.today

    @today.setter
    def today(self, today: Callable[[], date]) -> None:
        self.store.today = today

    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            flat = self.__dict__.get("_flat", {})
            if name not in flat:
                msg = f"{type(self).__name__!r} object has no attribute {name!r}"
                raise AttributeError(msg)
            return getattr(flat[name], FORMER_NAMES.get(name, name))


def _index(parts: Iterator[object]) -> dict[str, object]:
    """Flat name → the part that answers it; a name offered twice is refused at start-up.

    An attribute holding another part (a service's store, desk or calendars) is wiring, not
    surface; so are dunder names. The store offers its public names (it is an eventsourcing
    Application), the services their private helpers too."""
    unique = list({id(p): p for p in parts}.values())
    wiring = {id(p) for p in unique}
    index: dict[str, object] = dict.fromkeys(FORMER_NAMES, unique[0])
    for part in unique:
        own = vars(part)
        for name in dir(part):
            if name.startswith("__") or id(own.get(name)) in wiring:
                continue
            if isinstance(part, UnitOfWork) and name.startswith("_"):
                continue
            if name in index and index[name] is not part:
                msg = f"two parts of the register answer {name!r}: rename one"
                raise TypeError(msg)
            index[name] = part
    clash = set(index) & set(vars(Register)) - {"today"}  # today: the store's, forwarded above
    if clash:
        msg = f"the flat surface would hide the register's own {sorted(clash)}"
        raise TypeError(msg)
    return index
