"""`sijill`: serve, migrate, demo data, tokens, accounts and the schema export."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from domain.errors import DomainError
from register.access import Role  # noqa: TC001  # typer reads the annotation at runtime
from register.appointments.background.worker import AppointmentWorker, start_worker
from register.audit.checkpoints import start_checkpointer
from register.audit.read_log import start_flusher
from register.audit.witness.cosigning import start_cosigner
from register.bootstrap import bootstrap
from register.cli import accounts as accounts_cli
from register.cli import audit as audit_cli
from register.cli import guide as guide_cli
from register.cli import importing as import_cli
from register.cli import notify as notify_cli
from register.cli import views as views_cli
from register.cli import witness as witness_cli
from register.cli.common import _fail, _settings, err
from register.errors import client_message
from register.store.migrate import migrate as apply_migrations
from register.store.storage import Storage
from register.views.projector import start_follower

app = typer.Typer(help="Sijill, the central consular register.", no_args_is_help=True)
token_app = typer.Typer(help="Issue and revoke bearer tokens.", no_args_is_help=True)
app.add_typer(token_app, name="token")
app.add_typer(accounts_cli.account_app, name="account")
app.add_typer(guide_cli.guide_app, name="guide")
app.add_typer(audit_cli.audit_app, name="audit")
app.add_typer(notify_cli.appointments_app, name="appointments")
app.add_typer(witness_cli.witness_app, name="witness")
SCHEMA_FILE = Path(__file__).resolve().parents[2] / "graphql" / "schema.graphql"


@app.command()
def migrate() -> None:
    """Apply the SQL migrations this database lacks (recorded by yoyo in the database)."""
    settings = _settings()
    applied = apply_migrations(Storage.from_url(settings.database_url))
    names = ": " + ", ".join(applied) if applied else ""
    typer.echo(f"applied {len(applied)} migration(s){names}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    migrate_first: Annotated[
        bool, typer.Option("--migrate/--no-migrate", help="Apply pending migrations first.")
    ] = True,
    project: Annotated[
        bool | None,
        typer.Option(
            "--project/--no-project",
            help="Keep the views current in this process (default: on SQLite only; on "
            "PostgreSQL run `sijill project`).",
        ),
    ] = None,
    notify: Annotated[
        bool | None,
        typer.Option(
            "--notify/--no-notify",
            help="Draw appointment pools and send notifications in this process (default: on "
            "SQLite only; on PostgreSQL run `sijill appointments draw` and `sijill notify`).",
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1,
            help="Server processes on the one port. The views, notifications and checkpoints "
            "this command runs stay in one process, this one; rate limits are shared out.",
        ),
    ] = 1,
) -> None:
    """Run the API: GraphQL at /graphql (GraphiQL in a browser), /healthz, /readyz, /metrics."""
    import uvicorn  # noqa: PLC0415  # only serving needs the server

    from register.web.app import create_app  # noqa: PLC0415
    from register.web.serving.workers import WORKERS_ENV  # noqa: PLC0415

    container = bootstrap(_settings(), apply_migrations=migrate_first)
    typer.echo(
        f"Sijill on http://{host}:{port}/graphql, the staff console on /console"
        f" ({container.storage.kind})",
        err=True,
    )
    follower = None
    if project if project is not None else container.storage.kind == "sqlite":
        follower = start_follower(container.projector)  # SQLite has no LISTEN/NOTIFY
    reads = start_flusher(container.register.store.reads, container.register.store)
    worker = None
    if notify if notify is not None else container.storage.kind == "sqlite":
        worker = start_worker(AppointmentWorker(container))
    every = container.settings.checkpoint_every_s
    checkpoints = start_checkpointer(container.audit, every) if every > 0 else None
    cosigner = start_cosigner(container, container.settings.witness_retry_s)
    try:
        if workers == 1:
            app: Any = create_app(container)
        else:  # each process builds its own app (register/web/serving/workers.py)
            os.environ[WORKERS_ENV] = str(workers)
            app = "register.web.serving.workers:worker_app"
        uvicorn.run(
            app, host=host, port=port, log_config=None, access_log=False,
            factory=workers > 1, workers=workers,
        )  # fmt: skip
    finally:
        if follower is not None:
            follower[1].set()
            follower[0].join(timeout=10)
        reads[1].set()
        reads[0].join(timeout=10)
        if worker is not None:
            worker[1].set()
            worker[0].join(timeout=10)
        for thread in (checkpoints, cosigner):
            if thread is not None:
                thread[1].set()
                thread[0].join(timeout=10)
        container.close()


@app.command()
def demo(
    citizens: Annotated[int, typer.Option(min=1, help="How many citizens to add.")] = 200,
    seed: Annotated[int, typer.Option(help="Random seed (same seed, same families).")] = 7,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing if the register holds events.")
    ] = False,
) -> None:
    """Load the starter consular guide and synthetic citizens with families and marriages."""
    from register.demo.loader import DemoLoader  # noqa: PLC0415
    from register.services.guide_seed import seed_guide  # noqa: PLC0415

    container = bootstrap(_settings(quiet=True), apply_migrations=True)
    try:
        if if_empty and container.register.store.recorder.max_notification_id():
            typer.echo("the register already holds events; no demo data added")
            return
        typer.echo(f"added {seed_guide(container.register)} service(s) to the guide")
        loader = DemoLoader(container.register, seed=seed)
        columns = (
            TextColumn("demo citizens"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=err) as progress:
            task = progress.add_task("demo", total=citizens)
            load = loader.run(citizens, lambda n: progress.advance(task, n))
        typer.echo(
            f"added {load.citizens + load.births} citizens: {load.marriages} marriages, "
            f"{load.births} births, {load.divorces} divorces, {load.deaths} deaths"
        )
    finally:
        container.close()


@token_app.command("create")
def token_create(
    mission: Annotated[str, typer.Option(help="Mission code, e.g. PAR.")],
    role: Annotated[Role, typer.Option(help="clerk, officer, auditor or admin.")],
    name: Annotated[str, typer.Option(help="Account name recorded as actor on events.")],
) -> None:
    """Print a new bearer token (shown once; only its hash is stored)."""
    if not name.strip() or len(name) > 100:
        raise _fail("--name must be 1 to 100 characters")
    container = bootstrap(_settings(), apply_migrations=True)
    try:
        token = container.tokens.create(name=name.strip(), role=role, mission=mission.upper())
    except DomainError as e:
        raise _fail(f"--mission: {client_message(e)}") from None
    finally:
        container.close()
    typer.echo(f"account {name} ({role.value} at {mission.upper()})")
    typer.echo(f"token {token}")


@token_app.command("revoke")
def token_revoke(
    token: Annotated[str | None, typer.Argument(help="The token to revoke.")] = None,
    name: Annotated[str | None, typer.Option(help="Revoke every token of this account.")] = None,
) -> None:
    """Revoke one token, or all tokens of an account."""
    if (token is None) == (name is None):
        raise _fail("give either a TOKEN or --name, not both")
    container = bootstrap(_settings(), apply_migrations=True)
    try:
        revoked = container.tokens.revoke(token=token, name=name)
    finally:
        container.close()
    if not revoked:
        raise _fail("no active token matched", code=1)
    typer.echo(f"revoked {revoked} token(s)")


@token_app.command("list")
def token_list() -> None:
    """List tokens by account (never the tokens themselves)."""
    container = bootstrap(_settings(), apply_migrations=True)
    try:
        for account, role, mission, created, revoked in container.tokens.list():
            typer.echo(f"{account}\t{role}\t{mission}\t{created}\t{revoked or 'active'}")
    finally:
        container.close()


@app.command()
def schema(
    check: Annotated[bool, typer.Option("--check", help="Fail if the file differs.")] = False,
    output: Annotated[Path, typer.Option(help="Where to write the SDL.")] = SCHEMA_FILE,
) -> None:
    """Export the GraphQL schema (SDL) to graphql/schema.graphql, or check it is current."""
    from register.web.schema import export_sdl  # noqa: PLC0415

    sdl = export_sdl()
    if check:
        if not output.exists() or output.read_text(encoding="utf-8") != sdl:
            raise _fail(f"{output} is out of date: run `sijill schema`", code=1)
        typer.echo(f"{output} is current")
        return
    output.write_text(sdl, encoding="utf-8")
    typer.echo(f"wrote {output}")


app.command()(views_cli.project)
app.command()(views_cli.rebuild)
app.command()(views_cli.replay)
app.command()(notify_cli.notify)
app.command("import")(import_cli.import_file)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
