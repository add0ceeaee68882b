"""What every `sijill` command shares: settings from the environment and clear failures."""

from __future__ import annotations

import os
from dataclasses import replace

import typer
from rich.console import Console

from register import log
from register.settings import SettingError, Settings
from register.store.storage import Storage, StorageUrlError

err = Console(stderr=True)


def _fail(message: str, code: int = 2) -> typer.Exit:
    err.print(f"[red]error:[/red] {message}")
    return typer.Exit(code)


def _settings(*, quiet: bool = False) -> Settings:
    """Settings from the environment; `quiet` keeps per-command info lines off a progress bar."""
    try:
        settings = Settings.from_env()
    except SettingError as e:
        raise _fail(str(e)) from None
    if quiet and "SIJILL_LOG_LEVEL" not in os.environ:
        settings = replace(settings, log_level="warning")
    try:
        Storage.from_url(settings.database_url)
    except StorageUrlError as e:
        raise _fail(f"SIJILL_DATABASE_URL: {e}") from None
    log.configure(settings.log_level)
    return settings
