"""`/.well-known/sijill-audit-key(s)`: the public keys anyone checks the register's proofs with."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from register.audit.key_succession import published_keys

if TYPE_CHECKING:
    from register.audit.signing import PublishedKey
    from register.bootstrap import Container


def _key(published: PublishedKey) -> dict[str, str]:
    return {
        "algorithm": published.algorithm,
        "keyId": published.key_id,
        "publicKey": published.public_key,
        "pem": published.pem,
    }


def audit_key(container: Container) -> APIRouter:
    router = APIRouter()

    @router.get("/.well-known/sijill-audit-key")
    async def published_key() -> dict[str, str]:
        """The Ed25519 public key of checkpoints and bundles (no token needed)."""
        return _key((await run_in_threadpool(container.audit.signer)).published())

    @router.get("/.well-known/sijill-audit-keys")
    async def key_succession() -> dict[str, Any]:
        """Every key of the succession, oldest first, with the checkpoint sizes each signs."""
        tenures = await run_in_threadpool(published_keys, container.audit)
        return {
            "keys": [
                {**_key(t.key), "fromTreeSize": t.from_size, "toTreeSize": t.to_size}
                for t in tenures
            ]
        }

    return router
