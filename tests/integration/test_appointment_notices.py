"""Notices: confirmations and reminders 12 h and 4 h before, each once, across restarts; SMTP."""

from __future__ import annotations

import email
import socket
import subprocess
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest
from aiosmtpd.controller import Controller

from register.appointments.background.worker import AppointmentWorker
from register.bootstrap import bootstrap
from register.clock import FileClock
from register.settings import Settings
from register.store.outbox import LEASE, FileSender, Outbox, Outgoing, SmtpSender
from tests.e2e.sijill_process import COMMAND_TIMEOUT_S, SIJILL, environment
from tests.integration.appointment_desk import RELEASE_DAY, Desk, berlin, desk_for

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from register.bootstrap import Container

DAY = date(2026, 5, 6)
"""A Wednesday, released long before: its 09:00 appointment is the first a citizen books."""


@pytest.fixture
def desk(container: Container, tmp_path: Path) -> Desk:
    found = desk_for(container, tmp_path, berlin(RELEASE_DAY, 11))
    found.schedule(8, service="PASSPORT", minutesPerAppointment=30)
    found.rules("FIRST_COME")
    found.citizen("BK900001")
    return found


def subjects(desk: Desk) -> list[str]:
    return [m["Subject"] for m in desk.inbox()]


def test_reminders_go_out_twelve_and_four_hours_before_each_exactly_once(desk: Desk) -> None:
    desk.book("BK900001", day=DAY)
    assert subjects(desk) == ["Your consular appointment"]

    seen = []
    for at in [
        berlin(date(2026, 5, 5), 20, 59),
        berlin(date(2026, 5, 5), 21),
        berlin(date(2026, 5, 5), 23),
        berlin(DAY, 4, 59),
        berlin(DAY, 5),
        berlin(DAY, 8),
    ]:
        desk.clock.set(at)
        seen.append(subjects(desk))

    assert seen == [
        [],
        ["Reminder: your consular appointment"],
        [],
        [],
        ["Reminder: your consular appointment"],
        [],
    ]
    kinds = desk.container.db.fetch_all(
        "SELECT kind, status FROM appointment_outbox WHERE kind LIKE 'reminder%%' ORDER BY kind"
    )
    assert kinds == [("reminder-12h", "sent"), ("reminder-4h", "sent")]


def test_a_booking_made_less_than_twelve_hours_ahead_gets_only_the_four_hour_reminder(
    desk: Desk,
) -> None:
    desk.clock.set(berlin(date(2026, 5, 5), 22))  # 11 h ahead: the 12-hour reminder is past
    appointment = desk.book("BK900001", day=DAY)
    at_booking = [m["Message-ID"] for m in desk.inbox()]
    desk.clock.set(berlin(DAY, 5))

    assert at_booking == [f"<booked.{appointment.id}@sijill>"]
    assert [m["Message-ID"].split(".")[0] for m in desk.inbox()] == ["<reminder-4h"]


def test_a_reminder_not_sent_before_the_appointment_begins_is_dropped(desk: Desk) -> None:
    desk.book("BK900001", day=DAY)
    assert subjects(desk) == ["Your consular appointment"]

    desk.clock.set(berlin(DAY, 9, 1))  # the notifier was down through both reminders

    assert subjects(desk) == []
    kinds = desk.container.db.fetch_all(
        "SELECT kind, status FROM appointment_outbox WHERE kind LIKE 'reminder%%' ORDER BY kind"
    )
    assert kinds == [("reminder-12h", "expired"), ("reminder-4h", "expired")]


def test_a_cancelled_appointment_sends_no_reminder(desk: Desk) -> None:
    appointment = desk.book("BK900001", day=DAY)
    desk.inbox()

    desk.cancel("BK900001", appointment.id)
    desk.clock.set(berlin(DAY, 8))

    assert subjects(desk) == ["Your appointment is cancelled"]
    cancelled = desk.container.db.fetch_all(
        "SELECT count(*) FROM appointment_outbox WHERE status = 'cancelled'"
    )
    assert cancelled == [(2,)]


