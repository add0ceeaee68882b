"""`sijill audit rotate-key`: hand checkpoint signing over from the configured key to a new one."""

from __future__ import annotations

from typing import Annotated

import typer

from register.access import Account, Role
from register.audit.key_succession import RotationRefused, rotate_key
from register.audit.signing import SigningKeyError, signer_from
from register.bootstrap import bootstrap
from register.cli.common import _fail, _settings

ROTATOR = Account(name="audit-key-rotation", role=Role.ADMIN, mission="RBA")
"""Who records a key succession: the ministry itself."""


def rotate(
    new_key: Annotated[
        str,
        typer.Option(
            "--new-key",
            help="The successor key: a PEM (PKCS#8) file's path, or base64: and the 32-byte seed.",
        ),
    ],
) -> None:
    """Sign a checkpoint with the current key, then record both keys' signatures on the hand-over.

    Run it with the CURRENT key as SIJILL_SIGNING_KEY; then set SIJILL_SIGNING_KEY to the new key.
    """
    try:
        successor = signer_from(new_key, name="--new-key")
    except SigningKeyError as e:
        raise _fail(str(e)) from None
    container = bootstrap(_settings(quiet=True), apply_migrations=True)
    try:
        done = rotate_key(container.audit, successor, ROTATOR)
    except (SigningKeyError, RotationRefused) as e:
        raise _fail(str(e)) from None
    finally:
        container.close()
    typer.echo(
        f"key {done.old_key_id} signed the checkpoint of {done.tree_size} leaves and handed over"
        f" to key {done.new_key_id} (succession at position {done.position})."
    )
    typer.echo("Now set SIJILL_SIGNING_KEY to the new key and restart the servers.")
