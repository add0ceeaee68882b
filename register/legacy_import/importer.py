"""`sijill import FILE`: a legacy register export (docs/legacy-format.md) into the register.

Two passes over the file. The first reads every line's legacy id and dates (births and
marriages refer to other lines, before or after) and the file's SHA-256. The second validates
each line, decides its aggregates with the register's own domain rules
(`register/legacy_import/line_events.py`) and appends their events in batches, one transaction
each, through `register/store/bulk.py` (COPY on PostgreSQL), with the file's progress in the same
transaction:

- a line is imported whole or rejected whole, with its line number and reason in the rejects
  file (JSON Lines: `{"line", "legacyId", "field", "reason"}`, with `code` when a value's
  rule refused it);
- an interrupted import resumes after the last committed batch; a line whose citizen is in the
  register already (its id is derived from the legacy id) is counted, never recorded twice;
- uniqueness is the register's own: a national ID or document number held by another citizen,
  in the register or earlier in the file, rejects the line;
- the views follow the new events like any others (caught up at the end unless `views=False`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from domain.documents.numbers import DocumentNumberIndex
from domain.errors import CitizenNotFound
from domain.indexes import NationalIdIndex
from register.legacy_import.line_events import LegacyDecider
from register.legacy_import.line_terms import citizen_id_for
from register.legacy_import.lines import DecidedLine, LineJudge, People, decided, first_pass, reject
from register.store.bulk import bulk

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path
    from uuid import UUID

    from register.bootstrap import Container
    from register.store.bulk import Batch

BATCH_LINES = 2000
TAKEN: dict[type[Any], tuple[str, str]] = {
    NationalIdIndex: ("nationalId", "that national ID number is already in the register"),
    DocumentNumberIndex: ("documents", "a document number on this line is already issued"),
}


@dataclass
class ImportReport:
    """Where an import stands; `lines_done` counts lines in, rejected or already there."""

    lines_total: int = 0
    lines_done: int = 0
    imported: int = 0
    rejected: int = 0
    already: int = 0
    events: int = 0
    resumed_from: int = 0
    views_applied: int = 0


class Rejects:
    """The rejects file, consistent with the committed progress after any interruption."""

    def __init__(self, path: Path, *, kept_up_to: int) -> None:
        kept: list[str] = []
        if kept_up_to and path.exists():
            kept = [r for r in path.read_text().splitlines() if json.loads(r)["line"] <= kept_up_to]
        path.write_text("".join(f"{r}\n" for r in kept))
        self.path = path

    def write(self, rows: list[dict[str, Any]]) -> None:
        """Written before the batch commits; a resume drops rows of an uncommitted batch."""
        if rows:
            with self.path.open("a") as out:
                out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


class Importer:
    def __init__(
        self,
        container: Container,
        *,
        batch_lines: int = BATCH_LINES,
        workers: int = 1,
        today: date | None = None,
    ) -> None:
        self.container = container
        self.batch_lines = batch_lines
        self.workers = workers
        self.today = today or datetime.now(UTC).date()

    def run(
        self,
        path: Path,
        rejects_path: Path,
        *,
        views: bool = True,
        progress: Callable[[ImportReport], None] | None = None,
        stop_after: int | None = None,
    ) -> ImportReport:
        """Import `path`; `stop_after`: stop once that many lines are done (as an interruption
        would; the next run resumes)."""
        digest, people, referred, total = first_pass(path)
        people.update(self._in_register(referred))
        report = ImportReport(lines_total=total)
        self._progress(digest, report)
        rejects = Rejects(rejects_path, kept_up_to=report.lines_done)
        # Decided in forked workers: nothing below may reach the database.
        judge = LineJudge(
            LegacyDecider(
                people=lambda legacy_id: _dates(people.get(legacy_id)),
                missions={m.code for m in self.container.missions.all()}.__contains__,
                services=self.container.register.services.consular_services(),
                today=self.today,
            ),
            people,
            self.container.register.store.mapper,
        )
        pending: list[DecidedLine] = []
        refused: list[dict[str, Any]] = []
        lines = decided(judge, path, after=report.lines_done, workers=self.workers)
        for line in lines:
            if isinstance(line, DecidedLine):
                number = line.number
                pending.append(line)
            else:
                number = int(line["line"])
                refused.append(line)
            if number - report.lines_done >= self.batch_lines:
                self._commit(digest, path, number, pending, refused, rejects, report)
                pending, refused = [], []
                if progress is not None:
                    progress(report)
                if stop_after is not None and report.lines_done >= stop_after:
                    lines.close()
                    break
        else:
            self._commit(digest, path, total, pending, refused, rejects, report)
        if progress is not None:
            progress(report)
        if views and report.lines_done == total:
            report.views_applied = self.container.projector.catch_up()
        return report

    def _in_register(self, legacy_ids: set[str]) -> People:
        """Citizens other lines refer to that an earlier import brought in."""
        found: People = {}
        for legacy_id in legacy_ids:
            try:
                citizen = self.container.register.store.load_citizen(citizen_id_for(legacy_id))
            except CitizenNotFound:
                continue
            found[legacy_id] = (citizen.birth_date, citizen.date_of_death, 0)
        return found

    # -- one batch --------------------------------------------------------------------------

    def _commit(
        self,
        digest: str,
        path: Path,
        last_line: int,
        pending: list[DecidedLine],
        refused: list[dict[str, Any]],
        rejects: Rejects,
        report: ImportReport,
    ) -> None:
        with bulk(self.container.storage) as batch:
            new_ids = [i for line in pending for i in line.created]
            taken = batch.existing(new_ids)
            claimed: dict[UUID, int] = {}
            accepted: list[DecidedLine] = []
            already = 0
            for line in pending:
                if line.citizen_id in taken:
                    already += 1
                    continue
                problem = _conflict(line, taken, claimed)
                if problem is not None:
                    refused.append(reject(line.number, line.legacy_id, *problem))
                    continue
                claimed.update(dict.fromkeys(line.created, line.number))
                accepted.append(line)
            events = [e for line in accepted for e in line.events]
            batch.append(events)
            refused.sort(key=lambda r: r["line"])
            rejects.write(refused)
            report.lines_done = last_line
            report.imported += len(accepted)
            report.rejected += len(refused)
            report.already += already
            report.events += len(events)
            _save_progress(batch, digest, path.name, report)

    def _progress(self, digest: str, report: ImportReport) -> None:
        """Counts so far of an import of this file that was interrupted, if any."""
        row = self.container.db.fetch_one(
            "SELECT lines_done, imported, rejected, already, events FROM import_progress"
            " WHERE digest = %s",
            (digest,),
        )
        if row is not None:
            report.lines_done, report.imported, report.rejected, report.already, report.events = (
                int(v) for v in row
            )
        report.resumed_from = report.lines_done


def _conflict(
    line: DecidedLine, taken: set[UUID], claimed: dict[UUID, int]
) -> tuple[str, str] | None:
    for aggregate_id, kind in line.created.items():
        if aggregate_id in claimed:
            where = TAKEN.get(kind, ("line", "an identifier on this line"))[0]
            return where, f"already claimed by line {claimed[aggregate_id]}"
        if aggregate_id in taken:
            return TAKEN.get(kind, ("line", "a drawn identifier collided; import the line again"))
    return None


def _save_progress(batch: Batch, digest: str, name: str, r: ImportReport) -> None:
    """The counts so far (this run's and earlier runs' of the same file)."""
    batch.sql(
        "INSERT INTO import_progress (digest, file_name, lines_done, imported, rejected,"
        " already, events, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
        " ON CONFLICT (digest) DO UPDATE SET lines_done = excluded.lines_done,"
        " imported = excluded.imported, rejected = excluded.rejected,"
        " already = excluded.already, events = excluded.events,"
        " updated_at = excluded.updated_at",
        (
            digest,
            name,
            r.lines_done,
            r.imported,
            r.rejected,
            r.already,
            r.events,
            datetime.now(UTC).isoformat(),
        ),
    )


def _dates(facts: tuple[date, date | None, int] | None) -> tuple[date, date | None] | None:
    return None if facts is None else (facts[0], facts[1])
