"""`sijill notify` (the outbox) and `sijill appointments draw|verify` (releases and their audit)."""

from __future__ import annotations

import contextlib
import signal
import threading
from datetime import date
from typing import Annotated

import typer

from domain.errors import DomainError
from register.appointments.background.worker import AppointmentWorker
from register.bootstrap import bootstrap
from register.cli.common import _fail, _settings, err
from register.errors import client_message

appointments_app = typer.Typer(help="Appointment releases: draws and their audit.")

Once = Annotated[bool, typer.Option("--once", help="Do what is due now, then stop.")]


def _run(*, draws: bool, notify: bool, once: bool) -> None:
    container = bootstrap(_settings(), apply_migrations=False)
    worker = AppointmentWorker(container)
    try:
        if once:
            if draws:
                commits, drawn = worker.draw_once()
                typer.echo(f"committed {commits} seed(s), drew {drawn} pool(s)")
            if notify:
                typer.echo(f"sent {worker.notify_once()} message(s)")
            return
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        err.print(f"appointments worker on {container.storage.kind}")
        with contextlib.suppress(KeyboardInterrupt):
            worker.run(stop, draws=draws, notify=notify)
    finally:
        container.close()


def notify(once: Once = False) -> None:  # noqa: FBT002  # a typer option
    """Send the outbox's due messages (codes, confirmations, reminders), each once."""
    _run(draws=False, notify=True, once=once)


@appointments_app.command("draw")
def draw(once: Once = False) -> None:  # noqa: FBT002  # a typer option
    """Commit the seeds of batches opening within the hour; draw pools that have closed."""
    _run(draws=True, notify=False, once=once)


@appointments_app.command("verify")
def verify(
    mission: Annotated[str, typer.Option(help="Mission code, e.g. BER.")],
    day: Annotated[str, typer.Option("--date", help="The appointment day, YYYY-MM-DD.")],
) -> None:
    """Re-run each draw of the day from its revealed seed and compare with what was recorded."""
    try:
        when = date.fromisoformat(day)
    except ValueError:
        raise _fail("--date: a date is YYYY-MM-DD") from None
    container = bootstrap(_settings(), apply_migrations=False)
    try:
        releases = container.register.appointments.draws.appointment_draws(mission.upper(), when)
    except DomainError as e:
        raise _fail(f"--mission: {client_message(e)}") from None
    finally:
        container.close()
    failed = 0
    for r in releases:
        outcome = "not drawn yet" if not r.drawn else "verified" if r.verify() else "MISMATCH"
        failed += outcome == "MISMATCH"
        typer.echo(
            f"{r.service}\tbatch {r.batch}\t{len(r.ranked)} entries\t{len(r.slots)} allocated"
            f"\tsha256 {r.seed_sha256}\t{outcome}"
        )
    if failed:
        raise typer.Exit(1)
