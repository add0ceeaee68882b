"""`sijill import FILE`: take in a legacy register export, with progress and a rejects file."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from register.bootstrap import bootstrap
from register.cli.common import _fail, _settings, err
from register.cli.views import events_progress
from register.legacy_import.importer import BATCH_LINES, Importer, ImportReport

if TYPE_CHECKING:
    from register.bootstrap import Container

LOG_EVERY_S = 10.0


def _follow(container: Container) -> int:
    """Bring the views up to date, with a bar in events/s; returns the events applied."""
    projector = container.projector
    behind = max(s.lag for s in projector.status())
    with events_progress("views") as progress:
        task = progress.add_task("views", total=behind)
        return projector.catch_up(progress=lambda n: progress.advance(task, n))


def import_file(
    file: Annotated[Path, typer.Argument(help="The export: JSON Lines, docs/legacy-format.md.")],
    rejects: Annotated[
        Path | None,
        typer.Option(help="Where invalid lines are listed (default: FILE.rejects.jsonl)."),
    ] = None,
    batch: Annotated[int, typer.Option(min=1, help="Lines per transaction.")] = BATCH_LINES,
    workers: Annotated[
        int, typer.Option(min=1, help="Processes deciding lines (default: one per core).")
    ] = os.cpu_count() or 1,
    views: Annotated[
        bool, typer.Option(help="Bring the views up to date at the end (else: the followers do).")
    ] = True,
) -> None:
    """Import a legacy register export; run it again after an interruption to resume."""
    if not file.is_file():
        raise _fail(f"FILE: no such file {file}")
    rejects_path = rejects or file.with_name(file.name + ".rejects.jsonl")
    container = bootstrap(_settings(quiet=True), apply_migrations=True)
    err.print(f"reading {file} …")
    columns = (
        TextColumn("import"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("lines · {task.fields[events]:,} events · {task.fields[rejected]:,} rejected"),
        TimeElapsedColumn(),
    )
    try:
        with Progress(*columns, console=err) as progress:
            task = progress.add_task("import", total=None, events=0, rejected=0)

            last_line = [0.0]

            def show(report: ImportReport) -> None:
                progress.update(
                    task,
                    total=report.lines_total,
                    completed=report.lines_done,
                    events=report.events,
                    rejected=report.rejected,
                )
                if not err.is_terminal and time.monotonic() - last_line[0] >= LOG_EVERY_S:
                    last_line[0] = time.monotonic()  # a log has no live bar: a line now and then
                    err.print(
                        f"import: {report.lines_done:,}/{report.lines_total:,} lines,"
                        f" {report.events:,} events, {report.rejected:,} rejected"
                    )

            report = Importer(container, batch_lines=batch, workers=workers).run(
                file, rejects_path, views=False, progress=show
            )
        if views and report.lines_done == report.lines_total:
            report.views_applied = _follow(container)
    finally:
        container.close()
    if report.resumed_from == report.lines_total:
        typer.echo(f"{file} was imported already: nothing to do")
        return
    resumed = f" (resumed after line {report.resumed_from})" if report.resumed_from else ""
    typer.echo(
        f"imported {report.imported:,} citizens ({report.events:,} events){resumed};"
        f" {report.already:,} already in the register; {report.rejected:,} rejected"
        + (f", listed in {rejects_path}" if report.rejected else "")
    )
    if views:
        typer.echo(f"views brought up to date ({report.views_applied:,} events applied)")
