"""The outbox: messages to citizens (codes, confirmations, reminders) and their delivery.

What is guaranteed, precisely:

- **Enqueued exactly once.** Every message has a deterministic id (`otp.<id>`,
  `booked.<appointment>`, `reminder-12h.<appointment>`…) and is inserted with
  ON CONFLICT DO NOTHING: a code is enqueued in the transaction that stores it; the others by
  the notices feed in the transaction that advances its position in the event stream
  (register/appointments/background/notices.py), so a restart neither loses nor repeats one.
- **Marked sent exactly once**, and handed to the sender once in every run that does not die.
  A notifier *claims* a message (`pending` → `sending`, with a lease) in one transaction, sends
  it, then marks it `sent`. Delivery to a mail server cannot be made atomic with our database,
  so a notifier that dies between the server's acceptance and the mark leaves the message
  `sending`; once the lease runs out it is sent again **with the same Message-ID** (its outbox
  id). Exactly-once *delivery* therefore needs the receiver's cooperation: a mail system that
  drops repeated Message-IDs sees it once, and the file sender (development) writes
  `<id>.eml` and so is idempotent by construction. We chose at-least-once over marking sent in
  the claiming transaction (at-most-once): a lost one-time code or reminder harms the citizen,
  a repeated one does not.
- A code's text is erased from the outbox once sent, and a message not sent before it expires
  (a code after 5 minutes, a reminder once its appointment has begun) is dropped (`expired`),
  never sent late.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import unquote, urlsplit

import structlog

from register.appointments.otp import stamp

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from register.store.storage import Database

log = structlog.get_logger(__name__)
LEASE = timedelta(minutes=2)
"""How long a claimed message stays with its notifier before another may send it again."""
BATCH = 100
DEFAULT_FROM = "Sijill <no-reply@sijill.invalid>"


@dataclass(frozen=True)
class Message:
    message_id: str
    kind: str
    citizen_id: str
    subject: str
    body: str
    due_at: datetime
    expires_at: datetime | None = None
    appointment_id: str | None = None


@dataclass(frozen=True)
class Outgoing:
    """A claimed message with its recipient's address, ready for a sender."""

    message_id: str
    recipient: str
    subject: str
    body: str


class Sender(Protocol):
    def send(self, message: Outgoing) -> None:
        """Hand the message over; raise if it was not accepted."""


def enqueue(cursor: Any, messages: Sequence[Message], now: datetime) -> None:
    """Insert the messages (once each, by id) in the caller's transaction."""
    cursor.executemany(
        "INSERT INTO appointment_outbox (message_id, kind, citizen_id, subject, body, due_at,"
        " expires_at, status, attempts, appointment_id, created_at)"
        " VALUES (%s, %s, %s, %s, %s, %s, %s, 'pending', 0, %s, %s)"
        " ON CONFLICT (message_id) DO NOTHING",
        [
            (
                m.message_id,
                m.kind,
                m.citizen_id,
                m.subject,
                m.body,
                stamp(m.due_at),
                stamp(m.expires_at) if m.expires_at else None,
                m.appointment_id,
                stamp(now),
            )
            for m in messages
        ],
    )


class Outbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    def claim_due(self, now: datetime, limit: int = BATCH) -> list[tuple[str, str, str, str]]:
        """Claim due messages (pending, or sending with a lapsed lease); drop expired ones."""
        at = stamp(now)
        self.db.execute(
            "UPDATE appointment_outbox SET status = 'expired', body = NULL"
            " WHERE status IN ('pending', 'sending') AND expires_at IS NOT NULL"
            " AND expires_at <= %s",
            [at],
        )
        candidates = self.db.fetch_all(
            "SELECT message_id, citizen_id, subject, body FROM appointment_outbox"
            " WHERE (status = 'pending' AND due_at <= %s)"
            " OR (status = 'sending' AND claimed_until <= %s)"
            " ORDER BY due_at, message_id LIMIT %s",
            [at, at, limit],
        )
        claimed = []
        for message_id, citizen_id, subject, body in candidates:
            mine = self.db.execute(
                "UPDATE appointment_outbox SET status = 'sending', claimed_until = %s,"
                " attempts = attempts + 1 WHERE message_id = %s"
                " AND (status = 'pending' OR (status = 'sending' AND claimed_until <= %s))",
                [stamp(now + LEASE), message_id, at],
            )
            if mine:
                claimed.append((str(message_id), str(citizen_id), str(subject), str(body)))
        return claimed

    def mark(self, message_id: str, status: str, now: datetime) -> None:
        """`sent` (erasing a code's text) or `undeliverable`."""
        self.db.execute(
            "UPDATE appointment_outbox SET status = %s, sent_at = %s,"
            " body = CASE WHEN kind = 'otp' THEN NULL ELSE body END"
            " WHERE message_id = %s AND status = 'sending'",
            [status, stamp(now), message_id],
        )

    def statuses(self) -> dict[str, int]:
        rows = self.db.fetch_all(
            "SELECT status, count(*) FROM appointment_outbox GROUP BY status ORDER BY status"
        )
        return {str(s): int(n) for s, n in rows}


