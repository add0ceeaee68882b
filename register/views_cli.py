"""`sijill project` (followers) and `sijill rebuild` (from event one, verify, swap)."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from projections import all_views
from register.bootstrap import bootstrap
from register.cli_common import _fail, _settings, err
from register.projector import Projector
from register.rebuild import fresh_target, swap
from register.rebuild import rebuild as rebuild_views
from register.rebuild import verify as verify_views


class RateColumn(ProgressColumn):
    """Events per second, as the progress bar measures them."""

    def render(self, task: Task) -> Text:
        speed = task.speed  # None until rich has sampled enough: short runs get an average
        if speed is None:
            elapsed = task.elapsed or 0
            speed = task.completed / elapsed if elapsed > 0 else 0
        return Text(f"{speed:>9,.0f} events/s")


FOLLOWER_POOL = {"POSTGRES_POOL_SIZE": "1", "POSTGRES_MAX_OVERFLOW": "1"}
"""A follower reads one batch at a time, so one store connection serves it: with the server's
pool of ten, the eight followers of `sijill project` would not fit PostgreSQL's default limit
of 100 connections."""

ViewOption = Annotated[
    list[str] | None, typer.Option("--view", help="A view's name (repeatable; default: all).")
]


def _chosen(names: list[str] | None) -> list[str]:
    known = [v.name for v in all_views()]
    unknown = sorted(set(names or []) - set(known))
    if unknown:
        raise _fail(f"--view: no view named {', '.join(unknown)}; views: {', '.join(known)}")
    return names or known


def project(view: ViewOption = None) -> None:
    """Keep views current: one follower process per view (PostgreSQL wakes them by NOTIFY)."""
    names = _chosen(view)
    if len(names) > 1:
        _supervise(names)
        return
    container = bootstrap(_settings(), store_env=FOLLOWER_POOL)
    views = [v for v in all_views() if v.name in names]
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    err.print(f"following the store for {names[0]} ({container.storage.kind})")
    try:
        Projector(container.register, container.db, views).follow(stop)
    except KeyboardInterrupt:
        pass
    finally:
        container.close()


def _supervise(names: list[str]) -> None:
    """Run `sijill project --view NAME` for each view; stop them all when one ends or on ^C."""
    sijill = Path(sys.argv[0])
    children = [subprocess.Popen([str(sijill), "project", "--view", n]) for n in names]
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        while not stopping.wait(0.5):
            if any(child.poll() is not None for child in children):
                break
    except KeyboardInterrupt:
        pass
    finally:
        for child in children:
            if child.poll() is None:
                child.terminate()
        for child in children:
            child.wait(timeout=30)
    if any(child.returncode not in (0, -signal.SIGTERM) for child in children):
        raise _fail("a follower stopped with an error", code=1)


def rebuild(
    view: ViewOption = None,
    verify: Annotated[bool, typer.Option("--verify", help="Compare with the live views.")] = False,
    swap_in: Annotated[
        bool, typer.Option("--swap", help="Replace the live views with the rebuilt ones.")
    ] = False,
) -> None:
    """Rebuild views from the first event into a fresh schema (PostgreSQL) or file (SQLite)."""
    names = _chosen(view)
    container = bootstrap(_settings(quiet=True), apply_migrations=True)
    views = [v for v in all_views() if v.name in names]
    try:
        head = container.register.recorder.max_notification_id() or 0
        target = fresh_target(container.db, views)
        columns = (
            TextColumn("rebuild"),
            BarColumn(),
            MofNCompleteColumn(),
            RateColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=err) as progress:
            task = progress.add_task("rebuild", total=head)
            done = rebuild_views(
                container.register,
                target,
                views,
                until=head,
                progress=lambda n: progress.advance(task, n),
            )
        typer.echo(f"rebuilt {', '.join(names)} from {done} events")
        if verify:
            differing = verify_views(container.register, container.db, target, views)
            if differing:
                typer.echo("differs from the live views: " + ", ".join(differing))
                raise typer.Exit(1)
            typer.echo("identical to the live views")
        if swap_in:
            swap(container.db, target, views)
            typer.echo("swapped the rebuilt views in")
    finally:
        container.close()
