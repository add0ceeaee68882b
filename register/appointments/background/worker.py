"""The appointment worker: draws pools as they close, feeds the outbox, sends what is due.

`sijill notify` and `sijill appointments draw` run one half each; `sijill serve` on SQLite runs
both on one background thread. Notifying always catches the notices feed up first, so a
cancellation recorded before a reminder falls due always stops it.
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import structlog

from register.appointments.background.notices import AppointmentNotices
from register.store.outbox import Notifier, Outbox, sender_for
from register.views.projector import Projector

if TYPE_CHECKING:
    from register.bootstrap import Container
    from register.store.outbox import Sender

log = structlog.get_logger(__name__)
POLL_S = 1.0
SWEEP_EVERY = timedelta(minutes=10)
"""How often spent one-time codes are swept away."""


class AppointmentWorker:
    def __init__(self, container: Container, sender: Sender | None = None) -> None:
        settings = container.settings
        register = container.register
        self.register = register
        self.feed = Projector(
            register.store, container.db, [AppointmentNotices(container.missions)]
        )
        self.outbox = Outbox(container.db)
        self.notifier = Notifier(
            self.outbox,
            sender or sender_for(settings.notify_url, settings.mail_from),
            recipient=register.appointments.calendars.contact_email,
            clock=register.appointments.desk.now,
        )
        self._swept_at: datetime | None = None

    def notify_once(self) -> int:
        """Enqueue what the events since the last run call for, then send what is due; sweep
        spent one-time codes now and then."""
        self.feed.catch_up()
        now = self.register.appointments.desk.now()
        if self._swept_at is None or now - self._swept_at >= SWEEP_EVERY:
            self.register.appointments.desk.otps.sweep(now)
            self._swept_at = now
        return self.notifier.deliver_due()

    def draw_once(self) -> tuple[int, int]:
        return self.register.appointments.draws.run_releases()

    def run(
        self,
        stop: threading.Event,
        *,
        draws: bool = True,
        notify: bool = True,
        poll: float = POLL_S,
    ) -> None:
        """Until `stop` is set; a failed round is logged and tried again."""
        while not stop.is_set():
            try:
                if draws:
                    self.draw_once()
                if notify:
                    self.notify_once()
            except Exception:  # a worker outlives a failed round and retries it
                log.exception("appointments.worker_failed")
            stop.wait(poll)


def start_worker(worker: AppointmentWorker) -> tuple[threading.Thread, threading.Event]:
    """Draws and notifications on a background thread (`sijill serve` on SQLite)."""
    stop = threading.Event()
    thread = threading.Thread(
        target=worker.run, args=(stop,), name="sijill-appointments", daemon=True
    )
    thread.start()
    return thread, stop
