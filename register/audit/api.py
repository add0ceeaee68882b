"""GraphQL for auditors: the register log, integrity verdicts, checkpoints, the public keys."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from register.access import authorize
from register.audit import key_succession as audit_keys
from register.audit.operations import AuditOperation
from register.audit.witness.api import WitnessReport
from register.audit.witness.verification import verify_witnessed
from register.civil_status import history
from register.civil_status.api_types import Citizen
from register.errors import InvalidInput
from register.web.context import context_of, off_loop
from register.web.pagination import PageInfo, decode_cursor, encode_cursor, page_size
from register.web.scalars import read_date

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

    from register.audit.checkpoints import SignedCheckpoint
    from register.audit.integrity import Finding
    from register.audit.witness.verification import WitnessedVerdict


@strawberry.type
class RegisterEventEntry:
    """One event of the store, as auditors see it: what, on which record, who, where, when."""

    position: int = strawberry.field(description="Its place in the global order.")
    type: str
    topic: str
    aggregate_id: strawberry.ID
    version: int
    recorded_at: datetime
    effective_date: date | None
    mission: str | None
    actor: str | None
    reason: str | None = strawberry.field(description="The legal basis or reason, if any.")

    @classmethod
    def from_entry(cls, entry: history.LogEntry) -> RegisterEventEntry:
        e: Any = entry.event
        return cls(
            position=entry.position,
            type=type(e).__name__,
            topic=type(e).TOPIC,
            aggregate_id=strawberry.ID(str(e.originator_id)),
            version=e.originator_version,
            recorded_at=e.timestamp,
            effective_date=getattr(e, "effective_date", None),
            mission=getattr(e, "mission", None),
            actor=getattr(e, "actor", None),
            reason=getattr(e, "legal_basis", None) or getattr(e, "reason", None),
        )


@strawberry.type
class RegisterEventConnection:
    nodes: list[RegisterEventEntry]
    page_info: PageInfo


@strawberry.type
class IntegrityFinding:
    kind: str = strawberry.field(
        description="modified, removed, inserted, renumbered, reordered, truncated, checkpoint,"
        " succession, rewritten, unwitnessed or stale."
    )
    position: int
    leaf_index: int | None
    detail: str

    @classmethod
    def of(cls, f: Finding) -> IntegrityFinding:
        return cls(kind=f.kind, position=f.position, leaf_index=f.leaf_index, detail=f.detail)


@strawberry.type
class IntegrityReport:
    """The verdict of recomputing every leaf and every checkpoint's root from the events."""

    ok: bool
    events: int
    leaves: int
    tree_size: int
    root_hash: str
    checkpoints: int
    finding_count: int
    first: IntegrityFinding | None = strawberry.field(
        description="The first tampered event in the global order."
    )
    findings: list[IntegrityFinding] = strawberry.field(description="The first 100, in order.")
    witnessed_tree_size: int | None = strawberry.field(
        description="The newest checkpoint a quorum of witnesses cosigned, which the log extends."
    )
    witnesses: list[WitnessReport]

    @classmethod
    def of(cls, found: WitnessedVerdict) -> IntegrityReport:
        v = found.verdict
        ordered = sorted(v.findings, key=lambda f: f.position)
        return cls(
            ok=v.ok,
            events=v.events,
            leaves=v.leaves,
            tree_size=v.tree_size,
            root_hash=v.root_hash,
            checkpoints=v.checkpoints,
            finding_count=v.finding_count,
            first=IntegrityFinding.of(v.first) if v.first else None,
            findings=[IntegrityFinding.of(f) for f in ordered],
            witnessed_tree_size=found.newest.checkpoint.tree_size if found.newest else None,
            witnesses=[WitnessReport.of(w) for w in found.witnesses],
        )


@strawberry.type
class AuditCheckpoint:
    """A signed tree head: Ed25519 over `auditNote`, checkable with `auditPublicKey`."""

    tree_size: int
    root_hash: str
    signed_at: str
    key_id: str
    signature: str
    position: int | None
    note: str = strawberry.field(description="The exact text that was signed.")

    @classmethod
    def of(cls, c: SignedCheckpoint) -> AuditCheckpoint:
        return cls(
            tree_size=c.tree_size,
            root_hash=c.root_hash,
            signed_at=c.signed_at,
            key_id=c.key_id,
            signature=c.signature,
            position=c.position,
            note=c.note().decode(),
        )


@strawberry.type
class AuditPublicKey:
    algorithm: str
    key_id: str
    public_key: str = strawberry.field(description="The raw 32-byte key, base64.")
    pem: str


@strawberry.type
class AuditKeyTenure(AuditPublicKey):
    """A key of the succession and the checkpoint sizes it signs."""

    from_tree_size: int = strawberry.field(description="It signs checkpoints from this size.")
    to_tree_size: int | None = strawberry.field(
        description="It signs checkpoints up to this size (null: it still signs)."
    )


