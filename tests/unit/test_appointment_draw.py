"""The fair draw is reproducible from its revealed seed, and only from it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest

from domain.appointments.draw import (
    Release,
    allocate,
    new_seed,
    ranked,
    seed_digest,
)
from tests.unit.builders import by

OPENS = datetime(2026, 5, 4, 8, tzinfo=UTC)
DAY = date(2026, 5, 11)


def entries(n: int) -> list[UUID]:
    return [uuid4() for _ in range(n)]


def committed(seed: bytes) -> Release:
    return Release.commit(
        service="PASSPORT",
        day=DAY,
        batch=0,
        opens_at=OPENS,
        pool_closes_at=OPENS.replace(minute=1),
        seed=seed,
        by=by(OPENS.date(), mission="BER"),
    )


def test_the_commitment_publishes_the_seeds_hash_not_the_seed() -> None:
    seed = new_seed()
    release = committed(seed)

    assert release.seed_sha256 == seed_digest(seed)
    assert len(release.seed_sha256) == 64
    assert (release.seed, release.drawn) == (None, False)


def test_an_auditor_rerunning_the_draw_with_the_revealed_seed_gets_the_same_allocation() -> None:
    seed, pool, free = new_seed(), entries(40), [3, 0, 7, 11, 5]
    release = committed(seed)

    allocation = release.perform(seed=seed, entries=pool, free_slots=free, by=by(DAY))
    again = allocate(bytes.fromhex(release.collect_events()[-1].seed), release.ranked, free)

    assert release.verify()
    assert again == allocation
    assert [s for _, s in allocation.winners] == [0, 3, 5, 7, 11]
    assert [e for e, _ in allocation.winners] == ranked(seed, pool)[:5]
    assert allocation.losers == ranked(seed, pool)[5:]
    assert release.slots == [0, 3, 5, 7, 11]


def test_a_different_seed_gives_a_different_order() -> None:
    pool = entries(40)

    assert ranked(new_seed(), pool) != ranked(new_seed(), pool)


def test_a_seed_other_than_the_committed_one_is_refused() -> None:
    release = committed(new_seed())

    with pytest.raises(ValueError, match="commitment"):
        release.perform(seed=new_seed(), entries=entries(3), free_slots=[0], by=by(DAY))


def test_entries_joining_or_leaving_never_reorder_the_others() -> None:
    seed, pool = new_seed(), entries(30)
    extra = entries(10)

    with_extra = ranked(seed, pool + extra)

    assert [e for e in with_extra if e in pool] == ranked(seed, pool)


def test_the_order_does_not_depend_on_the_order_entries_were_recorded() -> None:
    seed, pool = new_seed(), entries(20)

    assert ranked(seed, pool) == ranked(seed, list(reversed(pool)))


def test_a_tampered_draw_fails_verification() -> None:
    seed = new_seed()
    release = committed(seed)
    release.perform(seed=seed, entries=entries(6), free_slots=[0, 1], by=by(DAY))

    release.ranked[0], release.ranked[1] = release.ranked[1], release.ranked[0]

    assert not release.verify()


def test_a_pool_smaller_than_the_free_slots_gets_every_entry_a_slot() -> None:
    seed, pool = new_seed(), entries(2)

    allocation = allocate(seed, pool, [4, 1, 9])

    assert allocation.winners == list(zip(ranked(seed, pool), [1, 4], strict=True))
    assert allocation.losers == []
