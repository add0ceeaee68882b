"""A view never stops on one event: dead letters, a view stopped alone, NUL in stored events."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar
from uuid import UUID

import pytest

from domain.civil_status.citizen import Citizen
from projections import all_views
from register.views import dead_letters
from register.views.projector import Projector, ViewCannotApply
from register.views.rebuild import differences, fresh_target, rebuild
from tests.factories import PARIS_CLERK, enroll

if TYPE_CHECKING:
    from collections.abc import Sequence

    from projections.base import Cursor, Recorded
    from register.bootstrap import Container


def enrolled(container: Container, national_id: str) -> UUID:
    outcome = container.register.enroll_citizen(PARIS_CLERK, enroll(nationalId=national_id))
    return UUID(outcome.result["citizenId"])


def corrected_without_checks(container: Container, citizen_id: UUID, value: str) -> int:
    """Record a given-name correction the way an older release let one in (no value check);
    returns its position."""
    citizen: Citizen = container.register.repository.get(citizen_id)
    citizen.trigger_event(
        Citizen.EntryCorrected,
        field="given_name",
        old_value=citizen.names.given_name,
        new_value=value,
        legal_basis="judgement 2026/17",
        approved_by="officer",
        actor="officer",
        mission="PAR",
        effective_date=date(2026, 1, 5),
    )
    container.register.save(citizen)
    return container.register.recorder.max_notification_id() or 0


class Numbers:
    """A view of each event's position, which stores a number no BIGINT holds for one event
    (`poison`) and, while `broken`, fails in its own code on another (`fault`)."""

    name: ClassVar[str] = "numbers"
    tables: ClassVar[tuple[str, ...]] = ("test_numbers",)

    def __init__(self, *, poison: int = -1, fault: int = -1, broken: bool = True) -> None:
        self.poison, self.fault, self.broken = poison, fault, broken

    def apply(self, batch: Sequence[Recorded], cursor: Cursor) -> None:
        for r in batch:
            if self.broken and r.position == self.fault:
                msg = "the view's code has a fault"
                raise RuntimeError(msg)
            n: Any = 2**70 if r.position == self.poison else r.position
            cursor.execute(
                "INSERT INTO test_numbers (position, n) VALUES (%s, %s)", (r.position, n)
            )


def with_numbers_table(container: Container) -> None:
    container.db.execute(
        "CREATE TABLE IF NOT EXISTS test_numbers (position BIGINT PRIMARY KEY, n BIGINT NOT NULL)"
    )
    container.db.execute("DELETE FROM test_numbers")


def numbered(container: Container) -> list[int]:
    return [p for (p,) in container.db.fetch_all("SELECT position FROM test_numbers ORDER BY 1")]


def test_a_stored_name_with_a_nul_byte_is_projected_and_a_rebuild_equals_the_views(
    container: Container,
) -> None:
    citizen = enrolled(container, "BK100001")
    position = corrected_without_checks(container, citizen, "A\x00B")

    container.projector.catch_up()

    assert container.projector.positions() == {v.name: position for v in all_views()}
    assert container.db.fetch_one(
        "SELECT given_name FROM citizen_directory WHERE citizen_id = %s", (str(citizen),)
    ) == ("A\ufffdB",)
    assert dead_letters.latest(container.db) == []
    target = fresh_target(container.db, all_views())
    rebuild(container.register, target, all_views())
    assert differences(container.db, target, all_views()) == []


def test_a_value_a_view_cannot_store_is_a_dead_letter_and_every_view_goes_on(
    container: Container,
) -> None:
    with_numbers_table(container)
    for i in range(3):
        enrolled(container, f"BK20000{i}")
    head = container.register.recorder.max_notification_id() or 0
    poison = head - 1
    projector = Projector(container.register, container.db, [*all_views(), Numbers(poison=poison)])

    projector.catch_up()

    assert set(projector.positions().values()) == {head}
    assert numbered(container) == [p for p in range(1, head + 1) if p != poison]
    [letter] = dead_letters.latest(container.db)
    assert (letter.view, letter.position, letter.action, letter.failures) == (
        "numbers",
        poison,
        "skipped",
        1,
    )
    assert letter.error.split(":")[0] in {"NumericValueOutOfRange", "OverflowError"}
    status = {s.name: s for s in projector.status()}
    assert (status["numbers"].skipped, status["numbers"].stopped_at) == (1, None)
    assert status["citizen_directory"].skipped == 0


def test_a_fault_in_one_view_stops_that_view_alone_until_its_code_is_fixed(
    container: Container,
) -> None:
    with_numbers_table(container)
    for i in range(3):
        enrolled(container, f"BK30000{i}")
    head = container.register.recorder.max_notification_id() or 0
    fault = 4
    broken = Projector(container.register, container.db, [*all_views(), Numbers(fault=fault)])

    broken.catch_up()  # returns: the stopped view is not retried in a loop

    positions = broken.positions()
    assert positions.pop("numbers") == fault - 1
    assert set(positions.values()) == {head}
    assert numbered(container) == [1, 2, 3]
    status = {s.name: s for s in broken.status()}
    assert (status["numbers"].stopped_at, status["numbers"].stopped_reason) == (
        fault,
        "RuntimeError: the view's code has a fault",
    )
    assert [(d.view, d.position, d.action) for d in dead_letters.latest(container.db)] == [
        ("numbers", fault, "stopped")
    ]

    fixed = Projector(container.register, container.db, [*all_views(), Numbers(broken=False)])
    fixed.catch_up()

    assert set(fixed.positions().values()) == {head}
    assert numbered(container) == list(range(1, head + 1))
    assert {s.name: s.stopped_at for s in fixed.status()}["numbers"] is None
    assert [(d.view, d.action) for d in dead_letters.latest(container.db)] == [
        ("numbers", "stopped")  # kept: the record of a failure that was healed
    ]


def test_a_rebuild_that_meets_a_faulty_view_fails_naming_the_view_and_the_event(
    container: Container,
) -> None:
    with_numbers_table(container)
    enrolled(container, "BK400001")
    target = fresh_target(container.db, [])
    target.execute("CREATE TABLE test_numbers (position BIGINT PRIMARY KEY, n BIGINT NOT NULL)")

    with pytest.raises(ViewCannotApply) as raised:
        rebuild(container.register, target, [Numbers(fault=1)])

    assert str(raised.value) == (
        "view numbers cannot apply the event at position 1: RuntimeError: the view's code has a"
        " fault"
    )
