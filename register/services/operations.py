"""Consular services (guide, requests, legalisation): the operations register/access.py checks."""

from __future__ import annotations

from register.access import Operation


class ServicesOperation(Operation):
    SERVICES = "services"
    SERVICES_PAGE = "servicesPage"
    DEFINE_SERVICE = "defineService"
    RENAME_SERVICE = "renameService"
    SET_SERVICE_FEE = "setServiceFee"
    RETIRE_SERVICE = "retireService"
    SERVICE_REQUEST = "serviceRequest"
    SUBMIT_SERVICE_REQUEST = "submitServiceRequest"
    RECORD_FEE_PAYMENT = "recordFeePayment"
    RECORD_DOCUMENTS_RECEIVED = "recordDocumentsReceived"
    COMPLETE_SERVICE_REQUEST = "completeServiceRequest"
    DISPATCH_SERVICE_REQUEST = "dispatchServiceRequest"
    MARK_READY_FOR_COLLECTION = "markReadyForCollection"
    DELIVER_SERVICE_REQUEST = "deliverServiceRequest"
    WITHDRAW_SERVICE_REQUEST = "withdrawServiceRequest"
    REJECT_SERVICE_REQUEST = "rejectServiceRequest"
    LEGALISATION = "legalisation"
    LEGALISE_DOCUMENT = "legaliseDocument"
    REVOKE_LEGALISATION = "revokeLegalisation"
