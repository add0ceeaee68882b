"""What the console's pages show, read through the services and views the API reads through.

Every record shown is a recorded read, exactly as when the API shows it: the record itself
and each relative (`CivilStatus.citizen`, `relatives`), and each row of a search.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from domain.appointments.release_schedule import local_day
from domain.civil_status.citizen import Citizen
from register.access import allowed
from register.audit.api_access_log import reads_shown
from register.audit.operations import AuditOperation
from register.civil_status.api_history import HistoryEntry
from register.civil_status.api_search import check_search, search_page
from register.civil_status.history import shown_to
from register.store.missions import Mission
from register.views.api import activity_shown, work_queue_shown
from register.views.read_models import Activity, WorkItem

if TYPE_CHECKING:
    from uuid import UUID

    from register.access import Account
    from register.bootstrap import Container
    from register.views.citizen_search import Found
    from register.views.read_models import Read

SEARCH_PAGE = 20
HOME_ROWS = 10


@dataclass(frozen=True)
class Person:
    """A record linked from a page, named in both scripts."""

    id: str
    name: str
    name_ar: str

    @classmethod
    def of(cls, c: Citizen) -> Person:
        n = c.names
        return cls(
            str(c.id), f"{n.given_name} {n.family_name}", f"{n.given_name_ar} {n.family_name_ar}"
        )


@dataclass(frozen=True)
class AgendaRow:
    starts_at: datetime | None
    service: str
    status: str
    person: Person | None


@dataclass(frozen=True)
class Home:
    mission: Mission
    today: date
    agenda: list[AgendaRow]
    queue: list[WorkItem]
    queue_total: int
    activity: list[Activity]


def home(container: Container, account: Account) -> Home:
    """Today's agenda at the account's mission, its open work and its latest transactions."""
    register, read_models = container.register, container.read_models
    mission = container.missions.get(account.mission)
    today = local_day(register.appointments.desk.now(), mission.timezone)
    agenda = register.appointments.counter.mission_agenda(account, mission.code, today)
    people = register.civil_status.relatives(account, [a.citizen_id for a in agenda])
    queue, total = work_queue_shown(
        read_models, account, mission.code, queue=None, status=None, limit=HOME_ROWS, offset=0
    )
    return Home(
        mission=mission,
        today=today,
        agenda=[
            AgendaRow(a.starts_at, a.service, a.status.value, Person.of(p) if p else None)
            for a, p in zip(agenda, people, strict=True)
        ],
        queue=queue,
        queue_total=total,
        activity=activity_shown(
            read_models, account, mission.code, limit=HOME_ROWS, before=None, cross_only=False
        ),
    )


def search(
    container: Container, account: Account, query: str, birth_year: int | None
) -> tuple[list[Found], int]:
    """The closest citizens first (the API's search), each row shown a recorded read."""
    check_search(account, query)
    return search_page(
        container.read_models,
        container.register.store,
        account,
        query,
        birth_year=birth_year,
        offset=0,
        size=SEARCH_PAGE,
    )


@dataclass(frozen=True)
class DocumentRow:
    kind: str
    status: str
    number: str | None
    applied_on: date
    issued_on: date | None
    expires_on: date | None


@dataclass(frozen=True)
class Record:
    citizen: Citizen
    registered: Mission
    parents: list[Person]
    children: list[Person]
    spouses: dict[str, Person]
    """Spouses in the register, by marriage id."""
    documents: list[DocumentRow]
    timeline: list[HistoryEntry]
    """Every event on the record, newest first."""
    may_list_reads: bool


def record(container: Container, account: Account, citizen_id: UUID) -> Record:
    """The citizen's record, relatives, marriages, documents and history (each read recorded)."""
    register = container.register
    citizen = register.civil_status.citizen(account, citizen_id)
    parent_ids = [i for i in (citizen.father_id, citizen.mother_id) if i is not None]
    spouses = {str(m.marriage_id): m.spouse_id for m in citizen.marriages if m.spouse_id}
    ids = [*parent_ids, *citizen.children, *spouses.values()]
    found = dict(zip(ids, register.civil_status.relatives(account, ids), strict=True))
    today = register.store.today()
    events = shown_to(account, register.civil_status.history(citizen_id))
    return Record(
        citizen=citizen,
        registered=container.missions.get(citizen.registered_mission),
        parents=[Person.of(p) for i in parent_ids if (p := found.get(i))],
        children=[Person.of(c) for i in citizen.children if (c := found.get(i))],
        spouses={m: Person.of(s) for m, i in spouses.items() if (s := found.get(i))},
        documents=[
            DocumentRow(
                d.kind.value,
                d.status(today).value,
                d.number,
                d.applied_on,
                d.issued_on,
                d.expires_on,
            )
            for d in register.documents.documents_of(account, citizen_id)
        ],
        timeline=[HistoryEntry.from_event(e) for e in reversed(events)],
        may_list_reads=allowed(account.role, AuditOperation.ACCESS_LOG),
    )


def reads(container: Container, account: Account, citizen_id: UUID) -> list[Read]:
    """The record's recorded reads, oldest first (auditors and admins, as `accessLog`)."""
    return reads_shown(
        container.read_models,
        account,
        record_id=str(citizen_id),
        reader=None,
        since=None,
        until=None,
        limit=200,
        offset=0,
    )