def test_a_restarted_notifier_sends_nothing_twice(
    desk: Desk, database_url: str, tmp_path: Path
) -> None:
    desk.book("BK900001", day=DAY)
    first = desk.inbox()
    restarted = bootstrap(Settings(database_url=database_url))
    restarted.register.set_clock(desk.clock)
    try:
        again = AppointmentWorker(restarted, FileSender(desk.mail)).notify_once()
    finally:
        restarted.close()

    assert [m["Subject"] for m in first] == ["Your consular appointment"]
    assert again == 0
    assert len(list(desk.mail.glob("*.eml"))) == 2


def test_a_notifier_that_died_mid_send_is_replaced_after_its_lease_with_the_same_message_id(
    desk: Desk,
) -> None:
    desk.book("BK900001", day=DAY)
    desk.worker.feed.catch_up()
    claimed = Outbox(desk.container.db).claim_due(desk.clock())  # …and then the process died
    nothing_yet = desk.worker.notify_once()
    desk.clock.advance(seconds=LEASE.total_seconds() + 1)
    resent = desk.worker.notify_once()

    assert (len(claimed), nothing_yet, resent) == (1, 0, 1)
    [(message_id, *_)] = claimed
    assert message_id.startswith("booked.")
    assert len(list(desk.mail.glob(f"{message_id}.eml"))) == 1
    assert len(list(desk.mail.glob("*.eml"))) == 2  # and the code sent before


def test_a_code_not_sent_before_it_expires_is_dropped(desk: Desk) -> None:
    desk.request_code("BK900001")
    desk.clock.advance(minutes=5)

    assert desk.inbox() == []
    statuses = desk.container.db.fetch_all("SELECT kind, status, body FROM appointment_outbox")
    assert statuses == [("otp", "expired", None)]


class Collector:
    def __init__(self) -> None:
        self.received: list[Any] = []

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, Collector]]:
    """A real SMTP server (aiosmtpd) on a free loopback port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, collector
    finally:
        controller.stop()


def test_the_smtp_sender_delivers_to_a_real_server_with_the_outbox_id_as_message_id(
    smtp_server: tuple[int, Collector],
) -> None:
    port, collector = smtp_server
    sender = SmtpSender("127.0.0.1", port, sender="Sijill <no-reply@sijill.invalid>")

    sender.send(Outgoing("booked.1234", "citizen@example.org", "Your appointment", "Tuesday"))

    [envelope] = collector.received
    message = email.message_from_bytes(envelope.content)
    assert (envelope.mail_from, envelope.rcpt_tos) == (
        "no-reply@sijill.invalid",
        ["citizen@example.org"],
    )
    assert (message["Subject"], message["Message-ID"], message.get_payload().strip()) == (
        "Your appointment",
        "<booked.1234@sijill>",
        "Tuesday",
    )


def test_sijill_notify_delivers_booking_mail_through_smtp(
    desk: Desk, smtp_server: tuple[int, Collector]
) -> None:
    port, collector = smtp_server
    worker = AppointmentWorker(desk.container, SmtpSender("127.0.0.1", port))
    desk.book("BK900001", day=DAY)  # its code went through the file sender

    assert worker.notify_once() == 1
    assert [e.rcpt_tos for e in collector.received] == [["bk900001@example.org"]]


def test_sijill_notify_sends_through_the_smtp_url_of_its_settings(
    desk: Desk, smtp_server: tuple[int, Collector], database_url: str, tmp_path: Path
) -> None:
    port, collector = smtp_server
    desk.request_code("BK900001")
    clock = tmp_path / "clock"
    FileClock.set(clock, desk.clock())  # the command's clock is the test's: the code is fresh

    done = subprocess.run(
        [str(SIJILL), "notify", "--once"],
        env={
            **environment(database_url),
            "SIJILL_CLOCK_FILE": str(clock),
            "SIJILL_NOTIFY_URL": f"smtp://127.0.0.1:{port}",
            "SIJILL_MAIL_FROM": "Consulate <consulate@example.org>",
        },
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_S,
        check=False,
    )

    assert (done.returncode, done.stdout) == (0, "sent 1 message(s)\n"), done.stderr
    [envelope] = collector.received
    message = email.message_from_bytes(envelope.content)
    assert (envelope.mail_from, envelope.rcpt_tos, message["Subject"]) == (
        "consulate@example.org",
        ["bk900001@example.org"],
        "Your Sijill appointment code",
    )
    assert message["Message-ID"].startswith("<otp.")
