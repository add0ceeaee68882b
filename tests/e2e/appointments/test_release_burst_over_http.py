"""Over 200 clients booking the same release at once, on PostgreSQL and the real server.

Every test here releases its clients together (a barrier), 20 of them doubling a citizen's
request with the same code, and checks the two promises: never more appointments than slots,
never two active appointments for one citizen and service.
"""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pytest

if TYPE_CHECKING:
    from tests.e2e.appointments.conftest import Booking

CROWD = 200
DOUBLES = 20
DAY = "2026-05-11"
"""Released on 4 May, batch by batch from 10:00 local time."""


@pytest.fixture(scope="module")
def crowd(booking: Booking) -> list[str]:
    """200 citizens with an address on file (PostgreSQL only)."""
    if booking.kind != "postgres":
        pytest.skip("the burst runs against the PostgreSQL deployment")
    with ThreadPoolExecutor(8) as pool:
        return [n for batch in pool.map(booking.citizens, [CROWD // 8] * 8) for n in batch]


def configure(
    booking: Booking, mission: str, service: str, capacity: int, rules: dict[str, Any]
) -> None:
    with booking.staff(mission, "admin") as admin:
        for operation, given in (
            (
                "ScheduleAppointmentService",
                {
                    "service": service,
                    "dailyCapacity": capacity,
                    "minutesPerAppointment": 5,
                    "desks": 4,
                },
            ),
            ("SetAppointmentRules", rules),
        ):
            field = operation[0].lower() + operation[1:]
            assert admin.data(operation, input=given)[field]["errors"] == []


def codes_for(booking: Booking, crowd: list[str]) -> dict[str, str]:
    def ask(national_id: str) -> None:
        with booking.public() as client:
            sent = client.data(
                "RequestOtp", input={"nationalId": national_id, "birthDate": "1985-03-04"}
            )
            assert sent["requestOtp"] == {"validForSeconds": 300, "errors": []}

    with ThreadPoolExecutor(32) as pool:
        list(pool.map(ask, crowd))
    return booking.codes(crowd)


def burst(booking: Booking, mission: str, service: str, codes: dict[str, str]) -> list[Any]:
    """Every citizen books at once, the first DOUBLES twice with the same code."""
    requests = list(codes.items()) + list(codes.items())[:DOUBLES]
    clients = [booking.public() for _ in requests]
    start = threading.Barrier(len(requests))

    def book(i: int) -> tuple[str, dict[str, Any]]:
        national_id, code = requests[i]
        start.wait(timeout=60)
        payload = clients[i].data(
            "BookAppointment",
            input={
                "mission": mission,
                "service": service,
                "date": DAY,
                "nationalId": national_id,
                "birthDate": "1985-03-04",
                "code": code,
            },
        )["bookAppointment"]
        return national_id, payload

    try:
        with ThreadPoolExecutor(len(requests)) as pool:
            return list(pool.map(book, range(len(requests))))
    finally:
        for client in clients:
            client.close()


def agenda(booking: Booking, mission: str) -> list[dict[str, Any]]:
    with booking.staff(mission, "clerk") as clerk:
        entries: list[dict[str, Any]] = clerk.data("MissionAgenda", mission=mission, date=DAY)[
            "missionAgenda"
        ]
        return entries


def split(outcomes: list[Any]) -> tuple[list[tuple[str, dict[str, Any]]], Counter[str]]:
    """The appointments made (by national ID), and the refusals by code."""
    made = [(n, p["appointment"]) for n, p in outcomes if p["appointment"]]
    refused = Counter(p["errors"][0]["code"] for _, p in outcomes if not p["appointment"])
    return made, refused


def test_bursts_of_220_clients_never_overbook_nor_double_book(
    booking: Booking, crowd: list[str]
) -> None:
    """Istanbul gives 40 slots first come; then Doha's 20:00 batch pools 60 for the draw.

    Both missions are UTC+3: 20:00 there is 17:00 UTC.
    """
    istanbul, doha = ZoneInfo("Europe/Istanbul"), ZoneInfo("Asia/Qatar")
    configure(booking, "IST", "VISA", 40, {"allocation": "FIRST_COME"})
    configure(booking, "DOH", "PASSPORT", 60, {"allocation": "FAIR_DRAW", "poolSeconds": 120})
    booking.set_clock(datetime(2026, 5, 4, 20, 0, 5), zone=istanbul)  # every batch is out
    codes = codes_for(booking, crowd)

    first_come, refused = split(burst(booking, "IST", "VISA", codes))

    assert len(first_come) == 40
    assert len({n for n, _ in first_come}) == 40
    assert {a["status"] for _, a in first_come} == {"BOOKED"}
    assert sum(refused.values()) == CROWD + DOUBLES - 40
    assert set(refused) <= {"SLOT_NO_LONGER_AVAILABLE", "OTP_USED", "ALREADY_BOOKED"}
    on_the_day = agenda(booking, "IST")
    assert sorted(a["id"] for a in on_the_day) == sorted(a["id"] for _, a in first_come)
    assert Counter(Counter(a["startsAt"] for a in on_the_day).values()) == {4: 10}  # 4 desks

    # A refused booking gives its code back: only the 40 who booked need a new one.
    codes.update(codes_for(booking, [n for n, _ in first_come]))
    booking.set_clock(datetime(2026, 5, 4, 20, 0, 40), zone=doha)  # in the 20:00 pool
    pooled, refused = split(burst(booking, "DOH", "PASSPORT", codes))
    booking.set_clock(datetime(2026, 5, 4, 20, 3), zone=doha)
    booking.sijill("appointments", "draw", "--once")

    assert len(pooled) == CROWD
    assert len({n for n, _ in pooled}) == CROWD  # one entry per citizen
    assert {a["status"] for _, a in pooled} == {"POOLED"}
    assert sum(refused.values()) == DOUBLES
    assert set(refused) <= {"OTP_USED", "ALREADY_BOOKED"}
    drawn = agenda(booking, "DOH")
    assert len(drawn) == 60  # all 60 released by 20:00; nobody took any before
    assert len({a["citizen"]["id"] for a in drawn}) == 60
    assert {a["status"] for a in drawn} == {"BOOKED"}
    with booking.public() as anyone:
        [draw] = anyone.data("AppointmentDraws", mission="DOH", date=DAY)["appointmentDraws"]
    assert (draw["batch"], len(draw["entries"]), len(draw["slots"]), draw["verified"]) == (
        3,
        CROWD,
        60,
        True,
    )
    assert {a["id"] for a in drawn} == set(draw["entries"][:60])