async def citizen_in_time(
    info: strawberry.Info, citizen_id: UUID, as_of: datetime | None, effective_on: Any
) -> Citizen | None:
    """`citizen(id, asOf:)` and `citizen(id, effectiveOn:)`.

    As of an instant, `history` lists what was recorded by then; on a date, everything known
    now (the corrections that explain the answer included).
    """
    context = context_of(info)
    if as_of is not None and effective_on is not None:
        msg = "give asOf or effectiveOn, not both"
        raise InvalidInput(msg, field="effectiveOn", code="INVALID_CHOICE")
    shown: Callable[[Any], bool] | None = None
    if as_of is not None:
        at = as_of  # the DateTime scalar reads an instant without a zone as UTC
        record = await off_loop(
            history.citizen_as_of, context.register, context.account, citizen_id, at
        )

        def shown(event: Any) -> bool:
            recorded: datetime = event.timestamp
            return recorded <= at

    else:
        on = read_date(effective_on, "effectiveOn")
        record = await off_loop(
            history.citizen_effective_on, context.register, context.account, citizen_id, on
        )
    if record is None:
        return None
    found = Citizen.from_record(record)
    found.history_filter = shown
    return found


@strawberry.type
class AuditQuery:
    @strawberry.field(description="The register's log in global order, for auditors.")
    async def events(  # the filters
        self,
        info: strawberry.Info,
        from_: Annotated[
            datetime | None,
            strawberry.argument(name="from", description="Recorded at or after."),
        ] = None,
        to: Annotated[
            datetime | None, strawberry.argument(description="Recorded at or before.")
        ] = None,
        mission: str | None = None,
        actor: str | None = None,
        type: Annotated[  # noqa: A002  # GraphQL's name
            str | None, strawberry.argument(description="An event type, e.g. MarriageRecorded.")
        ] = None,
        first: int | None = None,
        after: str | None = None,
    ) -> RegisterEventConnection:
        context = context_of(info)
        authorize(context.account, AuditOperation.EVENTS)
        topics: list[str] = []
        if type is not None:
            topics = history.event_types().get(type, [])
            if not topics:
                msg = f"no event type {type!r}"
                raise InvalidInput(msg, field="type", code="INVALID_CHOICE")
        if from_ is not None and to is not None and to < from_:
            msg = "to is before from"
            raise InvalidInput(msg, field="to", code="OUT_OF_RANGE")
        which = history.LogFilter(
            recorded_from=from_,
            recorded_to=to,
            mission=context.register.store.missions.get(mission.strip().upper()).code
            if mission
            else None,
            actor=actor,
            topics=topics,
        )
        page = await off_loop(
            history.log_page,
            context.register,
            context.audit.log,
            which,
            after=decode_cursor(after),
            first=page_size(first),
        )
        return RegisterEventConnection(
            nodes=[RegisterEventEntry.from_entry(e) for e in page.entries],
            page_info=PageInfo(
                has_next_page=page.more, end_cursor=encode_cursor(page.last_scanned)
            ),
        )

    @strawberry.field(
        description="Recompute every leaf and checkpoint root from the events, and check the"
        " log extends the newest checkpoint a quorum of witnesses cosigned: the verdict."
    )
    async def verify_integrity(self, info: strawberry.Info) -> IntegrityReport:
        context = context_of(info)
        authorize(context.account, AuditOperation.VERIFY_INTEGRITY)
        return IntegrityReport.of(await off_loop(verify_witnessed, context.audit))

    @strawberry.field(description="Every signed checkpoint recorded, oldest first.")
    async def checkpoints(self, info: strawberry.Info) -> list[AuditCheckpoint]:
        context = context_of(info)
        authorize(context.account, AuditOperation.CHECKPOINTS)
        return [AuditCheckpoint.of(c) for c in await off_loop(context.audit.checkpoints)]

    @strawberry.field(description="The key that checks checkpoints and bundles (public).")
    async def audit_public_key(self, info: strawberry.Info) -> AuditPublicKey:
        published = (await off_loop(context_of(info).audit.signer)).published()
        return AuditPublicKey(**asdict(published))

    @strawberry.field(
        description="Every key of the checkpoint key succession, oldest first, with the"
        " checkpoint sizes each signs (public)."
    )
    async def audit_public_keys(self, info: strawberry.Info) -> list[AuditKeyTenure]:
        tenures = await off_loop(audit_keys.published_keys, context_of(info).audit)
        return [
            AuditKeyTenure(**asdict(t.key), from_tree_size=t.from_size, to_tree_size=t.to_size)
            for t in tenures
        ]


@strawberry.type
class AuditMutation:
    @strawberry.mutation(description="Sign the current tree and record the checkpoint.")
    async def record_checkpoint(self, info: strawberry.Info) -> AuditCheckpoint:
        context = context_of(info)
        signed = await off_loop(context.audit.checkpoint, context.account)
        return AuditCheckpoint.of(signed)
