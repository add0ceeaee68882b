"""Release times: four batches at 10:00, 13:00, 16:00 and 20:00 mission local time, 7 days ahead."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from domain.appointments import release_schedule as schedule
from domain.appointments.calendars import ServiceHours

BERLIN = "Europe/Berlin"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def hours(**overrides: object) -> ServiceHours:
    fields: dict[str, object] = {
        "code": "PASSPORT",
        "daily_capacity": 8,
        "first_appointment": "09:00",
        "minutes_per_appointment": 30,
        "desks": 1,
        "release_shares": (25, 25, 25, 25),
    }
    fields.update(overrides)
    return ServiceHours(**fields)  # type: ignore[arg-type]


def test_a_day_is_released_seven_days_before_in_four_local_batches() -> None:
    # Released on Monday 4 May 2026 (summer time, UTC+2) for Monday 11 May.
    assert schedule.batch_instants(date(2026, 5, 11), BERLIN) == [
        utc(2026, 5, 4, 8),
        utc(2026, 5, 4, 11),
        utc(2026, 5, 4, 14),
        utc(2026, 5, 4, 18),
    ]


@pytest.mark.parametrize(
    ("release_day", "first_batch_utc"),
    [
        (date(2026, 3, 28), utc(2026, 3, 28, 9)),  # winter time, UTC+1
        (date(2026, 3, 29), utc(2026, 3, 29, 8)),  # clocks went forward at 02:00: UTC+2
        (date(2026, 10, 24), utc(2026, 10, 24, 8)),  # summer time, UTC+2
        (date(2026, 10, 25), utc(2026, 10, 25, 9)),  # clocks went back at 03:00: UTC+1
    ],
)
def test_batches_stay_at_local_ten_across_daylight_saving_changes(
    release_day: date, first_batch_utc: datetime
) -> None:
    instants = schedule.batch_instants(release_day + timedelta(days=7), BERLIN)

    assert instants[0] == first_batch_utc
    assert [(i - instants[0]) for i in instants] == [
        timedelta(0),
        timedelta(hours=3),
        timedelta(hours=6),
        timedelta(hours=10),
    ]


def test_appointment_times_keep_the_local_wall_clock_on_a_daylight_saving_day() -> None:
    spring = hours()

    assert spring.starts_at(date(2026, 3, 29), 0, BERLIN) == utc(2026, 3, 29, 7)
    assert spring.starts_at(date(2026, 3, 28), 0, BERLIN) == utc(2026, 3, 28, 8)
    assert spring.starts_at(date(2026, 10, 25), 3, BERLIN) == utc(2026, 10, 25, 9, 30)


def test_desks_share_start_times() -> None:
    two_desks = hours(desks=2, minutes_per_appointment=20)

    starts = [two_desks.starts_at(date(2026, 5, 11), s, BERLIN) for s in range(4)]

    assert starts == [utc(2026, 5, 11, 7), utc(2026, 5, 11, 7)] + [utc(2026, 5, 11, 7, 20)] * 2


def test_each_batch_releases_its_share_and_the_last_releases_the_rest() -> None:
    counts = [schedule.released_count(10, (25, 25, 25, 25), n) for n in range(5)]

    assert counts == [0, 2, 5, 7, 10]
    assert [schedule.released_count(10, (40, 0, 30, 30), n) for n in range(5)] == [0, 4, 4, 7, 10]


def test_every_batch_offers_times_across_the_whole_day() -> None:
    assert hours().released_slots(1) == [0, 4]
    assert hours().released_slots(2) == [0, 4, 1, 5]
    assert sorted(hours().released_slots(4)) == list(range(8))


def test_before_ten_nothing_of_the_new_day_is_open() -> None:
    phase = schedule.phase(date(2026, 5, 11), utc(2026, 5, 4, 7, 59), BERLIN, pool_seconds=60)

    assert phase == schedule.DayPhase(
        batches_open=0, pool_batch=None, next_batch_at=utc(2026, 5, 4, 8), closed_pools=()
    )


def test_requests_in_a_batchs_first_seconds_are_pooled() -> None:
    day = date(2026, 5, 11)

    pooling = schedule.phase(day, utc(2026, 5, 4, 11, 0, 59), BERLIN, pool_seconds=60)
    after = schedule.phase(day, utc(2026, 5, 4, 11, 1), BERLIN, pool_seconds=60)
    first_come = schedule.phase(day, utc(2026, 5, 4, 11, 0, 1), BERLIN, pool_seconds=None)

    assert (pooling.batches_open, pooling.pool_batch, pooling.closed_pools) == (2, 1, (0,))
    assert (after.batches_open, after.pool_batch, after.closed_pools) == (2, None, (0, 1))
    assert (first_come.pool_batch, first_come.closed_pools) == (None, ())


def test_the_booking_window_is_tomorrow_to_seven_days_ahead_in_local_time() -> None:
    # 23:30 UTC on 3 May is already 4 May in Berlin.
    now = utc(2026, 5, 3, 23, 30)

    assert not schedule.bookable(date(2026, 5, 4), now, BERLIN)
    assert schedule.bookable(date(2026, 5, 5), now, BERLIN)
    assert schedule.bookable(date(2026, 5, 11), now, BERLIN)
    assert not schedule.bookable(date(2026, 5, 12), now, BERLIN)
