"""Identity documents: the operations this capability owns, as register/access.py checks them."""

from __future__ import annotations

from register.access import Operation


class DocumentOperation(Operation):
    APPLY_FOR_DOCUMENT = "applyForDocument"
    CAPTURE_BIOMETRICS = "captureBiometrics"
    APPROVE_DOCUMENT = "approveDocument"
    REJECT_DOCUMENT = "rejectDocument"
    ISSUE_DOCUMENT = "issueDocument"
    DELIVER_DOCUMENT = "deliverDocument"
    REPORT_DOCUMENT_LOST = "reportDocumentLost"
    REPORT_DOCUMENT_STOLEN = "reportDocumentStolen"
    REVOKE_DOCUMENT = "revokeDocument"
    DOCUMENT = "document"
