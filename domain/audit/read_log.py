"""The read log: who read which record, where and when, recorded in the register itself.

Reads are gathered for a short interval and recorded as one event per account and mission, so
lookups never wait on the store's write lock one by one.
"""

from __future__ import annotations

from typing import Any
from uuid import uuid4

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent


class ReadLog(Aggregate):
    TOPIC = "sijill/read-log"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/read-log/created"

    class ReadsRecorded(Created):
        """The reads one account made at one mission during one interval."""

        TOPIC = "sijill/read-log/reads-recorded/v1"
        reads: list[list[str]]
        """[record kind, record id, ISO time of the read], in the order they were made."""

    def __init__(self, *, reads: list[list[str]], **_: Any) -> None:
        self.reads = reads

    @classmethod
    def record(cls, *, reads: list[list[str]], by: Recording) -> ReadLog:
        return cls._create(cls.ReadsRecorded, id=uuid4(), reads=reads, **by.fields())
