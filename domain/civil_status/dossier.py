"""A citizen's dossier: every aggregate that concerns the citizen besides the record itself.

Documents, service requests, cases and appointments are aggregates of their own; each is
linked here in the same transaction that creates it, so `Citizen.documents` and the citizen's
whole history can be read from the store without a view.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent, name_id


class Dossier(Aggregate):
    TOPIC = "sijill/dossier"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/dossier/opened/v1"
        citizen_id: UUID

    class Linked(Event):
        TOPIC = "sijill/dossier/linked/v1"
        kind: str
        """`document`, `service-request`, `case`, `appointment`, …"""
        aggregate_id: UUID

        def apply(self, aggregate: Dossier) -> None:
            aggregate.links.append((self.kind, self.aggregate_id))

    def __init__(self, *, citizen_id: UUID, **_: Any) -> None:
        self.citizen_id = citizen_id
        self.links: list[tuple[str, UUID]] = []

    @staticmethod
    def id_for(citizen_id: UUID) -> UUID:
        return name_id("dossier", str(citizen_id))

    @classmethod
    def link(
        cls,
        existing: Dossier | None,
        *,
        citizen_id: UUID,
        kind: str,
        aggregate_id: UUID,
        by: Recording,
    ) -> Dossier:
        """Link `aggregate_id` to the citizen's dossier, opening the dossier if need be."""
        dossier = existing or cls._create(
            cls.Created, id=cls.id_for(citizen_id), citizen_id=citizen_id, **by.fields()
        )
        dossier.trigger_event(cls.Linked, kind=kind, aggregate_id=aggregate_id, **by.fields())
        return dossier

    def linked(self, kind: str) -> list[UUID]:
        return [aggregate_id for k, aggregate_id in self.links if k == kind]
