"""Audit: the operations this capability owns, as register/access.py checks them."""

from __future__ import annotations

from register.access import Operation


class AuditOperation(Operation):
    ACCESS_LOG = "accessLog"
    EVENTS = "events"
    VERIFY_INTEGRITY = "verifyIntegrity"
    CHECKPOINTS = "checkpoints"
    RECORD_CHECKPOINT = "recordCheckpoint"
