"""`sijill account`: people's accounts for the staff console (create, disable, list)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from domain.errors import DomainError
from register.access import Role  # noqa: TC001  # typer reads the annotation at runtime
from register.bootstrap import bootstrap
from register.cli.common import _fail, _settings
from register.errors import client_message
from register.staff.accounts import AccountExists
from register.staff.passwords import AccountRuleViolated, check_name, check_password

account_app = typer.Typer(
    help="People's accounts for the staff console (/console).", no_args_is_help=True
)


def _password(*, from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    entered: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return entered


@account_app.command("create")
def account_create(
    name: Annotated[str, typer.Option(help="The name the person signs in with (the actor).")],
    mission: Annotated[str, typer.Option(help="Mission code, e.g. PAR.")],
    role: Annotated[Role, typer.Option(help="clerk, officer, auditor or admin.")],
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="Read the password from the first line of standard input."
        ),
    ] = False,
) -> None:
    """Create an account; the password is asked twice, hidden (only its argon2id hash is kept)."""
    try:
        check_name(name)
        password = check_password(_password(from_stdin=password_stdin))
    except AccountRuleViolated as e:
        raise _fail(str(e)) from None
    container = bootstrap(_settings(), apply_migrations=True)
    try:
        account = container.staff.create(
            name=name, role=role, mission=mission.upper(), password=password
        )
    except DomainError as e:
        raise _fail(f"--mission: {client_message(e)}") from None
    except AccountExists as e:
        raise _fail(str(e)) from None
    finally:
        container.close()
    typer.echo(f"account {account.name} ({account.role.value} at {account.mission})")
    typer.echo("sign in at /console/sign-in")


@account_app.command("disable")
def account_disable(
    name: Annotated[str, typer.Argument(help="The account to disable.")],
) -> None:
    """Disable an account: it can no longer sign in, and its open sessions end at once."""
    container = bootstrap(_settings(), apply_migrations=True)
    try:
        disabled = container.staff.disable(name)
    finally:
        container.close()
    if not disabled:
        raise _fail(f"no enabled account named {name}", code=1)
    typer.echo(f"disabled {name}; its sessions have ended")


@account_app.command("list")
def account_list() -> None:
    """Accounts, roles, missions, created/disabled: never the password hashes."""
    container = bootstrap(_settings(), apply_migrations=True)
    try:
        for a in container.staff.list():
            typer.echo(
                f"{a.name}\t{a.role}\t{a.mission}\t{a.created_at}\t{a.disabled_at or 'enabled'}"
            )
    finally:
        container.close()
