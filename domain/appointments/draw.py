"""The fair draw: requests pooled in a batch's first seconds, allocated by a committed lot.

Before a batch's pool opens, the register commits to a secret 32-byte seed by recording its
SHA-256 (`DrawCommitted`). Requests in the pool window are recorded as pool entries, not
allocated. When the window closes, every entry gets the rank

    rank(entry) = HMAC-SHA256(key = seed, message = the entry's 16-byte appointment id)

and entries are taken in ascending rank: the first `n` get the `n` free released slots, earliest
time to the best rank; the rest are not allocated. `DrawPerformed` reveals the seed and records
the ranked entries and the slots given. Anyone can re-run it: hash the seed and compare with the
commitment, recompute the ranks, and compare the order and allocation. An entry's rank depends
only on the seed and its own id, so adding or removing entries never reorders the others, and
the recipe needs nothing but HMAC-SHA256 (no language's shuffle algorithm).

Entries are spread over `POOL_SHARDS` shard aggregates. The draw closes every shard in its own
transaction; an entry racing with it changes the same shard, so one of the two is refused by
the store's optimistic concurrency: an entry is either in the draw or retried after the pool
closed (first come, first served). None is lost between the two.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent, name_id
from domain.hot_copy import containers_copy

if TYPE_CHECKING:
    from collections.abc import Iterable

POOL_SHARDS = 8
SEED_BYTES = 32


def new_seed() -> bytes:
    return secrets.token_bytes(SEED_BYTES)


def seed_digest(seed: bytes) -> str:
    """The commitment published before the pool opens: SHA-256 of the seed, hexadecimal."""
    return hashlib.sha256(seed).hexdigest()


def rank(seed: bytes, entry: UUID) -> bytes:
    return hmac.new(seed, entry.bytes, hashlib.sha256).digest()


def ranked(seed: bytes, entries: Iterable[UUID]) -> list[UUID]:
    """The entries in draw order: ascending HMAC-SHA256(seed, id); ties (never seen) by id."""
    return sorted(set(entries), key=lambda e: (rank(seed, e), e.bytes))


@dataclass(frozen=True)
class Allocation:
    """What a draw decided: each winner's slot, and the entries left without one."""

    winners: list[tuple[UUID, int]]
    losers: list[UUID]


def allocate(seed: bytes, entries: Iterable[UUID], free_slots: list[int]) -> Allocation:
    order = ranked(seed, entries)
    slots = sorted(free_slots)
    return Allocation(list(zip(order, slots, strict=False)), order[len(slots) :])


def release_key(mission: str, service: str, day: date, batch: int) -> str:
    return f"{mission}:{service}:{day.isoformat()}:{batch}"


