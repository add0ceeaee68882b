"""Each file in graphql/operations is one named operation and each in operations/fragments one
fragment; an operation with the fragments it spreads is valid against graphql/schema.graphql."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from graphql import (
    FragmentDefinitionNode,
    NoUnusedFragmentsRule,
    OperationDefinitionNode,
    build_schema,
    parse,
    specified_rules,
    validate,
)

from tests.e2e.api_client import FRAGMENTS, OPERATIONS, operation, with_fragments

if TYPE_CHECKING:
    from pathlib import Path

SCHEMA = build_schema((OPERATIONS.parent / "schema.graphql").read_text(encoding="utf-8"))
EXPECTED = {
    "LookUpCitizen",
    "EnrollCitizen",
    "RegisterBirth",
    "RecordMarriage",
    "RecordDivorce",
    "RecordDeath",
    "ChangeName",
    "ChangeResidence",
    "TransferRegistration",
    "CorrectEntry",
    "Missions",
    "Me",
    # The consular guide, service requests, legalisation and casework (issue 4).
    "Services",
    "SubmitServiceRequest",
    "RecordFeePayment",
    "CompleteServiceRequest",
    "DispatchServiceRequest",
    "DeliverServiceRequest",
    "RejectServiceRequest",
    "WithdrawServiceRequest",
    "LookUpServiceRequest",
    "TrackRequest",
    "LegaliseDocument",
    "RevokeLegalisation",
    "VerifyLegalisation",
    "OpenCase",
    "AddCaseNote",
    "RecordCaseVisit",
    "HandOverCase",
    "CloseCase",
    "LookUpCase",
    # Appointments (issue 8): the citizen's, the counter's and the calendar's.
    "AvailableSlots",
    "RequestOtp",
    "BookAppointment",
    "CancelAppointment",
    "MyAppointments",
    "AppointmentDraws",
    "MissionAgenda",
    "MarkAttended",
    "MarkNoShow",
    "ScheduleAppointmentService",
    "SetAppointmentRules",
    "CloseAppointmentDay",
    "ReopenAppointmentDay",
    "AppointmentCalendar",
    "RecordContactDetails",
    # Lists a page at a time (issue 6).
    "CitizenHistoryPage",
    "MissionAgendaPage",
}


def test_the_client_operations_are_all_there() -> None:
    assert {p.stem for p in OPERATIONS.glob("*.graphql")} >= EXPECTED


@pytest.mark.parametrize("path", sorted(OPERATIONS.glob("*.graphql")), ids=lambda p: p.stem)
def test_an_operation_file_holds_one_valid_operation_named_after_it(path: Path) -> None:
    [definition] = parse(path.read_text(encoding="utf-8")).definitions
    document = parse(operation(path.stem))

    assert validate(SCHEMA, document) == []
    assert isinstance(definition, OperationDefinitionNode)
    assert definition.name is not None
    assert definition.name.value == path.stem
    assert all(isinstance(d, FragmentDefinitionNode) for d in document.definitions[1:])


@pytest.mark.parametrize("path", sorted(FRAGMENTS.glob("*.graphql")), ids=lambda p: p.stem)
def test_a_fragment_file_holds_one_valid_fragment_named_after_it(path: Path) -> None:
    [definition] = parse(path.read_text(encoding="utf-8")).definitions
    document = parse(with_fragments(path.read_text(encoding="utf-8")))
    # Alone a fragment is unused; every other rule holds.
    rules = [rule for rule in specified_rules if rule is not NoUnusedFragmentsRule]

    assert validate(SCHEMA, document, rules) == []
    assert isinstance(definition, FragmentDefinitionNode)
    assert definition.name.value == path.stem


def test_every_fragment_is_spread_by_an_operation() -> None:
    spread = {
        definition.name.value
        for path in OPERATIONS.glob("*.graphql")
        for definition in parse(operation(path.stem)).definitions
        if isinstance(definition, FragmentDefinitionNode)
    }

    assert spread == {p.stem for p in FRAGMENTS.glob("*.graphql")}
