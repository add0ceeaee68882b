"""The consular guide in GraphQL: `services(lang, mission, asOf)` and the admins' edits."""

from __future__ import annotations

from datetime import date  # noqa: TC003  # strawberry reads resolver annotations at runtime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from domain.services.catalogue import localised
from register.access import authorize
from register.civil_status.api_types import UserError
from register.errors import InvalidInput
from register.services import inputs as sc
from register.services.operations import ServicesOperation
from register.web.context import context_of, off_loop
from register.web.input_types import input_of
from register.web.pagination import Connection, page_of
from register.web.resolving import Money, perform
from register.web.scalars import read_date

if TYPE_CHECKING:
    from collections.abc import Callable

    from domain.services.catalogue import ConsularService as ServiceRecord
    from register.access import Account
    from register.unit_of_work import Outcome


@strawberry.enum
class Channel(Enum):
    COUNTER = "COUNTER"
    POST = "POST"
    ONLINE = "ONLINE"


@strawberry.type
class ConsularService:
    """One service of the guide, in the language asked for (else French, English, Arabic)."""

    code: str
    language: str = strawberry.field(description="The language the name is given in.")
    name: str
    description: str
    required_documents: list[str]
    processing_days: int
    channels: list[Channel]  # the model reads the enum's names
    fee: Money | None = strawberry.field(
        description="The fee at the mission asked for; null where the service is not offered."
    )

    @classmethod
    def from_record(cls, s: ServiceRecord, *, lang: str | None, mission: str) -> ConsularService:
        name, language = localised(s.names, lang)
        fee = s.fees.get(mission)
        return cls(
            code=s.code,
            language=language,
            name=name,
            description=localised(s.descriptions, lang)[0],
            required_documents=[localised(d, lang)[0] for d in s.required_documents],
            processing_days=s.processing_days,
            channels=[Channel(c) for c in s.channels],
            fee=None if fee is None else Money(amount=str(fee.amount), currency=fee.currency),
        )


LANG = strawberry.argument(description="ISO 639-1; a missing text falls back to fr, en, ar.")
MISSION = strawberry.argument(
    description="Mission code for the fees; defaults to the caller's (required without a token)."
)
AS_OF = strawberry.argument(description="The guide as it stood at the end of that day (UTC).")


@strawberry.type
class GuideQuery:
    @strawberry.field(description="The consular guide: every current service, fees at a mission.")
    async def services(
        self,
        info: strawberry.Info,
        lang: Annotated[str | None, LANG] = None,
        mission: Annotated[str | None, MISSION] = None,
        as_of: Annotated[date | None, AS_OF] = None,
    ) -> list[ConsularService]:
        day = None if as_of is None else read_date(as_of, "asOf")
        return await _services(info, lang, mission, day)

    @strawberry.field(
        description="`services`, a page at a time; `channel`: those offered through it."
    )
    async def services_page(  # the guide's arguments, a filter and paging
        self,
        info: strawberry.Info,
        lang: Annotated[str | None, LANG] = None,
        mission: Annotated[str | None, MISSION] = None,
        as_of: Annotated[date | None, AS_OF] = None,
        channel: Channel | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[ConsularService]:
        account = context_of(info).caller
        if account is not None:  # public: anyone may read the guide without a token
            authorize(account, ServicesOperation.SERVICES_PAGE)
        day = None if as_of is None else read_date(as_of, "asOf")
        found = await _services(info, lang, mission, day)
        return page_of([s for s in found if channel is None or channel in s.channels], first, after)


async def _services(
    info: strawberry.Info, lang: str | None, mission: str | None, as_of: date | None
) -> list[ConsularService]:
    context = context_of(info)
    register = context.register
    account = context.caller
    if mission is None:
        if account is None:
            msg = "mission is required without a token (whose fees to show)"
            raise InvalidInput(msg, field="mission", code="REQUIRED")
        mission = account.mission
    # A refusal (unknown mission) becomes a typed GraphQL error in register/web/schema.py.
    code = register.store.missions.get(mission.strip().upper()).code
    services = await off_loop(register.services.guide, account, as_of=as_of)
    language = lang.strip().lower() if lang else None
    return [ConsularService.from_record(s, lang=language, mission=code) for s in services]


@input_of(sc.LocalisedText)
class LocalisedTextInput:
    pass


@input_of(sc.RequiredDocument)
class RequiredDocumentInput:
    pass


@input_of(sc.MissionFee)
class MissionFeeInput:
    pass


@input_of(sc.DefineService)
class DefineServiceInput:
    required_documents: list[RequiredDocumentInput]  # the API has no default
    channels: list[Channel]  # the model reads the enum's names


@input_of(sc.RenameService)
class RenameServiceInput:
    pass


@input_of(sc.SetServiceFee)
class SetServiceFeeInput:
    pass


@input_of(sc.RetireService)
class RetireServiceInput:
    pass


@strawberry.type
class ServicePayload:
    service: ConsularService | None = strawberry.field(
        description="The service as now in the guide, in French, with the fee at your mission."
    )
    position: int | None
    errors: list[UserError]


async def _payload(
    info: strawberry.Info, handler: Callable[[Account, Any], Outcome], command: Any, given: Any
) -> ServicePayload:
    outcome, errors = await perform(info, handler, command, given)
    if outcome is None:
        return ServicePayload(service=None, position=None, errors=errors)
    context = context_of(info)
    record = await off_loop(
        context.register.services.consular_service, outcome.result["serviceCode"]
    )
    service = ConsularService.from_record(record, lang=None, mission=context.account.mission)
    return ServicePayload(service=service, position=outcome.position, errors=[])


@strawberry.type
class GuideMutation:
    @strawberry.mutation(description="Add a service to the guide (admins).")
    async def define_service(
        self,
        info: strawberry.Info,
        input: DefineServiceInput,  # noqa: A002  # GraphQL's name
    ) -> ServicePayload:
        reg = context_of(info).register
        return await _payload(info, reg.services.define_service, sc.DefineService, input)

    @strawberry.mutation(description="Change names or descriptions, per language (admins).")
    async def rename_service(
        self,
        info: strawberry.Info,
        input: RenameServiceInput,  # noqa: A002
    ) -> ServicePayload:
        reg = context_of(info).register
        return await _payload(info, reg.services.rename_service, sc.RenameService, input)

    @strawberry.mutation(description="Set the fee at one mission (admins).")
    async def set_service_fee(
        self,
        info: strawberry.Info,
        input: SetServiceFeeInput,  # noqa: A002
    ) -> ServicePayload:
        reg = context_of(info).register
        return await _payload(info, reg.services.set_service_fee, sc.SetServiceFee, input)

    @strawberry.mutation(
        description="Withdraw a service from the guide; history keeps it (admins)."
    )
    async def retire_service(
        self,
        info: strawberry.Info,
        input: RetireServiceInput,  # noqa: A002
    ) -> ServicePayload:
        reg = context_of(info).register
        return await _payload(info, reg.services.retire_service, sc.RetireService, input)
