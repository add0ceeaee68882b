"""Reads of records are recorded in the register itself, batched, and listed for auditors."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from tests.factories import AUDITOR, MONTREAL_CLERK, PARIS_CLERK, enroll

if TYPE_CHECKING:
    from register.bootstrap import Container


def test_reads_are_recorded_as_one_event_per_account_and_mission_then_listed(
    container: Container,
) -> None:
    register = container.register
    citizen = UUID(register.enroll_citizen(PARIS_CLERK, enroll()).result["citizenId"])
    before = register.recorder.max_notification_id() or 0

    register.citizen(MONTREAL_CLERK, citizen)
    register.citizen(MONTREAL_CLERK, citizen)
    register.citizen(AUDITOR, citizen)
    assert register.recorder.max_notification_id() == before  # nothing written per read
    recorded = register.reads.flush(register)
    container.projector.catch_up()

    assert recorded == 3
    assert (register.recorder.max_notification_id() or 0) - before == 2
    reads = container.read_models.access_log(
        record_id=str(citizen), account=None, since=None, until=None, limit=10, offset=0
    )
    assert [(r.account, r.mission, r.record_kind, r.record_id) for r in reads] == [
        ("clerk-mtl", "MTL", "citizen", str(citizen)),
        ("clerk-mtl", "MTL", "citizen", str(citizen)),
        ("auditor", "BRU", "citizen", str(citizen)),
    ]
    by_auditor = container.read_models.access_log(
        record_id=None, account="auditor", since=None, until=None, limit=10, offset=0
    )
    assert [r.account for r in by_auditor] == ["auditor"]


def test_reads_are_not_in_the_mission_activity(container: Container) -> None:
    register = container.register
    citizen = UUID(register.enroll_citizen(PARIS_CLERK, enroll()).result["citizenId"])
    register.citizen(MONTREAL_CLERK, citizen)
    register.reads.flush(register)

    container.projector.catch_up()

    activity = container.read_models.activity(
        "MTL", limit=10, before=None, cross_mission_only=False
    )
    assert activity == []
