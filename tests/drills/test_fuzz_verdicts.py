"""The fuzz drill drops `not_a_server_error`'s report of a typed refusal, and nothing else."""

from __future__ import annotations

from schemathesis.core.failures import ServerError
from schemathesis.graphql.checks import GraphQLServerError

from bench.drills.fuzz import typed_refusal

REFUSED = {"message": "no such mission", "path": ["mission"],
           "extensions": {"code": "UNKNOWN_MISSION", "field": "code"}}  # fmt: skip
MASKED = {"message": "Unexpected error.", "path": ["citizen"]}


def reported(*errors: dict[str, object]) -> GraphQLServerError:
    return GraphQLServerError(operation="Query.x", message="m", errors=list(errors))  # type: ignore[arg-type]


def test_an_answer_whose_every_error_carries_a_code_is_a_typed_refusal() -> None:
    assert typed_refusal(reported(REFUSED, REFUSED)) is True


def test_an_error_without_a_code_beside_refusals_is_still_a_server_error() -> None:
    assert typed_refusal(reported(MASKED)) is False
    assert typed_refusal(reported(REFUSED, MASKED)) is False


def test_a_5xx_is_never_a_typed_refusal() -> None:
    assert typed_refusal(ServerError(operation="Query.x", status_code=500)) is False
