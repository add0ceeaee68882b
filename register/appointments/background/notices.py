"""The notices feed: appointment events become outbox messages, once each, in stream order.

It is run like a view (register/views/projector.py): a batch of events and the feed's position are
committed in one transaction, so after a crash the batch is either wholly enqueued or not at
all, and message ids make a replayed batch harmless. Cancellation cancels pending reminders in
the same pass (a death's cancellation, every pending message of the appointment, and mails
nothing), and `sijill notify` catches the feed up before sending, so no reminder of a cancelled
appointment goes out. It is not one of the rebuildable views: what was sent stays sent.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, ClassVar

from domain.appointments import release_schedule
from domain.appointments.appointment import Appointment
from register.store.outbox import Message, enqueue

if TYPE_CHECKING:
    from collections.abc import Sequence

    from projections.base import Cursor, Recorded
    from register.store.missions import MissionDirectory

REMINDERS = (("reminder-12h", timedelta(hours=12)), ("reminder-4h", timedelta(hours=4)))
AT_ONCE = datetime(2000, 1, 1, tzinfo=UTC)
"""The due time of a message to send as soon as the notifier runs."""
STOP_REMINDERS = (
    "UPDATE appointment_outbox SET status = 'cancelled' WHERE appointment_id = %s"
    " AND kind IN ('reminder-12h', 'reminder-4h') AND status = 'pending'"
)
STOP_ALL = (
    "UPDATE appointment_outbox SET status = 'cancelled' WHERE appointment_id = %s"
    " AND status = 'pending'"
)


class AppointmentNotices:
    name: ClassVar[str] = "appointment_notices"
    tables: ClassVar[tuple[str, ...]] = ("appointment_outbox",)

    def __init__(self, missions: MissionDirectory) -> None:
        self.missions = missions

    def apply(self, batch: Sequence[Recorded], cursor: Cursor) -> None:
        messages: list[Message] = []
        for r in batch:
            event = r.event
            if isinstance(event, Appointment.AppointmentBooked):
                messages += self._booked(event, event.starts_at, event.service, event.booked_at)
            elif isinstance(event, Appointment.AppointmentAllocated):
                messages += self._booked(event, event.starts_at, event.service, event.allocated_at)
            elif isinstance(event, Appointment.AppointmentNotAllocated):
                messages.append(
                    self._message(
                        event,
                        "not-allocated",
                        "Your appointment request was not drawn",
                        "The draw gave every free slot to other requests this time. Slots "
                        "freed later are offered first come, first served.",
                    )
                )
            elif isinstance(event, Appointment.AppointmentCancelled):
                self._stop(cursor, messages, event, STOP_REMINDERS)
                messages.append(
                    self._message(
                        event,
                        "cancelled",
                        "Your appointment is cancelled",
                        f"Appointment {event.originator_id} is cancelled. You may cancel one "
                        "appointment per calendar month.",
                    )
                )
            elif isinstance(event, Appointment.AppointmentCancelledByDeath):
                # Nobody is mailed: not the deceased, and the register has no address for the
                # family. Whatever is still pending for the appointment is dropped unsent.
                self._stop(cursor, messages, event, STOP_ALL)
        if messages:
            enqueue(cursor, messages, datetime.now(UTC))

    @staticmethod
    def _stop(cursor: Cursor, messages: list[Message], event: Appointment.Event, sql: str) -> None:
        """Cancel the appointment's pending messages that `sql` names, this batch's included:
        they are enqueued first, so a booking and its cancellation in one batch end alike."""
        if messages:
            enqueue(cursor, messages, datetime.now(UTC))
            messages.clear()
        cursor.execute(sql, [str(event.originator_id)])

    def _when(self, mission: str, starts_at: datetime) -> str:
        found = self.missions.find(mission)
        zone = found.timezone if found else "UTC"
        where = found.city if found else mission
        local = release_schedule.local(starts_at, zone)
        return f"{where}, {local:%A %d %B %Y at %H:%M} ({zone})"

    def _booked(
        self, event: Appointment.Event, starts_at: datetime, service: str, decided_at: datetime
    ) -> list[Message]:
        when = self._when(event.mission, starts_at)
        confirmation = self._message(
            event,
            "booked",
            "Your consular appointment",
            f"Your appointment for {service}: {when}.\nReference: {event.originator_id}.\n"
            "Bring your national ID card. The appointment is personal and cannot be transferred.",
        )
        reminders = [
            self._message(
                event,
                kind,
                "Reminder: your consular appointment",
                f"Your appointment for {service}: {when}.",
                due_at=starts_at - before,
                expires_at=starts_at,  # after it begins, a reminder is noise: dropped unsent
            )
            for kind, before in REMINDERS
            if starts_at - before > decided_at  # a reminder already due when booked is skipped
        ]
        return [confirmation, *reminders]

    @staticmethod
    def _message(  # a message has this many parts
        event: Appointment.Event,
        kind: str,
        subject: str,
        body: str,
        *,
        due_at: datetime = AT_ONCE,
        expires_at: datetime | None = None,
    ) -> Message:
        return Message(
            message_id=f"{kind}.{event.originator_id}",
            kind=kind,
            citizen_id=str(event.citizen_id),
            subject=subject,
            body=body,
            due_at=due_at,
            expires_at=expires_at,
            appointment_id=str(event.originator_id),
        )
