"""Casework: the operations this capability owns, as register/access.py checks them."""

from __future__ import annotations

from register.access import Operation


class CaseworkOperation(Operation):
    CASE = "case"
    OPEN_CASE = "openCase"
    ADD_CASE_NOTE = "addCaseNote"
    RECORD_CASE_VISIT = "recordCaseVisit"
    HAND_OVER_CASE = "handOverCase"
    CLOSE_CASE = "closeCase"
