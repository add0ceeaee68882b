"""A citizen's appointment over HTTP: the draw, booking, cancelling, the counter, the audit."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import TYPE_CHECKING

from tests.e2e.api_client import operation
from tests.e2e.appointments.payloads import mutation

if TYPE_CHECKING:
    from tests.e2e.api_client import ApiClient
    from tests.e2e.appointments.conftest import Booking

NEW_DAY = "2026-05-11"
"""Released on Monday 4 May from 10:00 Berlin time (08:00 UTC)."""
SUNDAY = "2026-05-10"
CALENDAR = {
    "mission": "BER",
    "allocation": "FAIR_DRAW",
    "weeklyClosedDays": [],
    "services": [
        {
            "service": "PASSPORT",
            "dailyCapacity": 4,
            "firstAppointment": "09:00",
            "minutesPerAppointment": 30,
            "desks": 1,
            "releaseShares": [25, 25, 25, 25],
        }
    ],
    "closedDays": [],
}


def test_a_citizen_is_drawn_books_cancels_and_is_served_over_http(
    booking: Booking, ber_admin: ApiClient, ber_clerk: ApiClient, anyone: ApiClient
) -> None:
    admin, clerk, public = ber_admin, ber_clerk, anyone
    booking.set_clock(datetime(2026, 5, 4, 9, 50))

    scheduled = mutation(
        admin,
        "ScheduleAppointmentService",
        service="passport",
        dailyCapacity=4,
        minutesPerAppointment=30,
    )
    ruled = mutation(admin, "SetAppointmentRules", allocation="FAIR_DRAW", poolSeconds=30)
    assert scheduled == {
        "calendar": {**CALENDAR, "version": 2, "poolSeconds": 60},
        "position": scheduled["position"],
        "errors": [],
    }
    assert ruled == {
        "calendar": {**CALENDAR, "version": 3, "poolSeconds": 30},
        "position": ruled["position"],
        "errors": [],
    }
    amal, badr = booking.citizens(2)

    before = public.data(
        "AvailableSlots", mission="BER", service="PASSPORT", **{"from": SUNDAY, "to": NEW_DAY}
    )
    assert before == {
        "availableSlots": [
            {
                "date": SUNDAY,
                "capacity": 4,
                "released": 4,
                "free": 4,
                "bookable": True,
                "nextReleaseAt": None,
                "poolClosesAt": None,
            },
            {
                "date": NEW_DAY,
                "capacity": 4,
                "released": 0,
                "free": 0,
                "bookable": False,
                "nextReleaseAt": "2026-05-04T08:00:00+00:00",
                "poolClosesAt": None,
            },
        ]
    }

    booking.set_clock(datetime(2026, 5, 4, 10, 0, 5))
    for national_id in (amal, badr):
        sent = mutation(public, "RequestOtp", nationalId=national_id, birthDate="1985-03-04")
        assert sent == {"validForSeconds": 300, "errors": []}
    codes = booking.codes([amal, badr])
    entered = mutation(
        public,
        "BookAppointment",
        mission="BER",
        service="PASSPORT",
        date=NEW_DAY,
        **booking.identity(amal, codes[amal]),
    )
    appointment_id = entered["appointment"]["id"]
    assert entered == {
        "appointment": {
            "id": appointment_id,
            "mission": "BER",
            "service": "PASSPORT",
            "date": NEW_DAY,
            "startsAt": None,
            "status": "POOLED",
        },
        "position": entered["position"],
        "errors": [],
    }
    assert entered["position"] > ruled["position"]
    # Read-your-writes: a view asked for the booking's position already shows the request.
    activity = clerk.data("MissionActivity", code="BER", first=10, minPosition=entered["position"])
    assert [
        (n["type"], n["actor"])
        for n in activity["mission"]["activity"]["nodes"]
        if n["aggregateId"] == appointment_id
    ] == [("AppointmentRequested", "self-service")]
    pooling = public.data(
        "AvailableSlots", mission="BER", service="PASSPORT", **{"from": NEW_DAY, "to": NEW_DAY}
    )
    assert pooling["availableSlots"] == [
        {
            "date": NEW_DAY,
            "capacity": 4,
            "released": 1,
            "free": 1,
            "bookable": True,
            "nextReleaseAt": "2026-05-04T11:00:00+00:00",
            "poolClosesAt": "2026-05-04T08:00:30+00:00",
        }
    ]

    # After the pool: the draw comes first, so the late request finds the slot taken.
    booking.set_clock(datetime(2026, 5, 4, 10, 1))
    late = mutation(
        public,
        "BookAppointment",
        mission="BER",
        service="PASSPORT",
        date=NEW_DAY,
        **booking.identity(badr, codes[badr]),
    )
    assert late == {
        "appointment": None,
        "position": None,
        "errors": [
            {
                "code": "SLOT_NO_LONGER_AVAILABLE",
                "field": "date",
                "message": f"no slot is free on {NEW_DAY}; freed slots and later batches reopen it",
            }
        ],
    }

    [draw] = public.data("AppointmentDraws", mission="BER", date=NEW_DAY)["appointmentDraws"]
    assert hashlib.sha256(bytes.fromhex(draw["seed"])).hexdigest() == draw["seedSha256"]
    assert draw == {
        "id": draw["id"],
        "mission": "BER",
        "service": "PASSPORT",
        "date": NEW_DAY,
        "batch": 0,
        "opensAt": "2026-05-04T08:00:00+00:00",
        "poolClosesAt": "2026-05-04T08:00:30+00:00",
        "seedSha256": draw["seedSha256"],
        "seed": draw["seed"],
        "entries": [appointment_id],
        "slots": [0],
        "verified": True,
    }
    assert booking.sijill("appointments", "verify", "--mission", "BER", "--date", NEW_DAY) == (
        f"PASSPORT\tbatch 0\t1 entries\t1 allocated\tsha256 {draw['seedSha256']}\tverified\n"
    )

    mutation(public, "RequestOtp", nationalId=amal, birthDate="1985-03-04")
    code = booking.codes([amal])[amal]
    mine = public.data("MyAppointments", **booking.identity(amal, code))
    booked = {**entered["appointment"], "startsAt": "2026-05-11T07:00:00+00:00", "status": "BOOKED"}
    assert mine == {"myAppointments": [booked]}
    agenda = clerk.data("MissionAgenda", mission="BER", date=NEW_DAY)["missionAgenda"]
    assert agenda == [
        {
            "id": appointment_id,
            "version": 2,
            "service": "PASSPORT",
            "startsAt": "2026-05-11T07:00:00+00:00",
            "status": "BOOKED",
            "citizen": {
                "id": agenda[0]["citizen"]["id"],
                "givenName": "Youssef",
                "familyName": "El Amrani",
            },
        }
    ]

    cancelled = mutation(
        public, "CancelAppointment", appointmentId=appointment_id, **booking.identity(amal, code)
    )
    assert cancelled == {
        "appointment": {**booked, "status": "CANCELLED"},
        "position": cancelled["position"],
        "errors": [],
    }
    assert cancelled["position"] > entered["position"]
    history = clerk.data("LookUpCitizen", id=agenda[0]["citizen"]["id"])["citizen"]["history"]
    assert [(h["type"], h["mission"], h["actor"]) for h in history] == [
        ("Enrolled", "BER", "clerk-ber"),
        ("ContactRecorded", "BER", "clerk-ber"),
        ("AppointmentRequested", "BER", "self-service"),
        ("AppointmentAllocated", "BER", "appointment-draw"),
        ("AppointmentCancelled", "BER", "self-service"),
    ]

    # Badr takes Sunday's first slot first come, and comes on the day.
    sunday = mutation(
        public,
        "BookAppointment",
        mission="BER",
        service="PASSPORT",
        date=SUNDAY,
        **booking.identity(badr, codes[badr]),
    )["appointment"]
    booking.set_clock(datetime(2026, 5, 10, 9, 5))
    attended = mutation(clerk, "MarkAttended", appointmentId=sunday["id"], expectedVersion=1)
    assert attended == {
        "appointment": {
            "id": sunday["id"],
            "version": 2,
            "service": "PASSPORT",
            "startsAt": "2026-05-10T07:00:00+00:00",
            "status": "ATTENDED",
            "citizenId": attended["appointment"]["citizenId"],
        },
        "position": attended["position"],
        "errors": [],
    }


def test_the_counters_operations_need_a_token(anyone: ApiClient) -> None:
    answer = anyone.post(operation("MissionAgenda"), {"mission": "BER", "date": NEW_DAY})

    assert answer.status_code == 401


def test_a_wrong_code_is_a_typed_error_over_http(booking: Booking, anyone: ApiClient) -> None:
    [national_id] = booking.citizens(1)
    public = anyone

    body = public.run(
        "MyAppointments", nationalId=national_id, birthDate="1985-03-04", code="000000"
    )
    booked = mutation(
        public,
        "BookAppointment",
        mission="BER",
        service="PASSPORT",
        date=NEW_DAY,
        nationalId=national_id,
        birthDate="1985-03-04",
        code="12345",
    )

    assert body["data"] is None
    assert [(e["message"], e["extensions"]) for e in body["errors"]] == [
        (
            "the national ID, birth date and code do not match",
            {"code": "OTP_INVALID", "field": "code"},
        )
    ]
    assert booked == {
        "appointment": None,
        "position": None,
        "errors": [
            {
                "code": "INVALID_FORMAT",
                "field": "code",
                "message": "code: the one-time code is six digits",
            }
        ],
    }
