"""Who may do what: the one table every command and sensitive query is checked against."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum, StrEnum

from register.errors import Forbidden


class Role(Enum):
    CLERK = "clerk"
    OFFICER = "officer"
    AUDITOR = "auditor"
    ADMIN = "admin"


@dataclass(frozen=True)
class Account:
    """The authenticated caller: every event it records carries its name and mission."""

    name: str
    role: Role
    mission: str


class Operation(StrEnum):
    """An operation a capability declares (its `operations.py`): commands and checked queries.

    The value is the operation's name in the table below, in the README's access table, in
    stored command receipts and in their fingerprints: it never changes.
    """


_RECORDERS = frozenset({Role.CLERK, Role.OFFICER, Role.ADMIN})
_EVERYONE = frozenset(Role)

# Any mission serves any citizen, so the matrix is by role, with the few exceptions of
# MISSION_BOUND below; auditors never write.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "enrollCitizen": _RECORDERS,
    "registerBirth": _RECORDERS,
    "recordMarriage": _RECORDERS,
    "recordDivorce": _RECORDERS,
    "recordDeath": _RECORDERS,
    "changeName": _RECORDERS,
    "changeResidence": _RECORDERS,
    "transferRegistration": _RECORDERS,
    "correctEntry": frozenset({Role.OFFICER, Role.ADMIN}),
    "applyForDocument": _RECORDERS,
    "captureBiometrics": _RECORDERS,
    "deliverDocument": _RECORDERS,
    "reportDocumentLost": _RECORDERS,
    "reportDocumentStolen": _RECORDERS,
    "approveDocument": frozenset({Role.OFFICER, Role.ADMIN}),
    "rejectDocument": frozenset({Role.OFFICER, Role.ADMIN}),
    "issueDocument": frozenset({Role.OFFICER, Role.ADMIN}),
    "revokeDocument": frozenset({Role.OFFICER, Role.ADMIN}),
    "document": _EVERYONE,
    "citizen": _EVERYONE,
    "searchCitizens": _EVERYONE,
    "missionRoll": _EVERYONE,
    "missionActivity": _EVERYONE,
    "missionStatistics": _EVERYONE,
    "missionWorkQueue": _EVERYONE,
    "accessLog": frozenset({Role.AUDITOR, Role.ADMIN}),
    "projectionStatus": _EVERYONE,
    # The consular guide: everyone reads it, admins edit it.
    "services": _EVERYONE,
    "servicesPage": _EVERYONE,
    "defineService": frozenset({Role.ADMIN}),
    "renameService": frozenset({Role.ADMIN}),
    "setServiceFee": frozenset({Role.ADMIN}),
    "retireService": frozenset({Role.ADMIN}),
    # Service requests: counter work; refusing a request is an officer's decision.
    "serviceRequest": _EVERYONE,
    "submitServiceRequest": _RECORDERS,
    "recordFeePayment": _RECORDERS,
    "recordDocumentsReceived": _RECORDERS,
    "completeServiceRequest": _RECORDERS,
    "dispatchServiceRequest": _RECORDERS,
    "markReadyForCollection": _RECORDERS,
    "deliverServiceRequest": _RECORDERS,
    "withdrawServiceRequest": _RECORDERS,
    "rejectServiceRequest": frozenset({Role.OFFICER, Role.ADMIN}),
    # Legalisation attests a signature: an officer's act.
    "legalisation": _EVERYONE,
    "legaliseDocument": frozenset({Role.OFFICER, Role.ADMIN}),
    "revokeLegalisation": frozenset({Role.OFFICER, Role.ADMIN}),
    # Casework: never clerks; register/casework/service.py also checks the case's missions.
    "case": frozenset({Role.OFFICER, Role.ADMIN, Role.AUDITOR}),
    "openCase": frozenset({Role.OFFICER, Role.ADMIN}),
    "addCaseNote": frozenset({Role.OFFICER, Role.ADMIN}),
    "recordCaseVisit": frozenset({Role.OFFICER, Role.ADMIN}),
    "handOverCase": frozenset({Role.OFFICER, Role.ADMIN}),
    "closeCase": frozenset({Role.OFFICER, Role.ADMIN}),
    # Appointments: the counter marks them; each mission's admins configure its calendar.
    "missionAgenda": _EVERYONE,
    "missionAgendaPage": _EVERYONE,
    "markAttended": _RECORDERS,
    "markNoShow": _RECORDERS,
    "appointmentCalendar": _EVERYONE,
    "scheduleAppointmentService": frozenset({Role.ADMIN}),
    "setAppointmentRules": frozenset({Role.ADMIN}),
    "closeAppointmentDay": frozenset({Role.ADMIN}),
    "reopenAppointmentDay": frozenset({Role.ADMIN}),
    "recordContactDetails": _RECORDERS,
    # Audit: the record as it stood (old values of corrected entries) is for those who review
    # corrections; what was true on a date, for anyone who may read the record.
    "citizenAsOf": frozenset({Role.OFFICER, Role.ADMIN, Role.AUDITOR}),
    "citizenEffectiveOn": _EVERYONE,
    "events": frozenset({Role.AUDITOR}),
    "verifyIntegrity": frozenset({Role.AUDITOR, Role.ADMIN}),
    "checkpoints": frozenset({Role.AUDITOR, Role.ADMIN}),
    # A checkpoint states what the log holds; it records no fact, so auditors may ask for one.
    "recordCheckpoint": frozenset({Role.AUDITOR, Role.ADMIN}),
}


_HOLDERS = frozenset({Role.OFFICER, Role.ADMIN})
MISSION_BOUND: dict[str, frozenset[Role]] = {
    # Casework is confidential: the holding mission writes; a mission that holds or held the
    # case reads it (register/casework/service.py); auditors read every case.
    "case": _HOLDERS,
    "addCaseNote": _HOLDERS,
    "recordCaseVisit": _HOLDERS,
    "handOverCase": _HOLDERS,
    "closeCase": _HOLDERS,
    # The counter that receives the citizen marks the appointment.
    "markAttended": _RECORDERS,
    "markNoShow": _RECORDERS,
    # A calendar is the token's own mission's: another mission's cannot even be named.
    "scheduleAppointmentService": frozenset({Role.ADMIN}),
    "setAppointmentRules": frozenset({Role.ADMIN}),
    "closeAppointmentDay": frozenset({Role.ADMIN}),
    "reopenAppointmentDay": frozenset({Role.ADMIN}),
}
"""Operations on a record that belongs to a mission, and the roles that may perform them only
from that mission ("own"); from any other mission they are refused."""


PUBLIC_FIELDS: frozenset[str] = frozenset(
    {
        "__typename",
        "__schema",
        "__type",
        "verifyDocument",
        "trackRequest",
        "verifyLegalisation",
        "auditPublicKey",
        "auditPublicKeys",
        # The consular guide: the one public reference for every procedure, its fees and times.
        "services",
        "servicesPage",
        # Appointments: the citizen proves who they are with a one-time code, not a token.
        "availableSlots",
        "requestOtp",
        "bookAppointment",
        "cancelAppointment",
        "myAppointments",
        "appointmentDraws",
    }
)
"""Root fields anyone may query without a token (rate-limited per client address)."""


def allowed(role: Role, operation: str, *, own_mission: bool = True) -> bool:
    """Whether `role` may perform `operation` from the record's own mission or another."""
    if role not in PERMISSIONS[operation]:
        return False
    return own_mission or role not in MISSION_BOUND.get(operation, frozenset())


def authorize(account: Account, operation: Operation) -> None:
    """Refuse `operation` unless the account's role may perform it.

    Commands are authorised here once, by the unit of work (register/unit_of_work.py), before
    their input is validated; queries call it themselves, first thing."""
    if not allowed(account.role, operation):
        msg = f"role {account.role.value} may not perform {operation}"
        raise Forbidden(msg)


def authorize_at(
    account: Account, operation: Operation, *, own_mission: bool, refusal: str, field: str
) -> None:
    """Refuse `operation` on a record of a mission, where `own_mission` tells whether the
    account's mission is (or, for reading a case, was) the record's; `refusal` says why.

    The role was authorised first (`authorize`); this adds the mission rule (MISSION_BOUND)."""
    if not allowed(account.role, operation, own_mission=own_mission):
        raise Forbidden(refusal, field=field)
