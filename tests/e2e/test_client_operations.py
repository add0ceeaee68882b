"""Each file in graphql/operations is one named operation, valid against graphql/schema.graphql."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from graphql import OperationDefinitionNode, build_schema, parse, validate

from tests.e2e.api_client import OPERATIONS

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
    document = parse(path.read_text(encoding="utf-8"))

    assert validate(SCHEMA, document) == []
    [definition] = document.definitions
    assert isinstance(definition, OperationDefinitionNode)
    assert definition.name is not None
    assert definition.name.value == path.stem
