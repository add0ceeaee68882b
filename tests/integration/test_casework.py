"""Casework on a real store: the holding mission writes, every mission that held it reads."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

import pytest

from domain.casework.case import CaseStatus
from domain.errors import DomainError
from register.casework import inputs as cc
from register.civil_status import inputs as c
from register.errors import Forbidden
from tests.consular_inputs import (
    AUDITOR,
    CAIRO_OFFICER,
    DUBAI_ADMIN,
    DUBAI_CLERK,
    DUBAI_OFFICER,
    PARIS_ADMIN,
    RIYADH_OFFICER,
    citizen,
    open_case,
)
from tests.factories import PARIS_CLERK

if TYPE_CHECKING:
    from uuid import UUID

    from register.access import Account
    from register.application import Register
    from register.bootstrap import Container


def events_in(register: Register) -> int:
    return register.recorder.max_notification_id() or 0


def act(register: Register, account: Account, name: str, case_id: UUID, **fields: Any) -> None:
    commands = {
        "add_case_note": cc.AddCaseNote,
        "record_case_visit": cc.RecordCaseVisit,
        "hand_over_case": cc.HandOverCase,
        "close_case": cc.CloseCase,
    }
    command = c.parse(commands[name], {"caseId": str(case_id), **fields})
    getattr(register, name)(account, command)


def handed_to_riyadh(register: Register) -> tuple[UUID, UUID]:
    citizen_id = citizen(register)
    opened_on = register.today() - timedelta(days=7)
    case_id = open_case(register, citizen_id, DUBAI_OFFICER, opened_on)
    act(register, DUBAI_OFFICER, "add_case_note", case_id, text="lawyer appointed")
    act(register, DUBAI_OFFICER, "hand_over_case", case_id, toMission="RUH", reason="moved")
    return citizen_id, case_id


def test_a_case_handed_over_keeps_its_whole_history_in_the_citizens_too(
    container: Container,
) -> None:
    register = container.register
    citizen_id, case_id = handed_to_riyadh(register)
    visited_on = register.today() - timedelta(days=1)

    act(
        register,
        RIYADH_OFFICER,
        "record_case_visit",
        case_id,
        effectiveDate=visited_on,
        place="Al-Ha'ir prison",
        text="seen",
    )
    act(register, RIYADH_OFFICER, "close_case", case_id, outcome="released")

    case = register.case(RIYADH_OFFICER, case_id)
    assert case is not None
    assert (case.status, case.holding_mission, case.missions) == (
        CaseStatus.CLOSED,
        "RUH",
        ["DXB", "RUH"],
    )
    assert [(e.kind, e.mission) for e in case.entries] == [
        ("note", "DXB"),
        ("handover", "DXB"),
        ("visit", "RUH"),
    ]
    assert case.entries[2].on == visited_on
    assert [type(e).__name__ for e in register.history(citizen_id)][1:] == [
        "CaseOpened",
        "CaseNoteAdded",
        "CaseHandedOver",
        "CaseVisitRecorded",
        "CaseClosed",
    ]


@pytest.mark.parametrize(
    ("account", "may_read"),
    [
        (DUBAI_OFFICER, True),  # opened it, held it before
        (DUBAI_ADMIN, True),
        (RIYADH_OFFICER, True),  # holds it now
        (AUDITOR, True),
        (DUBAI_CLERK, False),  # clerks never read cases, even at a mission that held one
        (PARIS_CLERK, False),
        (PARIS_ADMIN, False),  # an admin of a mission that never held it
        (CAIRO_OFFICER, False),  # an officer of an unrelated mission
    ],
    ids=lambda v: v.name if hasattr(v, "name") else str(v),
)
def test_a_case_is_read_only_by_missions_that_held_it_and_auditors(
    container: Container, account: Account, may_read: bool
) -> None:
    register = container.register
    _, case_id = handed_to_riyadh(register)

    if may_read:
        case = register.case(account, case_id)
        assert case is not None
        assert case.id == case_id
    else:
        with pytest.raises(Forbidden):
            register.case(account, case_id)


def test_a_read_of_a_case_goes_to_the_read_log_and_a_refused_one_does_not(
    container: Container,
) -> None:
    register = container.register
    _, case_id = handed_to_riyadh(register)

    register.case(AUDITOR, case_id)
    with pytest.raises(Forbidden):
        register.case(CAIRO_OFFICER, case_id)
    register.reads.flush(register)
    container.projector.catch_up()

    reads = container.read_models.access_log(
        record_id=str(case_id), account=None, since=None, until=None, limit=10, offset=0
    )
    assert [(r.account, r.record_kind, r.record_id) for r in reads] == [
        ("auditor", "case", str(case_id))
    ]


def test_only_the_holding_mission_writes_on_a_case_and_refusals_write_nothing(
    container: Container,
) -> None:
    register = container.register
    _, case_id = handed_to_riyadh(register)
    before = events_in(register)

    for account in (DUBAI_OFFICER, CAIRO_OFFICER, DUBAI_CLERK, AUDITOR):
        with pytest.raises(Forbidden):
            act(register, account, "add_case_note", case_id, text="still here")

    assert events_in(register) == before


@pytest.mark.parametrize(
    ("name", "fields", "code", "field"),
    [
        ("add_case_note", {"text": "x" * 2001}, "TOO_LONG", "text"),
        ("add_case_note", {"text": ""}, "REQUIRED", "text"),
        ("hand_over_case", {"toMission": "ZZZ", "reason": "r"}, "UNKNOWN_MISSION", "to_mission"),
        ("hand_over_case", {"toMission": "DXB", "reason": "r"}, "SAME_MISSION", "to_mission"),
        ("add_case_note", {"text": "t", "expectedVersion": 9}, "CONFLICT", "expected_version"),
    ],
)
def test_a_bad_case_step_is_refused_naming_the_field_and_writes_nothing(
    container: Container, name: str, fields: dict[str, Any], code: str, field: str
) -> None:
    register = container.register
    case_id = open_case(register, citizen(register), DUBAI_OFFICER)
    before = events_in(register)

    with pytest.raises(DomainError) as refused:
        act(register, DUBAI_OFFICER, name, case_id, **fields)

    assert (refused.value.code, refused.value.field) == (code, field)
    assert events_in(register) == before


def test_clerks_may_not_open_a_case(container: Container) -> None:
    register = container.register
    citizen_id = citizen(register)

    with pytest.raises(Forbidden):
        open_case(register, citizen_id, DUBAI_CLERK)
