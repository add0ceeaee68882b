"""When appointment slots open: four daily batches in the mission's local time, 7 days ahead.

A day's capacity is released on the day exactly `WINDOW_DAYS` before it, in four batches at
10:00, 13:00, 16:00 and 20:00 mission local time; each batch opens its configured share. So at
any moment the booking window holds the next 7 days: days 1 to 6 fully released, day 7 filling
batch by batch. Local times become instants through the mission's IANA zone (zoneinfo), so a
daylight-saving change moves the UTC instants, never the local 10:00.

Each batch opens a share of the day's slots in *release order*: slot indexes interleaved by
batch (0, 4, 8, … then 1, 5, 9, …), so every batch offers times across the whole day rather
than the morning to the early birds and the evening to the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

BATCH_TIMES = (time(10), time(13), time(16), time(20))
"""The published release times, mission local time."""
WINDOW_DAYS = 7


def local(instant: datetime, timezone: str) -> datetime:
    return instant.astimezone(ZoneInfo(timezone))


def local_day(instant: datetime, timezone: str) -> date:
    """The calendar day at the mission at `instant`."""
    return local(instant, timezone).date()


def at_local(day: date, wall: time, timezone: str) -> datetime:
    """The UTC instant of the wall-clock time `wall` on `day` at the mission."""
    return datetime.combine(day, wall, tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def release_day(day: date) -> date:
    """The day on which the slots of appointment day `day` are released."""
    return day - timedelta(days=WINDOW_DAYS)


def batch_instants(day: date, timezone: str) -> list[datetime]:
    """When the batches releasing appointment day `day` open (UTC), in order."""
    return [at_local(release_day(day), t, timezone) for t in BATCH_TIMES]


def released_count(capacity: int, shares: tuple[int, ...], batches_open: int) -> int:
    """How many of `capacity` slots the first `batches_open` batches have released.

    Cumulative shares (percent) are rounded down, so no batch releases a fraction and the
    last batch releases whatever is left.
    """
    if batches_open >= len(shares):
        return capacity
    return capacity * sum(shares[:batches_open]) // 100


def release_order(capacity: int, batches: int = len(BATCH_TIMES)) -> list[int]:
    """Slot indexes in the order batches release them (interleaved across the day)."""
    return sorted(range(capacity), key=lambda i: (i % batches, i))


@dataclass(frozen=True)
class DayPhase:
    """Where an appointment day stands at one instant."""

    batches_open: int
    """How many of the day's release batches have opened."""
    pool_batch: int | None
    """The batch whose pooling window is open now (fair draw only), else None."""
    next_batch_at: datetime | None
    """When the next batch opens (UTC), if one is still to come."""
    closed_pools: tuple[int, ...]
    """Batches whose pooling window has closed: their draw must precede first come first served."""


def phase(day: date, now: datetime, timezone: str, *, pool_seconds: int | None) -> DayPhase:
    """The state of `day`'s release at `now`; `pool_seconds` None means first come only."""
    instants = batch_instants(day, timezone)
    opened = [i for i, at in enumerate(instants) if at <= now]
    pool = timedelta(seconds=pool_seconds or 0)
    pooling = [i for i in opened if pool_seconds and now < instants[i] + pool]
    upcoming = [at for at in instants if at > now]
    return DayPhase(
        batches_open=len(opened),
        pool_batch=pooling[-1] if pooling else None,
        next_batch_at=upcoming[0] if upcoming else None,
        closed_pools=tuple(i for i in opened if pool_seconds and i not in pooling),
    )


def bookable(day: date, now: datetime, timezone: str) -> bool:
    """Appointments are booked for tomorrow onwards, within the 7-day window."""
    today = local_day(now, timezone)
    return today < day <= today + timedelta(days=WINDOW_DAYS)
