"""A service request's states, and the milestones its public tracking page lists.

SUBMITTED ─(fee paid, documents received)─► COMPLETED ─┬─► DISPATCHED ───────────┬─► DELIVERED
 ├─► REJECTED (with a reason)                           └─► READY_FOR_COLLECTION ─┘
 └─► WITHDRAWN (by the citizen)
"""

from __future__ import annotations

from enum import Enum


class RequestStatus(Enum):
    SUBMITTED = "submitted"
    COMPLETED = "completed"
    DISPATCHED = "dispatched"
    READY_FOR_COLLECTION = "ready-for-collection"
    DELIVERED = "delivered"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class Milestone(Enum):
    """What the public tracking page lists, with the date each happened."""

    SUBMITTED = "submitted"
    FEE_PAID = "fee-paid"
    DOCUMENTS_RECEIVED = "documents-received"
    COMPLETED = "completed"
    DISPATCHED = "dispatched"
    READY_FOR_COLLECTION = "ready-for-collection"
    DELIVERED = "delivered"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


CLOSED = frozenset({RequestStatus.DELIVERED, RequestStatus.REJECTED, RequestStatus.WITHDRAWN})
SENT = frozenset({RequestStatus.DISPATCHED, RequestStatus.READY_FOR_COLLECTION})
