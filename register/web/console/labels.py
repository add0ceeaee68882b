"""The words the console shows for the register's codes: event types, statuses, kinds, queues.

Each is marked for the catalogs here and translated where it is shown; a code without a word
of its own (a rarer event type) is shown as the code itself.
"""

from __future__ import annotations

from register.web.console.i18n import N_

LABELS: dict[str, str] = {
    # events on a citizen's record and its documents
    "Enrolled": N_("Enrolled"),
    "BirthRegistered": N_("Birth registered"),
    "ChildAdded": N_("Child added"),
    "MarriageRecorded": N_("Marriage recorded"),
    "MarriageEnded": N_("Marriage ended"),
    "MarriageCorrected": N_("Marriage corrected"),
    "DeathRecorded": N_("Death recorded"),
    "NameChanged": N_("Name changed"),
    "ResidenceChanged": N_("Residence changed"),
    "RegistrationTransferred": N_("Registration transferred"),
    "EntryCorrected": N_("Entry corrected"),
    "DocumentApplied": N_("Document applied for"),
    "BiometricsCaptured": N_("Biometrics captured"),
    "DocumentApproved": N_("Document approved"),
    "DocumentRejected": N_("Document rejected"),
    "DocumentIssued": N_("Document issued"),
    "DocumentDelivered": N_("Document delivered"),
    "DocumentReportedLost": N_("Document reported lost"),
    "DocumentReportedStolen": N_("Document reported stolen"),
    "DocumentRevoked": N_("Document revoked"),
    "DocumentSuperseded": N_("Document superseded"),
    "DocumentInvalidatedByDeath": N_("Document ended by death"),
    "ServiceRequested": N_("Service requested"),
    # roles
    "clerk": N_("clerk"),
    "officer": N_("officer"),
    "auditor": N_("auditor"),
    "admin": N_("administrator"),
    # a person's state
    "M": N_("Male"),
    "F": N_("Female"),
    "alive": N_("Alive"),
    "deceased": N_("Deceased"),
    "single": N_("Single"),
    "married": N_("Married"),
    "divorced": N_("Divorced"),
    "widowed": N_("Widowed"),
    # documents
    "PASSPORT": N_("Passport"),
    "NATIONAL_ID": N_("National ID card"),
    "APPLIED": N_("Applied for"),
    "BIOMETRICS_CAPTURED": N_("Biometrics captured"),
    "APPROVED": N_("Approved"),
    "REJECTED": N_("Rejected"),
    "ISSUED": N_("Issued"),
    "DELIVERED": N_("Delivered"),
    "EXPIRED": N_("Expired"),
    "LOST": N_("Lost"),
    "STOLEN": N_("Stolen"),
    "REVOKED": N_("Revoked"),
    "SUPERSEDED": N_("Superseded"),
    "INVALIDATED_BY_DEATH": N_("Ended by death"),
    # service requests
    "SUBMITTED": N_("Submitted"),
    "FEE_PAID": N_("Fee paid"),
    "DOCUMENTS_RECEIVED": N_("Documents received"),
    "COMPLETED": N_("Completed"),
    "DISPATCHED": N_("Sent by post"),
    "READY_FOR_COLLECTION": N_("Ready for collection"),
    "WITHDRAWN": N_("Withdrawn"),
    # appointments and work queues
    "booked": N_("Booked"),
    "pooled": N_("Waiting for the draw"),
    "not-allocated": N_("Not allocated"),
    "cancelled": N_("Cancelled"),
    "attended": N_("Attended"),
    "no-show": N_("Did not come"),
    "document-application": N_("Document applications"),
    "service-request": N_("Service requests"),
}


def label(code: str) -> str:
    """The msgid for `code` (translate it where it is shown), or the code itself."""
    return LABELS.get(code, code)
