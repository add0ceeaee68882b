"""The counter and the calendar over HTTP: a missed appointment, and a day closed then reopened.

Each test keeps to a mission of its own (Paris, Marseille: both on Berlin's time), so the
Berlin calendar of the booking tests is left as they expect it.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from tests.e2e.appointments.payloads import mutation

if TYPE_CHECKING:
    from tests.e2e.api_client import ApiClient
    from tests.e2e.appointments.conftest import Booking

TOMORROW = "2026-05-05"
WEDNESDAY = "2026-05-06"
EVENING = datetime(2026, 5, 4, 20, 0, 5)
"""Monday, after the day's last batch: every day up to 11 May is fully released."""


def first_come(booking: Booking, mission: str, service: str, capacity: int) -> dict[str, Any]:
    """The mission gives `capacity` appointments a day, first come; its calendar."""
    with booking.staff(mission, "admin") as admin:
        scheduled = mutation(
            admin,
            "ScheduleAppointmentService",
            service=service,
            dailyCapacity=capacity,
            minutesPerAppointment=30,
        )
        ruled = mutation(admin, "SetAppointmentRules", allocation="FIRST_COME")
    assert (scheduled["errors"], ruled["errors"]) == ([], [])
    calendar: dict[str, Any] = ruled["calendar"]
    return calendar


def test_a_missed_appointment_is_marked_after_its_time_and_never_attended(
    booking: Booking, anyone: ApiClient
) -> None:
    booking.set_clock(EVENING)
    first_come(booking, "PAR", "RESIDENCE", 4)
    [national_id] = booking.citizens(1)
    mutation(anyone, "RequestOtp", nationalId=national_id, birthDate="1985-03-04")
    code = booking.codes([national_id])[national_id]
    booked = mutation(
        anyone,
        "BookAppointment",
        mission="PAR",
        service="RESIDENCE",
        date=TOMORROW,
        **booking.identity(national_id, code),
    )
    appointment_id = booked["appointment"]["id"]

    with booking.staff("PAR", "clerk") as clerk:
        early = mutation(clerk, "MarkNoShow", appointmentId=appointment_id)
        booking.set_clock(datetime(2026, 5, 5, 9, 20))  # 20 minutes after its time
        missed = mutation(clerk, "MarkNoShow", appointmentId=appointment_id)
        attended = mutation(clerk, "MarkAttended", appointmentId=appointment_id)

    assert booked["errors"] == []
    assert early == {
        "appointment": None,
        "position": None,
        "errors": [
            {
                "code": "TOO_EARLY",
                "field": "appointmentId",
                "message": "an appointment is missed only once its time has passed",
            }
        ],
    }
    assert missed == {
        "appointment": {
            "id": appointment_id,
            "version": 2,
            "service": "RESIDENCE",
            "startsAt": "2026-05-05T07:00:00+00:00",
            "status": "NO_SHOW",
            "citizenId": missed["appointment"]["citizenId"],
        },
        "position": missed["position"],
        "errors": [],
    }
    assert missed["position"] > booked["position"]
    assert attended == {
        "appointment": None,
        "position": None,
        "errors": [
            {
                "code": "INVALID_TRANSITION",
                "field": "appointmentId",
                "message": "cannot mark as attended an appointment that is no-show",
            }
        ],
    }


def test_a_closed_day_offers_no_slots_until_it_is_reopened(
    booking: Booking, anyone: ApiClient
) -> None:
    booking.set_clock(EVENING)
    calendar = first_come(booking, "MRS", "NOTARY", 2)

    def wednesday() -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = anyone.data(
            "AvailableSlots",
            mission="MRS",
            service="NOTARY",
            **{"from": WEDNESDAY, "to": WEDNESDAY},
        )["availableSlots"]
        return found

    with booking.staff("MRS", "admin") as admin:
        before = wednesday()
        closed = mutation(admin, "CloseAppointmentDay", date=WEDNESDAY, reason="Strike")
        while_closed = wednesday()
        twice = mutation(admin, "CloseAppointmentDay", date=WEDNESDAY, reason="Strike")
        reopened = mutation(admin, "ReopenAppointmentDay", date=WEDNESDAY)
        after = wednesday()

    offered = {
        "date": WEDNESDAY,
        "capacity": 2,
        "released": 2,
        "free": 2,
        "bookable": True,
        "nextReleaseAt": None,
        "poolClosesAt": None,
    }
    assert calendar == {
        "mission": "MRS",
        "version": 3,
        "allocation": "FIRST_COME",
        "poolSeconds": 60,
        "weeklyClosedDays": [],
        "services": [
            {
                "service": "NOTARY",
                "dailyCapacity": 2,
                "firstAppointment": "09:00",
                "minutesPerAppointment": 30,
                "desks": 1,
                "releaseShares": [25, 25, 25, 25],
            }
        ],
        "closedDays": [],
    }
    assert before == [offered]
    assert closed == {
        "calendar": {
            **calendar,
            "version": 4,
            "closedDays": [{"date": WEDNESDAY, "reason": "Strike"}],
        },
        "position": closed["position"],
        "errors": [],
    }
    assert while_closed == [{**offered, "capacity": 0, "released": 0, "free": 0, "bookable": False}]
    assert twice == {
        "calendar": None,
        "position": None,
        "errors": [
            {"code": "ALREADY_CLOSED", "field": "date", "message": f"{WEDNESDAY} is already closed"}
        ],
    }
    assert reopened == {
        "calendar": {**calendar, "version": 5, "closedDays": []},
        "position": reopened["position"],
        "errors": [],
    }
    assert reopened["position"] > closed["position"]
    assert after == [offered]
