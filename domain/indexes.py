"""Uniqueness across the register: index aggregates whose ids are derived from the unique key.

Two enrolments of the same national ID both try to create version 1 of the same index
aggregate in the same transaction as the citizen, so the store lets only one of them commit.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent, name_id
from domain.errors import NationalIdTaken


class NationalIdIndex(Aggregate):
    """Which citizen holds a national ID number; released when a correction moves it away."""

    TOPIC = "sijill/index/national-id"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/index/national-id/claimed/v1"
        national_id: str
        citizen_id: UUID

    class Claimed(Event):
        TOPIC = "sijill/index/national-id/reclaimed/v1"
        citizen_id: UUID

        def apply(self, aggregate: NationalIdIndex) -> None:
            aggregate.citizen_id = self.citizen_id

    class Released(Event):
        TOPIC = "sijill/index/national-id/released/v1"

        def apply(self, aggregate: NationalIdIndex) -> None:
            aggregate.citizen_id = None

    def __init__(self, *, national_id: str, citizen_id: UUID, **_: Any) -> None:
        self.national_id = national_id
        self.citizen_id: UUID | None = citizen_id

    @staticmethod
    def id_for(national_id: str) -> UUID:
        return name_id("national-id", national_id)

    @classmethod
    def claim(
        cls, existing: NationalIdIndex | None, *, national_id: str, citizen_id: UUID, by: Recording
    ) -> NationalIdIndex:
        """Claim `national_id` for `citizen_id`, reusing a released index if there is one."""
        if existing is None:
            return cls._create(
                cls.Created,
                id=cls.id_for(national_id),
                national_id=national_id,
                citizen_id=citizen_id,
                **by.fields(),
            )
        if existing.citizen_id is not None and existing.citizen_id != citizen_id:
            msg = "that national ID number is already in the register"
            raise NationalIdTaken(msg, field="national_id")
        if existing.citizen_id is None:
            existing.trigger_event(cls.Claimed, citizen_id=citizen_id, **by.fields())
        return existing

    def release(self, *, by: Recording) -> None:
        self.trigger_event(self.Released, **by.fields())
