"""The views: the operations this capability owns, as register/access.py checks them."""

from __future__ import annotations

from register.access import Operation


class ViewOperation(Operation):
    MISSION_ROLL = "missionRoll"
    MISSION_ACTIVITY = "missionActivity"
    MISSION_STATISTICS = "missionStatistics"
    MISSION_WORK_QUEUE = "missionWorkQueue"
    PROJECTION_STATUS = "projectionStatus"
