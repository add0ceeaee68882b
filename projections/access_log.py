"""The access log: one row per recorded read, for auditors' `accessLog` queries."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from domain.audit.read_log import ReadLog
from projections.base import insert_rows

if TYPE_CHECKING:
    from collections.abc import Sequence

    from projections.base import Cursor, Recorded


class AccessLog:
    name: ClassVar[str] = "access_log"
    tables: ClassVar[tuple[str, ...]] = ("access_log",)

    def apply(self, batch: Sequence[Recorded], cursor: Cursor) -> None:
        insert_rows(
            cursor,
            "access_log",
            ("position", "seq", "read_at", "account", "mission", "record_kind", "record_id"),
            [
                (r.position, seq, at, r.event.actor, r.event.mission, kind, record_id)
                for r in batch
                if isinstance(r.event, ReadLog.ReadsRecorded)
                for seq, (kind, record_id, at) in enumerate(r.event.reads)
            ],
        )
