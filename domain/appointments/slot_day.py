"""The slots of one service on one day at one mission: which are taken, by which appointment.

Every booking, draw and cancellation changes this aggregate's version, so two bookings of the
day's last free slot cannot both commit: the store's optimistic concurrency refuses the second,
which retries and finds the day full. Overbooking is impossible by construction.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent, name_id
from domain.hot_copy import containers_copy

if TYPE_CHECKING:
    from collections.abc import Iterable


class SlotDay(Aggregate):
    TOPIC = "sijill/index/slot-day"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/index/slot-day/opened/v1"
        service: str
        day: date

    class Taken(Event):
        TOPIC = "sijill/index/slot-day/taken/v1"
        slots: list[int]
        appointment_ids: list[UUID]

        def apply(self, aggregate: SlotDay) -> None:
            aggregate.taken.update(zip(self.slots, self.appointment_ids, strict=True))

    class Freed(Event):
        TOPIC = "sijill/index/slot-day/freed/v1"
        slot: int

        def apply(self, aggregate: SlotDay) -> None:
            aggregate.taken.pop(self.slot, None)

    def __init__(self, *, service: str, day: date, **_: Any) -> None:
        self.service = service
        self.day = day
        self.taken: dict[int, UUID] = {}

    def __deepcopy__(self, memo: dict[int, Any]) -> SlotDay:
        return containers_copy(self)

    @staticmethod
    def id_for(mission: str, service: str, day: date) -> UUID:
        return name_id("slot-day", f"{mission}:{service}:{day.isoformat()}")

    @classmethod
    def open(cls, existing: SlotDay | None, *, service: str, day: date, by: Recording) -> SlotDay:
        return existing or cls._create(
            cls.Created,
            id=cls.id_for(by.mission, service, day),
            service=service,
            day=day,
            **by.fields(),
        )

    def free_among(self, released: Iterable[int]) -> list[int]:
        """The released slots nobody holds, earliest first."""
        return sorted(s for s in released if s not in self.taken)

    def take(self, slots: list[int], appointment_ids: list[UUID], *, by: Recording) -> None:
        if slots:
            self.trigger_event(
                self.Taken, slots=slots, appointment_ids=appointment_ids, **by.fields()
            )

    def free(self, appointment_id: UUID, *, by: Recording) -> None:
        held = [slot for slot, holder in self.taken.items() if holder == appointment_id]
        for slot in held:
            self.trigger_event(self.Freed, slot=slot, **by.fields())