class Notifier:
    """Sends what is due: claim, resolve the address, send, mark."""

    def __init__(
        self,
        outbox: Outbox,
        sender: Sender,
        *,
        recipient: Callable[[str], str | None],
        clock: Callable[[], datetime],
    ) -> None:
        self.outbox = outbox
        self.sender = sender
        self.recipient = recipient
        self.clock = clock

    def deliver_due(self) -> int:
        """Send every due message once; returns how many were sent."""
        sent = 0
        while claimed := self.outbox.claim_due(self.clock()):
            for message_id, citizen_id, subject, body in claimed:
                address = self.recipient(citizen_id)
                if address is None:
                    self.outbox.mark(message_id, "undeliverable", self.clock())
                    log.warning("outbox.undeliverable", message_id=message_id)
                    continue
                try:
                    self.sender.send(Outgoing(message_id, address, subject, body))
                except (OSError, smtplib.SMTPException) as e:
                    # Left 'sending': retried with the same Message-ID once the lease lapses.
                    log.warning("outbox.send_failed", message_id=message_id, error=type(e).__name__)
                    continue
                self.outbox.mark(message_id, "sent", self.clock())
                sent += 1
            if len(claimed) < BATCH:
                break
        if sent:
            log.info("outbox.sent", messages=sent)
        return sent


def _email(message: Outgoing, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = f"<{message.message_id}@sijill>"
    email["Date"] = format_datetime(datetime.now().astimezone())
    email.set_content(message.body)
    return email


class FileSender:
    """Development: each message is written to DIRECTORY/<id>.eml (rewritten, never doubled)."""

    def __init__(self, directory: Path, sender: str = DEFAULT_FROM) -> None:
        self.directory = directory
        self.sender = sender

    def send(self, message: Outgoing) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.directory / f"{message.message_id}.eml"
        partial = target.with_suffix(".partial")
        partial.write_bytes(bytes(_email(message, self.sender)))
        partial.replace(target)


class SmtpSender:
    """An SMTP relay; the Message-ID is the outbox id, so a resend can be recognised."""

    def __init__(  # an SMTP account has this many settings
        self,
        host: str,
        port: int,
        *,
        sender: str = DEFAULT_FROM,
        user: str | None = None,
        password: str | None = None,
        starttls: bool = False,
    ) -> None:
        self.host = host
        self.port = port
        self.sender = sender
        self.user = user
        self.password = password
        self.starttls = starttls

    def send(self, message: Outgoing) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(_email(message, self.sender))


def sender_for(url: str, mail_from: str = DEFAULT_FROM) -> Sender:
    """`file:DIRECTORY` or `smtp://[user:password@]host:port[?starttls=1]`."""
    if url.startswith("file:"):
        return FileSender(Path(url[len("file:") :]).expanduser(), mail_from)
    parts = urlsplit(url)
    if parts.scheme == "smtp" and parts.hostname:
        return SmtpSender(
            parts.hostname,
            parts.port or 25,
            sender=mail_from,
            user=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            starttls="starttls=1" in parts.query,
        )
    msg = f"SIJILL_NOTIFY_URL is file:DIRECTORY or smtp://host:port, not {url!r}"
    raise ValueError(msg)
