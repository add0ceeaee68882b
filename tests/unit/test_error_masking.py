"""A failure of ours reaches the client as a typed, masked `INTERNAL` error and is logged with its
traceback; an outage reaches it as `UNAVAILABLE` and is not taken for a bug."""

from __future__ import annotations

import strawberry
from structlog.testing import capture_logs

from register.store.outage import StorageUnavailable
from register.web.schema import INTERNAL, Schema, client_errors


@strawberry.type
class Query:
    @strawberry.field
    def broken(self) -> str:
        msg = "a bug of ours, quoting Amina Idrissi"
        raise RuntimeError(msg)

    @strawberry.field
    def outage(self) -> str:
        raise StorageUnavailable


SCHEMA = Schema(query=Query, extensions=[client_errors])


def test_a_failure_of_ours_is_masked_typed_internal_and_logged_with_its_traceback() -> None:
    with capture_logs() as logged:
        result = SCHEMA.execute_sync("{ broken }")

    assert result.data is None
    assert [(e.message, e.extensions) for e in result.errors or []] == [
        ("Unexpected error.", {"code": INTERNAL, "field": None})
    ]
    errors = [e for e in logged if e["event"] == "graphql.unexpected"]
    assert [e["log_level"] for e in errors] == ["error"]
    assert isinstance(errors[0]["exc_info"], RuntimeError)


def test_an_outage_is_unavailable_and_not_logged_as_a_failure_of_ours() -> None:
    with capture_logs() as logged:
        result = SCHEMA.execute_sync("{ outage }")

    assert result.data is None
    assert [(e.message, e.extensions) for e in result.errors or []] == [
        (str(StorageUnavailable()), {"code": "UNAVAILABLE", "field": None})
    ]
    assert [e["event"] for e in logged] == ["graphql.unavailable"]
