"""GraphQL for the witnesses: what `verifyIntegrity` says each one answered and cosigned."""

from __future__ import annotations

from typing import TYPE_CHECKING

import strawberry

if TYPE_CHECKING:
    from register.audit.witness.cosigning import WitnessStatus


@strawberry.type
class WitnessReport:
    """One configured witness, as this verification found it."""

    witness: str = strawberry.field(description="Its URL (or local:DIRECTORY in development).")
    key_id: str
    reachable: bool = strawberry.field(description="Did it answer for its latest checkpoint?")
    error: str | None
    cosigned_tree_size: int | None = strawberry.field(
        description="The largest checkpoint it has cosigned, as far as this verification saw."
    )
    cosigned_at: int | None = strawberry.field(
        description="When it cosigned that one (POSIX seconds, the witness's clock)."
    )

    @classmethod
    def of(cls, s: WitnessStatus) -> WitnessReport:
        return cls(
            witness=s.label,
            key_id=s.key_id,
            reachable=bool(s.up),
            error=s.error,
            cosigned_tree_size=s.cosigned_size,
            cosigned_at=s.cosigned_at,
        )
