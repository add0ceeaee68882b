"""`sijill project` (followers), `sijill rebuild` (from event one, verify, swap) and `replay`."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Annotated

import structlog
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
from register.cli.common import _fail, _settings, err
from register.clock import as_utc
from register.views.projector import Projector
from register.views.rebuild import fresh_target, swap
from register.views.rebuild import rebuild as rebuild_views
from register.views.rebuild import verify as verify_views

log = structlog.get_logger(__name__)


class RateColumn(ProgressColumn):
    """Events per second, as the progress bar measures them."""

    def render(self, task: Task) -> Text:
        speed = task.speed  # None until rich has sampled enough: short runs get an average
        if speed is None:
            elapsed = task.elapsed or 0
            speed = task.completed / elapsed if elapsed > 0 else 0
        return Text(f"{speed:>9,.0f} events/s")


def events_progress(label: str) -> Progress:
    """A bar counting events and their rate, on stderr (stdout keeps the command's output)."""
    columns = (
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
    )
    return Progress(*columns, console=err)


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
        Projector(container.register.store, container.db, views).follow(stop)
    except KeyboardInterrupt:
        pass
    finally:
        container.close()


RESTART_FIRST_S = 1.0
RESTART_MOST_S = 30.0
RAN_WELL_S = 60.0
"""A follower that ran this long before it died is restarted at once (its delay is reset)."""


def _supervise(names: list[str]) -> None:
    """Run `sijill project --view NAME` for each view, restarting any that dies (with a
    growing delay while it keeps dying); stop them all on SIGTERM or ^C."""
    sijill = Path(sys.argv[0])

    def start(name: str) -> tuple[subprocess.Popen[bytes], float]:
        return subprocess.Popen([str(sijill), "project", "--view", name]), time.monotonic()

    children = {n: start(n) for n in names}
    delays = dict.fromkeys(names, RESTART_FIRST_S)
    due: dict[str, float] = {}
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        while not stopping.wait(0.5):
            now = time.monotonic()
            for name, (child, started) in children.items():
                if name in due or child.poll() is None:
                    continue
                if now - started >= RAN_WELL_S:
                    delays[name] = RESTART_FIRST_S
                due[name] = now + delays[name]
                err.print(
                    f"follower for {name} exited with code {child.returncode}; "
                    f"restarting it in {delays[name]:g} s"
                )
                log.warning(
                    "project.follower_exited",
                    view=name,
                    code=child.returncode,
                    restart_in_s=delays[name],
                )
                delays[name] = min(delays[name] * 2, RESTART_MOST_S)
            for name in [n for n, at in due.items() if at <= now]:
                del due[name]
                children[name] = start(name)
                err.print(f"follower for {name} restarted (pid {children[name][0].pid})")
                log.info("project.follower_restarted", view=name, pid=children[name][0].pid)
    except KeyboardInterrupt:
        pass
    finally:
        for child, _ in children.values():
            if child.poll() is None:
                child.terminate()
        for child, _ in children.values():
            child.wait(timeout=30)


FOLLOWER_GRACE_S = 5.0


def _still_behind(live: Projector, behind: dict[str, int], head: int) -> dict[str, int]:
    """Of the views behind `head` at the start, those no follower brings there within a short
    grace: their positions at the start."""
    deadline = time.monotonic() + FOLLOWER_GRACE_S
    while behind:
        now = live.positions()
        behind = {n: p for n, p in behind.items() if now[n] < head}
        if not behind or time.monotonic() >= deadline:
            break
        time.sleep(0.2)
    return behind


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
        head = container.register.store.recorder.max_notification_id() or 0
        live = Projector(container.register.store, container.db, views)
        behind_at_start = {n: p for n, p in live.positions().items() if p < head}
        target = fresh_target(container.db, views)
        with events_progress("rebuild") as progress:
            task = progress.add_task("rebuild", total=head)
            done = rebuild_views(
                container.register.store,
                target,
                views,
                until=head,
                progress=lambda n: progress.advance(task, n),
            )
        typer.echo(f"rebuilt {', '.join(names)} from {done} events")
        if verify:
            stale = _still_behind(live, behind_at_start, head)
            for name, position in stale.items():
                typer.echo(
                    f"live view {name} was {head - position} events behind the store when the"
                    f" rebuild started (position {position} of {head}) and no follower brought"
                    " it forward: is its follower running?"
                )
            differing = verify_views(container.register.store, container.db, target, views)
            if differing:
                typer.echo("differs from the live views: " + ", ".join(differing))
                raise typer.Exit(1)
            if stale:
                typer.echo("identical once brought forward; behind before: " + ", ".join(stale))
                raise typer.Exit(1)
            typer.echo("identical to the live views")
        if swap_in:
            swap(container.db, target, views)
            typer.echo("swapped the rebuilt views in")
    finally:
        container.close()


def _instant(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _fail(f"--until: {text!r} is not an ISO 8601 date and time") from None
    return as_utc(moment)


def replay(
    until: Annotated[
        str, typer.Option(help="ISO 8601 instant, e.g. 2026-03-01T12:00:00Z (UTC if no zone).")
    ],
    view: ViewOption = None,
) -> None:
    """Build the views as they stood at an instant (schema sijill_replay, or a .replay.db file)."""
    from register.views.replay import position_at, where  # noqa: PLC0415
    from register.views.replay import replay as replay_views  # noqa: PLC0415

    moment = _instant(until)
    names = _chosen(view)
    container = bootstrap(_settings(quiet=True), apply_migrations=True)
    views = [v for v in all_views() if v.name in names]
    try:
        position = position_at(container.register, container.audit.log, moment)
        with events_progress("replay") as progress:
            task = progress.add_task("replay", total=container.audit.log.count(position))
            target, done = replay_views(
                container.register,
                container.db,
                views,
                until=position,
                progress=lambda n: progress.advance(task, n),
            )
        typer.echo(
            f"replayed {done} events up to position {position} (recorded at or before"
            f" {moment.isoformat()}) into {where(target)}"
        )
        target.close()
    finally:
        container.close()
