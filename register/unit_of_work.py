"""The register application: idempotent, access-checked commands over one event store."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, TypeVar
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

    from domain.base import RegisterEvent
    from register.access import Account
    from register.civil_status.inputs import Command
    from register.store.missions import MissionDirectory

log = structlog.get_logger(__name__)
A = TypeVar("A", bound=Aggregate)
Decision = tuple[list[Aggregate], dict[str, str]]
"""What a command decided: the aggregates to save together, and the result to return."""


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


class RegisterBase(Application[UUID]):
    """Persistence, idempotency and loading; the civil-status commands build on it."""

    name = "Register"  # PostgreSQL table: register_events

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
        operation: str,
        command: Command,
        decide: Callable[[], Decision],
    ) -> Outcome:
        """Authorize, honour the request id, decide, and save everything in one transaction."""
        authorize(account, operation)
        fingerprint = hashlib.sha256(
            (operation + command.model_dump_json(exclude={"request_id"})).encode()
        ).hexdigest()
        if command.request_id and (earlier := self._receipt(account, command.request_id)):
            return self._replay(earlier, operation, fingerprint)
        aggregates, result = decide()
        if command.request_id:
            aggregates.append(
                CommandReceipt.issue(
                    account=account.name,
                    request_id=command.request_id,
                    command=operation,
                    fingerprint=fingerprint,
                    result=result,
                    by=self.recording(account, None),
                )
            )
        try:
            recordings = self.save(*aggregates)
        except IntegrityError:
            if command.request_id and (earlier := self._receipt(account, command.request_id)):
                return self._replay(earlier, operation, fingerprint)
            msg = "the record changed while this command ran; read it again and retry"
            raise Conflict(msg) from None
        log.info("command.recorded", operation=operation, events=len(recordings))
        return Outcome(result, recordings[-1].notification.id if recordings else None)

    def _receipt(self, account: Account, request_id: str) -> CommandReceipt | None:
        return self._find(CommandReceipt, CommandReceipt.id_for(account.name, request_id))

    @staticmethod
    def _replay(receipt: CommandReceipt, operation: str, fingerprint: str) -> Outcome:
        if receipt.command != operation or receipt.fingerprint != fingerprint:
            msg = "this requestId was already used for a different command"
            raise RequestIdReused(msg, field="request_id")
        return Outcome(dict(receipt.result), None, replayed=True)

    def consequences_of_death(self, citizen_id: UUID, by: Recording) -> list[Aggregate]:
        """Other aggregates a death changes (e.g. valid documents), saved with the death.

        Feature mixins extend this and call super(): each adds what the death ends for it.
        """
        del citizen_id, by
        return []

    # -- loading -----------------------------------------------------------------------------

    def _find(self, kind: type[A], aggregate_id: UUID) -> A | None:
        try:
            found: Any = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, kind) else None

    def load_citizen(
        self, citizen_id: UUID, *, field: str = "citizen_id", expected_version: int | None = None
    ) -> Citizen:
        citizen = self._find(Citizen, citizen_id)
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
        existing = self._find(NationalIdIndex, NationalIdIndex.id_for(national_id))
        return NationalIdIndex.claim(
            existing, national_id=national_id, citizen_id=citizen_id, by=by
        )

    def link_to_dossier(
        self, citizen_id: UUID, *, kind: str, aggregate_id: UUID, by: Recording
    ) -> Dossier:
        """Link a new aggregate to the citizen's dossier; save it in the same transaction."""
        existing = self._find(Dossier, Dossier.id_for(citizen_id))
        return Dossier.link(
            existing, citizen_id=citizen_id, kind=kind, aggregate_id=aggregate_id, by=by
        )

    def dossier(self, citizen_id: UUID, kind: str) -> list[UUID]:
        """Ids of the citizen's aggregates of `kind`, oldest first."""
        found = self._find(Dossier, Dossier.id_for(citizen_id))
        return [] if found is None else found.linked(kind)

    def release_national_id(self, national_id: str, by: Recording) -> NationalIdIndex | None:
        index = self._find(NationalIdIndex, NationalIdIndex.id_for(national_id))
        if index is not None:
            index.release(by=by)
        return index

    # -- queries -----------------------------------------------------------------------------

    def citizen(self, account: Account, citizen_id: UUID) -> Citizen:
        """One citizen's record; the read itself is recorded (account, mission, record)."""
        authorize(account, "citizen")
        citizen = self.load_citizen(citizen_id, field="id")
        self._record_read(account, citizen_id)
        return citizen

    def record_reads(self, account: Account, kind: str, record_ids: Iterable[UUID]) -> None:
        """Record that `account` was shown these records (e.g. a page of search results)."""
        for record_id in record_ids:
            self._record_read(account, record_id, kind)

    def _record_read(self, account: Account, citizen_id: UUID, kind: str = "citizen") -> None:
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

    def citizen_id_for_national_id(self, national_id: str) -> UUID | None:
        index = self._find(NationalIdIndex, NationalIdIndex.id_for(national_id))
        return None if index is None else index.citizen_id

    def relatives(self, account: Account, ids: Iterable[UUID]) -> list[Citizen | None]:
        """Relatives' records for one page of lookups, in the order asked; each read recorded."""
        authorize(account, "citizen")
        found = [self._find(Citizen, i) for i in ids]
        for citizen in found:
            if citizen is not None:
                self._record_read(account, citizen.id)
        return found

    def history(self, citizen_id: UUID) -> list[RegisterEvent]:
        """Every event on the citizen's record and on the aggregates linked to its dossier."""
        events: list[Any] = list(self.events.get(citizen_id))
        found = self._find(Dossier, Dossier.id_for(citizen_id))
        for _, aggregate_id in found.links if found else []:
            events.extend(self.events.get(aggregate_id))
        return sorted(events, key=lambda e: e.timestamp)
