"""The register's wall clock: the system's, or (tests only) one set through a shared file.

Releases, draws, one-time-code expiry, reminders and the monthly cancellation rule all read the
clock through `AppointmentDesk.now()`, so a test moves time by setting it, never by patching.
`FileClock` lets the server and the `sijill` commands of an end-to-end test share a clock: the
file holds an instant, and time runs on from it at the real pace from when the file was written.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from threading import Lock
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from register.settings import Settings


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """An instant given without an offset, read as UTC (the API and the command line alike)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class FileClock:
    """Now = the instant in the file + the real time elapsed since the file was written."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = Lock()
        self._seen: tuple[int, datetime, float] | None = None

    def __call__(self) -> datetime:
        stat = self.path.stat()
        with self._lock:
            if self._seen is None or self._seen[0] != stat.st_mtime_ns:
                instant = datetime.fromisoformat(self.path.read_text(encoding="utf-8").strip())
                self._seen = (stat.st_mtime_ns, instant.astimezone(UTC), stat.st_mtime)
            _, instant, written = self._seen
        return instant + timedelta(seconds=max(0.0, time.time() - written))

    @staticmethod
    def set(path: Path, instant: datetime) -> None:
        """Set the shared clock to `instant` from now on (atomically, for every reader)."""
        partial = path.with_suffix(".partial")
        partial.write_text(instant.isoformat(), encoding="utf-8")
        partial.replace(path)


def test_clock(settings: Settings) -> FileClock:
    """The clock SIJILL_CLOCK_FILE names; a production register never takes one."""
    if settings.production or not settings.clock_file:
        msg = "SIJILL_CLOCK_FILE is for tests and is refused when SIJILL_ENV=production"
        raise RuntimeError(msg)
    return FileClock(Path(settings.clock_file))
