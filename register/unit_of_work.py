"""The unit of work: one event store; commands authorised, idempotent, saved in one transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, Transcoding

from domain.base import Recording
from domain.civil_status.citizen import Citizen
from domain.civil_status.dossier import Dossier
from domain.errors import CitizenNotFound
from domain.indexes import NationalIdIndex
from domain.receipt import CommandReceipt
from register.access import authorize
from register.audit.read_log import ReadBuffer
from register.errors import Conflict, RequestIdReused

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping

    from eventsourcing.persistence import JSONTranscoder

    from register.access import Account, Operation
    from register.civil_status.inputs import Command
    from register.store.missions import MissionDirectory

log = structlog.get_logger(__name__)
A = TypeVar("A", bound=Aggregate)
C = TypeVar("C", bound="Command")
Decision = tuple[list[Aggregate], dict[str, str]]
"""What a command decided: the aggregates to save together, and the result to return."""


class Unvalidated(Generic[C]):
    """A command's input as a caller sent it, validated (`validate`) only once the caller is
    known to be allowed the operation: who may not act learns none of the input's rules."""

    def __init__(self, validate: Callable[[], C]) -> None:
        self.validate = validate


Given: TypeAlias = C | Unvalidated[C]
"""What a command handler accepts: a command already validated (scripts, tests, the importer)
or the input to validate after authorisation (the GraphQL mutations)."""


def utc_today() -> date:
    return datetime.now(UTC).date()


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


@dataclass(frozen=True)
class Outcome:
    """What a command returns: its result, and the store position its events were recorded at."""

    result: dict[str, str]
    position: int | None
    """The notification id of the last event recorded; None when a retry replayed a receipt."""
    replayed: bool = False


class UnitOfWork(Application[UUID]):
    """The one event store every capability shares: running commands, loading, recording reads."""

    name = "Register"  # PostgreSQL table: register_events; keep it whatever the class is called

    def __init__(
        self,
        env: Mapping[str, str],
        *,
        missions: MissionDirectory,
        today: Callable[[], date] = utc_today,
    ) -> None:
        super().__init__(env=env)
        self.missions = missions
        self.today = today
        self.reads = ReadBuffer()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcoder.register(DateAsISO())

    # -- running commands --------------------------------------------------------------------

    def recording(self, account: Account, effective_date: date | None) -> Recording:
        """Who and where come from the account's token; when, from the command or today."""
        return Recording(
            actor=account.name,
            mission=account.mission,
            effective_date=effective_date or self.today(),
        )

    def execute(
        self,
        account: Account,
        operation: Operation,
        given: Given[C],
        decide: Callable[[C], Decision],
    ) -> Outcome:
        """Authorize `operation` (the one place a command is), validate the input, honour the
        request id, decide on the command, and save everything in one transaction."""
        authorize(account, operation)
        command = given.validate() if isinstance(given, Unvalidated) else given
        name = operation.value  # what receipts store and fingerprints hash
        fingerprint = hashlib.sha256(
            (name + command.model_dump_json(exclude={"request_id"})).encode()
        ).hexdigest()
        if command.request_id and (earlier := self._receipt(account, command.request_id)):
            return self._replay(earlier, name, fingerprint)
        aggregates, result = decide(command)
        if command.request_id:
            aggregates.append(
                CommandReceipt.issue(
                    account=account.name,
                    request_id=command.request_id,
                    command=name,
                    fingerprint=fingerprint,
                    result=result,
                    by=self.recording(account, None),
                )
            )
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            if command.request_id and (earlier := self._receipt(account, command.request_id)):
                return self._replay(earlier, name, fingerprint)
            msg = "the record changed while this command ran; read it again and retry"
            raise Conflict(msg) from None
        log.info("command.recorded", operation=name, events=len(recordings))
        return Outcome(result, recordings[-1].notification.id if recordings else None)

    def _receipt(self, account: Account, request_id: str) -> CommandReceipt | None:
        return self.find(CommandReceipt, CommandReceipt.id_for(account.name, request_id))

    @staticmethod
    def _replay(receipt: CommandReceipt, operation: str, fingerprint: str) -> Outcome:
        if receipt.command != operation or receipt.fingerprint != fingerprint:
            msg = "this requestId was already used for a different command"
            raise RequestIdReused(msg, field="request_id")
        return Outcome(dict(receipt.result), None, replayed=True)

    # -- loading -----------------------------------------------------------------------------

    def find(self, kind: type[A], aggregate_id: UUID) -> A | None:
        """The aggregate, if there is one of that kind under that id."""
        try:
            found: Any = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, kind) else None

    def load_citizen(
        self, citizen_id: UUID, *, field: str = "citizen_id", expected_version: int | None = None
    ) -> Citizen:
        citizen = self.find(Citizen, citizen_id)
        if citizen is None:
            msg = f"no citizen with id {citizen_id}"
            raise CitizenNotFound(msg, field=field)
        if expected_version is not None and citizen.version != expected_version:
            msg = (
                f"the record is at version {citizen.version}, not {expected_version}:"
                " it changed since it was read"
            )
            raise Conflict(msg, field="expected_version")
        return citizen

    def claim_national_id(
        self, national_id: str, citizen_id: UUID, by: Recording
    ) -> NationalIdIndex:
        existing = self.find(NationalIdIndex, NationalIdIndex.id_for(national_id))
        return NationalIdIndex.claim(
            existing, national_id=national_id, citizen_id=citizen_id, by=by
        )

    def release_national_id(self, national_id: str, by: Recording) -> NationalIdIndex | None:
        index = self.find(NationalIdIndex, NationalIdIndex.id_for(national_id))
        if index is not None:
            index.release(by=by)
        return index

    def citizen_id_for_national_id(self, national_id: str) -> UUID | None:
        index = self.find(NationalIdIndex, NationalIdIndex.id_for(national_id))
        return None if index is None else index.citizen_id

    def link_to_dossier(
        self, citizen_id: UUID, *, kind: str, aggregate_id: UUID, by: Recording
    ) -> Dossier:
        """Link a new aggregate to the citizen's dossier; save it in the same transaction."""
        existing = self.find(Dossier, Dossier.id_for(citizen_id))
        return Dossier.link(
            existing, citizen_id=citizen_id, kind=kind, aggregate_id=aggregate_id, by=by
        )

    def dossier(self, citizen_id: UUID, kind: str) -> list[UUID]:
        """Ids of the citizen's aggregates of `kind`, oldest first."""
        found = self.find(Dossier, Dossier.id_for(citizen_id))
        return [] if found is None else found.linked(kind)

    # -- recording reads ---------------------------------------------------------------------

    def record_reads(self, account: Account, kind: str, record_ids: Iterable[UUID]) -> None:
        """Record that `account` was shown these records (e.g. a page of search results)."""
        for record_id in record_ids:
            self.record_read(account, record_id, kind)

    def record_read(self, account: Account, citizen_id: UUID, kind: str = "citizen") -> None:
        """Record that `account` read a record: logged now, in the register within seconds."""
        log.info(
            "record.read",
            kind=kind,
            record_id=str(citizen_id),
            read_by=account.name,
            read_at_mission=account.mission,
        )
        if self.reads.add(account, kind, citizen_id):
            self.reads.flush(self)
