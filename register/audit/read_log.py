"""Reads of citizens' records and cases, buffered briefly and recorded as register events."""

from __future__ import annotations

import threading
from collections import defaultdict
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import structlog

from domain.audit.read_log import ReadLog
from domain.base import Recording
from register.store.outage import is_outage

if TYPE_CHECKING:
    from uuid import UUID

    from eventsourcing.application import Application

    from register.access import Account

log = structlog.get_logger(__name__)
FLUSH_EVERY_S = 2.0
FLUSH_AT = 500
"""A buffer this full is recorded at once, whatever the interval."""


class ReadBuffer:
    """Reads since the last flush, by (account, mission); thread-safe."""

    def __init__(self) -> None:
        self._reads: defaultdict[tuple[str, str], list[list[str]]] = defaultdict(list)
        self._count = 0
        self._lock = threading.Lock()

    def add(self, account: Account, kind: str, record_id: UUID) -> bool:
        """Note one read; True when the buffer is full enough to flush now."""
        with self._lock:
            self._reads[(account.name, account.mission)].append(
                [kind, str(record_id), datetime.now(UTC).isoformat()]
            )
            self._count += 1
            return self._count >= FLUSH_AT

    @property
    def pending(self) -> int:
        """Reads noted and not yet recorded."""
        return self._count

    def flush(self, store: Application[UUID]) -> int:
        """Record the buffered reads (one event per account and mission); returns how many."""
        with self._lock:
            taken, self._reads, count = self._reads, defaultdict(list), self._count
            self._count = 0
        if not taken:
            return 0
        today = datetime.now(UTC).date()
        logs = [
            ReadLog.record(
                reads=reads, by=Recording(actor=account, mission=mission, effective_date=today)
            )
            for (account, mission), reads in taken.items()
        ]
        try:
            store.save(*logs)
        except Exception:
            with self._lock:  # keep them for the next flush rather than lose them
                for (account, mission), reads in taken.items():
                    self._reads[(account, mission)][:0] = reads
                self._count += count
            raise
        log.debug("read_log.recorded", reads=count, events=len(logs))
        return count


def start_flusher(
    buffer: ReadBuffer, store: Application[UUID]
) -> tuple[threading.Thread, threading.Event]:
    """Record buffered reads every few seconds until stopped (then once more)."""
    stop = threading.Event()

    def run() -> None:
        while not stop.wait(FLUSH_EVERY_S):
            try:
                buffer.flush(store)
            except Exception as e:  # the reads stay buffered; the next interval retries
                if is_outage(e):  # not a failure of ours: no traceback every two seconds
                    log.warning("read_log.flush_deferred", reads_kept=buffer.pending)
                else:
                    log.exception("read_log.flush_failed")
        buffer.flush(store)

    thread = threading.Thread(target=run, name="sijill-read-log", daemon=True)
    thread.start()
    return thread, stop
