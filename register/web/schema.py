"""The GraphQL schema: per-feature query and mutation types merged at the root."""

from __future__ import annotations

import re
from datetime import date, datetime  # noqa: TC003  # strawberry reads resolver annotations
from typing import TYPE_CHECKING

import strawberry
import structlog
from graphql import ASTValidationRule, GraphQLError, ValidationContext, ValidationRule
from strawberry.extensions import (
    AddValidationRules,
    DisableIntrospection,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig

from domain.errors import CitizenNotFound, DomainError
from register.appointments.api_booking import BookingMutation, BookingQuery
from register.appointments.api_counter import CounterMutation, CounterQuery
from register.audit.api import AuditMutation, AuditQuery, citizen_in_time
from register.audit.api_access_log import AccessLogQuery
from register.casework.api import CaseMutation, CaseQuery
from register.civil_status.api import CivilStatusMutation
from register.civil_status.api_mission import Mission
from register.civil_status.api_search import SearchQuery
from register.civil_status.api_types import Citizen
from register.civil_status.inputs import national_id_number
from register.documents.api import DocumentMutation, DocumentQuery
from register.errors import InvalidInput, api_field, client_message
from register.services.api_guide import GuideMutation, GuideQuery
from register.services.api_legalisation import LegalisationMutation, LegalisationQuery
from register.services.api_requests import ServiceRequestMutation, ServiceRequestQuery
from register.store.outage import StorageUnavailable, is_outage
from register.views.api_status import ProjectionQuery, see_at_least
from register.web.context import context_of, off_loop
from register.web.refusals import domain_refusal, field_of, refusal_extensions
from register.web.scalars import SCALARS, register_id

if TYPE_CHECKING:
    from collections.abc import Callable

    from graphql import DocumentNode
    from strawberry.types import ExecutionContext

log = structlog.get_logger(__name__)
MAX_DEPTH = 12
MAX_TOKENS = 2000
MAX_ALIASES = 15
DOCUMENT_CACHE = 512
"""Distinct operation texts whose parse and validation are kept (a bounded LRU each)."""
_DEPTH_RULE = QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules[0]


class DepthLimit(ValidationRule):
    """The depth limit; an empty selection set (`{ }`, which graphql-core 3.3 parses and the
    limiter's depth walk cannot measure) is refused as malformed instead of failing."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        try:
            _DEPTH_RULE(context)  # measures the operations and reports to the same context
        except ValueError:
            self.report_error(GraphQLError("Syntax Error: a selection set may not be empty."))


LIMIT_RULES: list[type[ASTValidationRule]] = [
    DepthLimit,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
]
"""The depth and alias limits as validation rules, made once: the validation cache is keyed by
the rules too, and the limiters would make new rule classes for every request."""


@strawberry.type
class Account:
    name: str
    role: str
    mission: str


@strawberry.type
class Query(
    SearchQuery,
    AccessLogQuery,
    ProjectionQuery,
    DocumentQuery,
    GuideQuery,
    ServiceRequestQuery,
    LegalisationQuery,
    CaseQuery,
    BookingQuery,
    CounterQuery,
    AuditQuery,
):
    @strawberry.field(
        description="One citizen by register id or national ID number; `asOf` gives the record"
        " as the register held it at that instant, `effectiveOn` what was true on that date"
        " with every correction known now."
    )
    async def citizen(
        self,
        info: strawberry.Info,
        id: strawberry.ID | None = None,  # noqa: A002  # GraphQL's name
        national_id: str | None = None,
        as_of: datetime | None = None,
        effective_on: date | None = None,
    ) -> Citizen | None:
        context = context_of(info)
        register = context.register
        if (id is None) == (national_id is None):
            msg = "give exactly one of id and nationalId"
            raise InvalidInput(msg, field="id", code="INVALID_CHOICE")
        if id is not None:
            citizen_id = register_id(id)
        else:
            try:
                number = national_id_number(str(national_id))
            except ValueError:
                return None
            found = await off_loop(register.store.citizen_id_for_national_id, number)
            if found is None:
                return None
            citizen_id = found
        if as_of is not None or effective_on is not None:
            try:
                return await citizen_in_time(info, citizen_id, as_of, effective_on)
            except CitizenNotFound:
                return None
        try:
            record = await off_loop(register.civil_status.citizen, context.account, citizen_id)
        except CitizenNotFound:
            return None
        return Citizen.from_record(record)

    @strawberry.field(description="One mission, with its roll, activity and statistics.")
    async def mission(
        self, info: strawberry.Info, code: str, min_position: int | None = None
    ) -> Mission | None:
        await see_at_least(info, min_position)
        found = context_of(info).register.store.missions.find(code.strip().upper())
        return None if found is None else Mission.from_record(found)

    @strawberry.field(description="Every mission, by code.")
    def missions(self, info: strawberry.Info) -> list[Mission]:
        return [Mission.from_record(m) for m in context_of(info).register.store.missions.all()]

    @strawberry.field(description="The account the bearer token belongs to.")
    def me(self, info: strawberry.Info) -> Account:
        account = context_of(info).account
        return Account(name=account.name, role=account.role.value, mission=account.mission)


@strawberry.type
class Mutation(
    CivilStatusMutation,
    DocumentMutation,
    GuideMutation,
    ServiceRequestMutation,
    LegalisationMutation,
    CaseMutation,
    BookingMutation,
    CounterMutation,
    AuditMutation,
):
    pass


INTERNAL = "INTERNAL"
"""A failure of ours, not of the request: logged with its traceback, told to the client masked."""
UNAVAILABLE = StorageUnavailable.code


def _outage(error: GraphQLError) -> bool:
    return error.original_error is not None and is_outage(error.original_error)


def _unexpected(error: GraphQLError) -> bool:
    # Our own GraphQLErrors, domain refusals and outages are meant for clients; the rest hidden.
    return (
        error.original_error is not None
        and not isinstance(error.original_error, GraphQLError | DomainError)
        and not _outage(error)
    )


class ClientErrors(MaskErrors):
    """Domain refusals raised in queries become errors with `extensions { code field }`, an
    outage `UNAVAILABLE`; unexpected failures are masked as `INTERNAL`."""

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        document = self.execution_context.graphql_document
        return super()._process_errors([_with_code(e, document) for e in errors])

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        masked.extensions = {"code": INTERNAL, "field": None}
        return masked


def client_errors() -> ClientErrors:
    """The extension that types and masks the errors a client receives."""
    return ClientErrors(should_mask_error=_unexpected)


def _with_code(error: GraphQLError, document: DocumentNode | None) -> GraphQLError:
    if _outage(error):
        return GraphQLError(
            str(StorageUnavailable()),
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": UNAVAILABLE, "field": None},
        )
    refusal = domain_refusal(error)
    if refusal is None:
        return error
    return GraphQLError(
        client_message(refusal),
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={
            "code": refusal.code,
            "field": api_field(refusal.field) or field_of(error, document),
        },
    )


SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")
"""GraphQL's hint at names the schema holds: in production it would tell what introspection
no longer does."""


class Schema(strawberry.Schema):
    """strawberry's schema, logging errors without their messages, which may quote input, and
    giving GraphQL's own refusals (a required input left out, a value of the wrong type) the
    same `extensions { code field }` as the register's; `hide_suggestions` drops GraphQL's
    "Did you mean …?" from them (production)."""

    hide_suggestions = False

    def process_errors(
        self,
        errors: list[GraphQLError],
        execution_context: ExecutionContext | None = None,
    ) -> None:
        document = execution_context.graphql_document if execution_context else None
        for error in errors:
            original = error.original_error
            if _outage(error):
                log.warning("graphql.unavailable", path=error.path)
                continue
            if _unexpected(error):
                log.error("graphql.unexpected", path=error.path, exc_info=original)
                continue
            if not error.extensions and domain_refusal(error) is None:
                error.extensions = refusal_extensions(error, document)
            if self.hide_suggestions:
                error.message = SUGGESTION.sub("", error.message)
            log.info("graphql.refused", path=error.path)
            log.debug("graphql.refused.detail", message=error.message)


def build_schema(*, production: bool = False) -> strawberry.Schema:
    """The schema with its limits; production also turns introspection and name hints off."""
    # Factories, not instances: each request gets fresh extensions (some keep per-request state).
    extensions: list[Callable[[], SchemaExtension] | type[SchemaExtension]] = [
        lambda: AddValidationRules(LIMIT_RULES),
        lambda: MaxTokensLimiter(max_token_count=MAX_TOKENS),
        client_errors,
        # A client sends the same few operations again and again: parsing and validating them
        # was a third of a lookup's CPU (py-spy); bounded caches, keyed by the text and rules.
        lambda: ParserCache(maxsize=DOCUMENT_CACHE),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE),
    ]
    if production:
        extensions.append(DisableIntrospection)
    schema = Schema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(scalar_map=SCALARS),
        extensions=extensions,
    )
    schema.hide_suggestions = production
    return schema


def export_sdl() -> str:
    """The schema as SDL, as committed in graphql/schema.graphql."""
    return build_schema().as_str() + "\n"
