"""`sijill guide seed`: the starter consular guide, recorded as events (idempotent)."""

from __future__ import annotations

import typer

from register.bootstrap import bootstrap
from register.cli.common import _settings
from register.services.guide_seed import seed_guide

guide_app = typer.Typer(help="The consular guide.", no_args_is_help=True)


@guide_app.command("seed")
def seed() -> None:
    """Define the starter services (ar, fr, en; a fee at every mission) not yet in the guide."""
    container = bootstrap(_settings(quiet=True), apply_migrations=True)
    try:
        added = seed_guide(container.register)
    finally:
        container.close()
    typer.echo(f"added {added} service(s) to the guide")
