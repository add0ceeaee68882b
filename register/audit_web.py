"""`/.well-known/sijill-audit-key`: the public key anyone checks the register's proofs with."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

if TYPE_CHECKING:
    from register.bootstrap import Container


def audit_key(container: Container) -> APIRouter:
    router = APIRouter()

    @router.get("/.well-known/sijill-audit-key")
    async def published_key() -> dict[str, str]:
        """The Ed25519 public key of checkpoints and bundles (no token needed)."""
        published = (await run_in_threadpool(container.audit.signer)).published()
        return {
            "algorithm": published.algorithm,
            "keyId": published.key_id,
            "publicKey": published.public_key,
            "pem": published.pem,
        }

    return router