class Release(Aggregate):
    """One batch of one service's day at a mission: its draw's commitment and result."""

    TOPIC = "sijill/appointment-release"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/appointment-release/created"

    class DrawCommitted(Created):
        """The seed's hash, published before any request enters the pool."""

        TOPIC = "sijill/appointment-release/committed/v1"
        service: str
        day: date
        """The appointment day whose slots the batch releases."""
        batch: int
        opens_at: datetime
        pool_closes_at: datetime
        seed_sha256: str

    class DrawPerformed(Event):
        TOPIC = "sijill/appointment-release/drawn/v1"
        seed: str
        """The seed, hexadecimal, revealed now that the pool is closed."""
        ranked: list[UUID]
        """Every entry (appointment id) in draw order."""
        slots: list[int]
        """The slots given, in order: `ranked[i]` got `slots[i]`; the rest got none."""

        def apply(self, aggregate: Release) -> None:
            aggregate.seed = bytes.fromhex(self.seed)
            aggregate.ranked = list(self.ranked)
            aggregate.slots = list(self.slots)

    def __init__(  # the commitment's fields, applied on replay too
        self,
        *,
        service: str,
        day: date,
        batch: int,
        opens_at: datetime,
        pool_closes_at: datetime,
        seed_sha256: str,
        mission: str,
        **_: Any,
    ) -> None:
        self.mission = mission
        self.service = service
        self.day = day
        self.batch = batch
        self.opens_at = opens_at
        self.pool_closes_at = pool_closes_at
        self.seed_sha256 = seed_sha256
        self.seed: bytes | None = None
        self.ranked: list[UUID] = []
        self.slots: list[int] = []

    def __deepcopy__(self, memo: dict[int, Any]) -> Release:
        return containers_copy(self)

    @staticmethod
    def id_for(key: str) -> UUID:
        return name_id("appointment-release", key)

    @classmethod
    def commit(  # a commitment has this many facts
        cls,
        *,
        service: str,
        day: date,
        batch: int,
        opens_at: datetime,
        pool_closes_at: datetime,
        seed: bytes,
        by: Recording,
    ) -> Release:
        return cls._create(
            cls.DrawCommitted,
            id=cls.id_for(release_key(by.mission, service, day, batch)),
            service=service,
            day=day,
            batch=batch,
            opens_at=opens_at,
            pool_closes_at=pool_closes_at,
            seed_sha256=seed_digest(seed),
            **by.fields(),
        )

    @property
    def drawn(self) -> bool:
        return self.seed is not None

    def perform(
        self, *, seed: bytes, entries: Iterable[UUID], free_slots: list[int], by: Recording
    ) -> Allocation:
        """Reveal the seed and record the draw; the caller applies the allocation."""
        if seed_digest(seed) != self.seed_sha256:
            msg = "the seed does not match the commitment"
            raise ValueError(msg)
        allocation = allocate(seed, entries, free_slots)
        order = [e for e, _ in allocation.winners] + allocation.losers
        self.trigger_event(
            self.DrawPerformed,
            seed=seed.hex(),
            ranked=order,
            slots=[s for _, s in allocation.winners],
            **by.fields(),
        )
        return allocation

    def verify(self) -> bool:
        """Re-run the draw from the revealed seed: does it give the recorded order and slots?"""
        if self.seed is None:
            return False
        again = allocate(self.seed, self.ranked, self.slots)
        return (
            seed_digest(self.seed) == self.seed_sha256
            and [e for e, _ in again.winners] + again.losers == self.ranked
            and [s for _, s in again.winners] == self.slots
        )


class PoolShard(Aggregate):
    """One shard of a release's pool: the entries it took, until the draw closes it."""

    TOPIC = "sijill/index/appointment-pool"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/index/appointment-pool/opened/v1"
        release_id: UUID
        shard: int

    class Entered(Event):
        TOPIC = "sijill/index/appointment-pool/entered/v1"
        appointment_id: UUID

        def apply(self, aggregate: PoolShard) -> None:
            aggregate.entries.append(self.appointment_id)

    class Closed(Event):
        TOPIC = "sijill/index/appointment-pool/closed/v1"

        def apply(self, aggregate: PoolShard) -> None:
            aggregate.closed = True

    def __init__(self, *, release_id: UUID, shard: int, **_: Any) -> None:
        self.release_id = release_id
        self.shard = shard
        self.entries: list[UUID] = []
        self.closed = False

    def __deepcopy__(self, memo: dict[int, Any]) -> PoolShard:
        return containers_copy(self)

    @staticmethod
    def id_for(release_id: UUID, shard: int) -> UUID:
        return name_id("appointment-pool", f"{release_id}:{shard}")

    @staticmethod
    def shard_for(citizen_id: UUID) -> int:
        return citizen_id.int % POOL_SHARDS

    @classmethod
    def open(
        cls, existing: PoolShard | None, *, release_id: UUID, shard: int, by: Recording
    ) -> PoolShard:
        return existing or cls._create(
            cls.Created,
            id=cls.id_for(release_id, shard),
            release_id=release_id,
            shard=shard,
            **by.fields(),
        )

    def enter(self, appointment_id: UUID, *, by: Recording) -> None:
        self.trigger_event(self.Entered, appointment_id=appointment_id, **by.fields())

    def close(self, *, by: Recording) -> None:
        if not self.closed:
            self.trigger_event(self.Closed, **by.fields())
