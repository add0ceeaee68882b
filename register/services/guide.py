"""The consular guide's commands (admins edit it) and its reading, now or as it stood on a date."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import TYPE_CHECKING, Any

from domain.errors import GuideRuleViolated
from domain.services.catalogue import ConsularService, Fee, ServiceCatalogue
from register.access import authorize
from register.services.inputs import texts
from register.services.operations import ServicesOperation

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import date
    from uuid import UUID

    from register.access import Account
    from register.services.inputs import (
        DefineService,
        RenameService,
        RetireService,
        SetServiceFee,
    )
    from register.unit_of_work import Decision, Given, Outcome, UnitOfWork


class Guide:
    """The guide: one aggregate per service under the id of its code, listed in a catalogue."""

    def __init__(self, store: UnitOfWork) -> None:
        self.store = store
        self._last_versions: Callable[[Sequence[UUID]], dict[UUID, int]] | None = None
        self._current: tuple[dict[UUID, int], list[ConsularService]] | None = None

    def attach_versions(self, last_versions: Callable[[Sequence[UUID]], dict[UUID, int]]) -> None:
        """Let the current guide be kept between reads, replayed again only when one of its
        aggregates has a new event (asked in one query; any process may have written it)."""
        self._last_versions = last_versions

    def define_service(self, account: Account, given: Given[DefineService]) -> Outcome:
        def decide(cmd: DefineService) -> Decision:
            by = self.store.recording(account, None)
            existing = self.store.find(ServiceCatalogue, ServiceCatalogue.ID)
            catalogue = ServiceCatalogue.list_service(existing, code=cmd.code, by=by)
            service = ConsularService.define(
                code=cmd.code,
                names=texts(cmd.names),
                descriptions=texts(cmd.descriptions),
                required_documents=[texts(d.name) for d in cmd.required_documents],
                processing_days=cmd.processing_days,
                channels=list(cmd.channels),
                by=by,
            )
            for i, fee in enumerate(cmd.fees):
                mission = self.store.missions.get(fee.mission, field=f"fees.{i}.mission")
                service.set_fee(for_mission=mission.code, fee=Fee(fee.amount, fee.currency), by=by)
            return [catalogue, service], {"serviceCode": service.code}

        return self.store.execute(account, ServicesOperation.DEFINE_SERVICE, given, decide)

    def rename_service(self, account: Account, given: Given[RenameService]) -> Outcome:
        def decide(cmd: RenameService) -> Decision:
            service = self.consular_service(cmd.service_code)
            service.rename(
                names=texts(cmd.names),
                descriptions=texts(cmd.descriptions),
                by=self.store.recording(account, None),
            )
            return [service], {"serviceCode": service.code}

        return self.store.execute(account, ServicesOperation.RENAME_SERVICE, given, decide)

    def set_service_fee(self, account: Account, given: Given[SetServiceFee]) -> Outcome:
        def decide(cmd: SetServiceFee) -> Decision:
            service = self.consular_service(cmd.service_code)
            mission = self.store.missions.get(cmd.mission, field="mission")
            service.set_fee(
                for_mission=mission.code,
                fee=Fee(cmd.amount, cmd.currency),
                by=self.store.recording(account, None),
            )
            return [service], {"serviceCode": service.code}

        return self.store.execute(account, ServicesOperation.SET_SERVICE_FEE, given, decide)

    def retire_service(self, account: Account, given: Given[RetireService]) -> Outcome:
        def decide(cmd: RetireService) -> Decision:
            service = self.consular_service(cmd.service_code)
            service.retire(reason=cmd.reason, by=self.store.recording(account, None))
            return [service], {"serviceCode": service.code}

        return self.store.execute(account, ServicesOperation.RETIRE_SERVICE, given, decide)

    # -- reading ----------------------------------------------------------------------------

    def consular_services(self) -> dict[str, ConsularService]:
        """Every service the guide has defined, retired or not, by code."""
        catalogue = self.store.find(ServiceCatalogue, ServiceCatalogue.ID)
        return {
            code: self.consular_service(code) for code in (catalogue.codes if catalogue else [])
        }

    def consular_service(self, code: str, *, field: str = "service_code") -> ConsularService:
        """The service as the guide describes it now, retired or not."""
        service = self.store.find(ConsularService, ConsularService.id_for(code))
        if service is None:
            msg = f"the guide has no service {code!r}"
            raise GuideRuleViolated(msg, field=field, code="UNKNOWN_SERVICE")
        return service

    def guide(self, account: Account | None, *, as_of: date | None = None) -> list[ConsularService]:
        """The services in the guide, in the order defined, without those retired; public (no
        account needed).

        `as_of`: the guide as the register held it at the end of that day (UTC).
        """
        moment = None if as_of is None else datetime.combine(as_of, time.max, tzinfo=UTC)
        return self.guide_at(account, moment)

    def guide_at(self, account: Account | None, moment: datetime | None) -> list[ConsularService]:
        """The guide replayed from the events recorded until `moment` (None: all of them)."""
        if account is not None:
            authorize(account, ServicesOperation.SERVICES)
        if moment is None and self._last_versions is not None:
            return self._kept(self._last_versions)
        return self._replay(moment)[1]

    def _kept(
        self, last_versions: Callable[[Sequence[UUID]], dict[UUID, int]]
    ) -> list[ConsularService]:
        """The current guide, replayed only if an aggregate it was built from has changed.

        The versions are read before the replay, so an event recorded during it makes the next
        read replay again rather than keep a stale guide."""
        ids: Sequence[UUID] = [ServiceCatalogue.ID]
        if self._current is not None:
            versions, services = self._current
            ids = list(versions)
            if last_versions(ids) == versions:
                return list(services)
        while True:
            versions = last_versions(ids)
            used, services = self._replay(None)
            if set(used) == set(ids):
                self._current = (versions, services)
                return list(services)
            ids = used  # the catalogue changed: read again over its services

    def _replay(self, moment: datetime | None) -> tuple[list[UUID], list[ConsularService]]:
        """The aggregates read and the guide they make."""
        catalogue = self._as_of(ServiceCatalogue.ID, moment)
        ids = [ConsularService.id_for(code) for code in (catalogue.codes if catalogue else [])]
        services = [self._as_of(i, moment) for i in ids]
        return [ServiceCatalogue.ID, *ids], [s for s in services if s is not None and not s.retired]

    def _as_of(self, aggregate_id: UUID, moment: datetime | None) -> Any:
        """The aggregate from its events recorded until `moment` (None: all of them)."""
        aggregate: Any = None
        event: Any
        for event in self.store.events.get(aggregate_id):
            if moment is not None and event.timestamp > moment:
                break
            aggregate = event.mutate(aggregate)
        return aggregate
