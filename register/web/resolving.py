"""What mutation resolvers share: running a command with typed errors, dates, the public floor."""

from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager
from enum import Enum
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

import strawberry
from graphql import GraphQLError
from pydantic.alias_generators import to_camel

from domain.errors import DomainError
from register.civil_status.api_types import UserError
from register.civil_status.inputs import Command, parse
from register.errors import api_field, client_message
from register.services.inputs import AMOUNT
from register.unit_of_work import Unvalidated
from register.web.context import context_of, off_loop

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable

    from register.access import Account
    from register.unit_of_work import Given, Outcome

C = TypeVar("C", bound=Command)
PUBLIC_FLOOR_S = 0.1
"""Every public check takes at least this long: timing must not tell what exists."""


@strawberry.type
class Money:
    amount: str = strawberry.field(description=AMOUNT)
    currency: str = strawberry.field(description="ISO 4217.")


def user_errors(error: DomainError) -> list[UserError]:
    """A refusal as a payload's errors, in the API's words (one per field that failed)."""
    failures = getattr(error, "failures", [error])
    return [
        UserError(code=f.code, field=api_field(f.field), message=client_message(f))
        for f in failures
    ]


def refusal_error(error: DomainError) -> GraphQLError:
    """A refusal as a GraphQL error, in the API's words, for a query that has no payload."""
    return GraphQLError(
        client_message(error), extensions={"code": error.code, "field": api_field(error.field)}
    )


def _plain(value: Any) -> Any:
    """An input as the command models read it: camelCase keys, enum names, nested too."""
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, dict):
        return {to_camel(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


async def perform(
    info: strawberry.Info,
    handler: Callable[[Account, Given[C]], Outcome],
    command: type[C],
    given: Any,
) -> tuple[Outcome | None, list[UserError]]:
    """Run the mutation's command with its input as received; refusals become UserErrors.

    The command's unit of work authorises the operation the handler declares, then validates
    the input into `command` (register/unit_of_work.py): a caller who may not act learns
    nothing of the rules, and nothing here names the operation a second time.
    """
    context = context_of(info)
    try:
        data = _plain(strawberry.asdict(given))
        unvalidated = Unvalidated(partial(parse, command, data))
        outcome = await off_loop(handler, context.account, unvalidated)
    except DomainError as e:
        return None, user_errors(e)
    return outcome, []


@asynccontextmanager
async def public_floor(seconds: float = PUBLIC_FLOOR_S) -> AsyncIterator[None]:
    """Answer no sooner than `seconds` after entering, whatever the answer: found, not found,
    or refused (a malformed value too), so timing tells nothing of whether a key exists."""
    started = time.perf_counter()
    try:
        yield
    finally:
        await no_sooner_than(started, seconds)


async def no_sooner_than(started: float, seconds: float = PUBLIC_FLOOR_S) -> None:
    """Wait out the rest of `seconds` since `started` (time.perf_counter) off the thread pool."""
    await asyncio.sleep(max(0.0, seconds - (time.perf_counter() - started)))
