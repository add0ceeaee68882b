"""One-time codes: mailed to the address on file, 6 digits, stored hashed, 5 minutes, 5 tries."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import TYPE_CHECKING

import pytest

from domain.appointments.appointment import AppointmentStatus
from domain.errors import DomainError
from register.appointments import inputs as ai
from register.civil_status.inputs import parse
from tests.factories import PARIS_CLERK, enroll
from tests.integration.appointment_desk import (
    BORN,
    RELEASE_DAY,
    Desk,
    berlin,
    desk_for,
    refusal,
)

if TYPE_CHECKING:
    from pathlib import Path

    from register.bootstrap import Container

TOMORROW = date(2026, 5, 5)


@pytest.fixture
def desk(container: Container, tmp_path: Path) -> Desk:
    found = desk_for(container, tmp_path, berlin(RELEASE_DAY, 11))
    found.schedule(8, service="PASSPORT", minutesPerAppointment=30)
    found.rules("FIRST_COME")
    found.citizen("BK800001")
    return found


def test_a_code_is_six_digits_mailed_to_the_address_on_file_and_stored_only_hashed(
    desk: Desk,
) -> None:
    desk.request_code("BK800001")
    [message] = desk.inbox()
    code = message.get_payload().split("code is ")[1][:6]

    assert (message["To"], message["Subject"]) == (
        "bk800001@example.org",
        "Your Sijill appointment code",
    )
    assert code.isdigit()
    assert len(code) == 6
    stored = desk.container.db.fetch_all("SELECT * FROM appointment_otps")
    assert len(stored) == 1
    assert not any(code in str(column) for column in stored[0])
    outbox = desk.container.db.fetch_all("SELECT kind, status, body FROM appointment_outbox")
    assert outbox == [("otp", "sent", None)]  # the text is erased once sent


def test_nobody_learns_whether_an_identity_is_registered(desk: Desk) -> None:
    desk.request_code("BK800099")  # not in the register
    desk.request_code("BK800001", born=date(1985, 3, 5))  # wrong birth date

    assert desk.inbox() == []
    live = "SELECT * FROM appointment_otps WHERE code_hash <> ''"  # decoys are void
    assert desk.container.db.fetch_all(live) == []


def test_a_code_expires_after_five_minutes(desk: Desk) -> None:
    code = desk.code("BK800001")
    desk.clock.advance(minutes=5)

    assert refusal(lambda: desk.book("BK800001", day=TOMORROW, code=code)) == (
        "OTP_EXPIRED",
        "code",
    )


def test_five_wrong_tries_void_the_code_even_for_the_right_one(desk: Desk) -> None:
    code = desk.code("BK800001")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    tries = [refusal(lambda: desk.book("BK800001", day=TOMORROW, code=wrong)) for _ in range(5)]
    right_too_late = refusal(lambda: desk.book("BK800001", day=TOMORROW, code=code))

    assert tries == [("OTP_INVALID", "code")] * 5
    assert right_too_late == ("OTP_ATTEMPTS_EXCEEDED", "code")


def test_a_right_code_does_not_use_up_a_try(desk: Desk) -> None:
    identity = parse(
        ai.Identified, {"nationalId": "BK800001", "birthDate": BORN, "code": desk.code("BK800001")}
    )

    looks = [desk.register.my_appointments(identity) for _ in range(6)]

    assert looks == [[]] * 6


def test_a_code_is_spent_by_a_booking_and_given_back_by_a_refusal(desk: Desk) -> None:
    desk.schedule(4, service="VISA")
    desk.book("BK800001", day=TOMORROW)
    code = desk.code("BK800001")

    again = refusal(lambda: desk.book("BK800001", day=TOMORROW, code=code))
    visa = desk.book("BK800001", day=TOMORROW, service="VISA", code=code)
    spent = refusal(lambda: desk.book("BK800001", day=date(2026, 5, 6), service="VISA", code=code))

    assert again == ("ALREADY_BOOKED", "service")
    assert visa.status is AppointmentStatus.BOOKED
    assert spent == ("OTP_USED", "code")


def test_a_day_shown_full_is_refused_before_the_code_is_tried(desk: Desk) -> None:
    desk.schedule(1, service="VISA")
    desk.citizen("BK800002")
    desk.book("BK800002", day=TOMORROW, service="VISA")
    code = desk.code("BK800001")
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"

    full = [
        refusal(lambda: desk.book("BK800001", day=TOMORROW, service="VISA", code=wrong))
        for _ in range(6)
    ]

    assert full == [("SLOT_NO_LONGER_AVAILABLE", "day")] * 6
    assert desk.book("BK800001", day=TOMORROW, code=code).status is AppointmentStatus.BOOKED


def test_only_the_newest_code_counts(desk: Desk) -> None:
    first = desk.code("BK800001")
    second = desk.code("BK800001")
    while second == first:  # two draws of six digits coincide once in a million
        second = desk.code("BK800001")

    assert refusal(lambda: desk.book("BK800001", day=TOMORROW, code=first)) == (
        "OTP_INVALID",
        "code",
    )
    assert desk.book("BK800001", day=TOMORROW, code=second).status is AppointmentStatus.BOOKED


def test_a_citizen_without_an_address_on_file_gets_no_code(desk: Desk) -> None:
    desk.register.enroll_citizen(PARIS_CLERK, enroll(nationalId="BK800002"))
    desk.request_code("BK800002")

    assert desk.inbox() == []


def test_each_national_id_is_rate_limited(desk: Desk) -> None:
    desk.register.attach_appointments(desk.container.db, citizen_rate=0.001, citizen_burst=2)

    desk.request_code("BK800001")
    desk.request_code("BK800001")

    assert refusal(lambda: desk.request_code("BK800001")) == ("RATE_LIMITED", "national_id")
    desk.request_code("BK800003")  # another number is not held back


def stored(desk: Desk) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """The code rows and outbox rows, to show that a refusal writes nothing."""
    db = desk.container.db
    return (
        db.fetch_all("SELECT * FROM appointment_otps ORDER BY otp_id"),
        db.fetch_all("SELECT * FROM appointment_outbox ORDER BY message_id"),
    )


def test_a_fourth_code_within_the_hour_is_refused_and_writes_nothing(desk: Desk) -> None:
    desk.code("BK800001")
    desk.clock.advance(minutes=29)
    desk.code("BK800001")
    desk.clock.advance(minutes=29)
    newest = desk.code("BK800001")
    desk.clock.advance(minutes=1)  # 59 minutes after the first
    before = stored(desk)

    with pytest.raises(DomainError) as refused:
        desk.request_code("BK800001")

    assert (refused.value.code, refused.value.field, refused.value.message) == (
        "OTP_LIMIT_REACHED",
        "national_id",
        "at most 3 codes an hour for one national ID; ask again from 10:00 UTC",
    )
    assert stored(desk) == before
    assert desk.inbox() == []
    assert desk.book("BK800001", day=TOMORROW, code=newest).status is AppointmentStatus.BOOKED


def test_a_code_is_sent_again_once_the_first_of_the_hour_is_an_hour_old(desk: Desk) -> None:
    for _ in range(3):
        desk.code("BK800001")
        desk.clock.advance(minutes=20)

    code = desk.code("BK800001")  # an hour after the first

    assert desk.book("BK800001", day=TOMORROW, code=code).status is AppointmentStatus.BOOKED
    assert refusal(lambda: desk.request_code("BK800001")) == ("OTP_LIMIT_REACHED", "national_id")


def test_the_hourly_cap_outlives_a_restart_of_the_server(desk: Desk) -> None:
    for _ in range(3):
        desk.code("BK800001")

    # A new process: new in-memory rate limits, the same database.
    desk.register.attach_appointments(desk.container.db, citizen_rate=100, citizen_burst=1000)

    assert refusal(lambda: desk.request_code("BK800001")) == ("OTP_LIMIT_REACHED", "national_id")


def test_the_hourly_cap_does_not_tell_who_is_registered(desk: Desk) -> None:
    desk.register.enroll_citizen(PARIS_CLERK, enroll(nationalId="BK800002"))  # no address
    asked = [("BK800001", date(1985, 3, 5)), ("BK800002", BORN), ("BK800099", BORN)]
    for national_id, born in asked:
        for _ in range(3):
            desk.request_code(national_id, born=born)

    fourth = []
    for national_id, born in asked:
        with pytest.raises(DomainError) as refused:
            desk.request_code(national_id, born=born)
        fourth.append((refused.value.code, refused.value.field))

    assert fourth == [("OTP_LIMIT_REACHED", "national_id")] * 3
    assert desk.inbox() == []
    assert desk.code("BK800001")  # the wrong birth dates did not use up the citizen's codes


def asked_at_once(desk: Desk, national_id: str, clients: int = 8) -> Counter[str]:
    """How `clients` requests for a code, sent at the same instant, were answered."""
    start = threading.Barrier(clients)

    def ask(_: int) -> str:
        start.wait(timeout=30)
        try:
            desk.request_code(national_id)
        except DomainError as e:
            return e.code
        return "SENT"

    with ThreadPoolExecutor(clients) as pool:
        return Counter(pool.map(ask, range(clients)))


def test_concurrent_requests_cannot_exceed_the_hourly_cap(desk: Desk) -> None:
    desk.code("BK800001")

    assert asked_at_once(desk, "BK800001") == {"SENT": 2, "OTP_LIMIT_REACHED": 6}
    assert len(desk.inbox()) == 2


def test_a_holder_s_very_first_requests_at_once_cannot_exceed_the_hourly_cap(desk: Desk) -> None:
    assert asked_at_once(desk, "BK800001") == {"SENT": 3, "OTP_LIMIT_REACHED": 5}
    assert len(desk.inbox()) == 3


def test_the_worker_sweeps_away_decoys_and_voided_codes_once_they_no_longer_count(
    desk: Desk,
) -> None:
    def voided() -> list[bool]:
        """Whether each stored code, oldest first, is voided (or a decoy)."""
        stored = desk.container.db.fetch_all(
            "SELECT code_hash FROM appointment_otps ORDER BY issued_at"
        )
        return [code_hash == "" for (code_hash,) in stored]

    desk.request_code("BK800099")  # not in the register: a decoy, never mailed
    desk.code("BK800001")
    desk.code("BK800001")  # voids the first
    desk.inbox()  # the worker's first round, within the hour: nothing is swept
    within_the_hour = voided()

    desk.clock.advance(hours=1, minutes=1)
    desk.inbox()

    assert within_the_hour == [True, True, False]
    assert voided() == [False]
