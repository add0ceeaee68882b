"""A day's slots: the earliest free released slot, taking and freeing, cheap private copies."""

from __future__ import annotations

import copy
from datetime import date
from uuid import uuid4

from domain.appointments.slot_day import SlotDay
from tests.unit.builders import by

DAY = date(2026, 5, 11)


def day_with(*slots: int) -> SlotDay:
    slot_day = SlotDay.open(None, service="PASSPORT", day=DAY, by=by(DAY, mission="BER"))
    slot_day.take(list(slots), [uuid4() for _ in slots], by=by(DAY))
    slot_day.collect_events()
    return slot_day


def test_the_free_slots_are_the_released_ones_nobody_holds_earliest_first() -> None:
    assert day_with(0, 4).free_among([0, 4, 1, 5]) == [1, 5]
    assert day_with(0, 1).free_among([0, 1]) == []


def test_a_cancellation_frees_its_slot() -> None:
    slot_day = day_with(3)

    slot_day.free(slot_day.taken[3], by=by(DAY))

    assert slot_day.free_among([3]) == [3]


def test_a_commands_copy_changes_without_touching_the_cached_day() -> None:
    cached = day_with(0)

    mine = copy.deepcopy(cached)
    mine.take([1], [uuid4()], by=by(DAY))

    assert (sorted(cached.taken), sorted(mine.taken)) == ([0], [0, 1])
    assert (len(cached.collect_events()), len(mine.collect_events())) == (0, 1)
