"""Read models built from the register's event stream; imports the domain only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from projections.access_log import AccessLog
from projections.activity import MissionActivity
from projections.directory import CitizenDirectory
from projections.documents import DocumentsIndex
from projections.roll import MissionRoll
from projections.service_requests import ServiceRequestsIndex
from projections.statistics import Statistics
from projections.work_queue import WorkQueue

if TYPE_CHECKING:
    from projections.base import View

__all__ = [
    "AccessLog",
    "CitizenDirectory",
    "DocumentsIndex",
    "MissionActivity",
    "MissionRoll",
    "ServiceRequestsIndex",
    "Statistics",
    "WorkQueue",
    "all_views",
]


def all_views() -> tuple[View, ...]:
    """Every view, in the order a batch is applied to them."""
    return (
        CitizenDirectory(),
        MissionRoll(),
        MissionActivity(),
        Statistics(),
        DocumentsIndex(),
        ServiceRequestsIndex(),
        WorkQueue(),
        AccessLog(),
    )
