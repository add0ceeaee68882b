"""schemathesis against the live GraphQL endpoint: thousands of generated requests, never a 5xx.

Builds on tests/e2e/test_fuzz_graphql.py: every root field of the schema served by a real
`sijill serve` (on a throwaway PostgreSQL) gets generated documents, sent with an officer's
token and validated by schemathesis's own checks. One of them is judged precisely rather than
switched off: `not_a_server_error` also reports a GraphQL error with `data: null` as a "server
error", which is how the register answers a typed refusal (`extensions { code field }`, e.g.
FORBIDDEN or NOT_FOUND). Such a report is dropped only when every error in the answer carries a
code; a masked unexpected failure (no code) and every other check's failure still count.
"""

from __future__ import annotations

import math
import sys
from typing import TYPE_CHECKING, Any

import schemathesis
from graphql import StringValueNode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.result import Err
from schemathesis.graphql.checks import GraphQLServerError

from bench.drills.cluster import Cluster
from bench.drills.common import Report, Server, Workdir

if TYPE_CHECKING:
    from schemathesis import APIOperation, Case

    from bench.drills.common import Size

    GraphQLCase = Case[APIOperation[Any, Any, Any, Any]]
    """A generated request: schemathesis's GraphQL schema yields its operations unparametrised."""

SIZES: dict[Size, int] = {"small": 300, "full": 5000}
"""Generated requests, spread evenly over the root fields."""

schemathesis.graphql.scalar("Date", st.dates().map(lambda d: StringValueNode(value=d.isoformat())))
schemathesis.graphql.scalar(
    "DateTime",
    st.datetimes().map(lambda d: StringValueNode(value=d.isoformat() + "+00:00")),
)


def typed_refusal(failure: Failure) -> bool:
    """A `not_a_server_error` report whose every GraphQL error is a typed refusal (a code)."""
    if not isinstance(failure, GraphQLServerError):
        return False
    return all((e.get("extensions") or {}).get("code") for e in failure.errors)


def failures_of(error: BaseException) -> list[Failure]:
    if isinstance(error, FailureGroup):
        return [f for e in error.exceptions for f in failures_of(e)]
    return [error] if isinstance(error, Failure) else []


class Tally:
    """Statuses seen, real failures by kind (with a few samples), typed refusals dropped."""

    def __init__(self) -> None:
        self.statuses: dict[int, int] = {}
        self.failures: dict[str, int] = {}
        self.samples: list[str] = []
        self.typed_refusals = 0

    def call(self, case: GraphQLCase, headers: dict[str, str]) -> None:
        response = case.call(headers=headers)
        self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
        try:
            case.validate_response(response, headers=headers)
        except (AssertionError, FailureGroup) as error:  # a Failure, or a group of them
            found = failures_of(error)
            if not found:
                raise
            for failure in found:
                if typed_refusal(failure):
                    self.typed_refusals += 1
                    continue
                kind = type(failure).__name__
                self.failures[kind] = self.failures.get(kind, 0) + 1
                if len(self.samples) < 5:
                    self.samples.append(f"{kind}: {str(failure)[:300]} body={case.body!r:.300}")

    @property
    def sent(self) -> int:
        return sum(self.statuses.values())


def fuzz(base_url: str, token: str, cases: int) -> tuple[Tally, int]:
    headers = {"Authorization": f"Bearer {token}"}
    schema = schemathesis.graphql.from_url(f"{base_url}/graphql", headers=headers)
    operations = []
    for result in schema.get_all_operations():
        if isinstance(result, Err):
            raise result.err()
        operations.append(result.ok())
    tally = Tally()
    # A field with few arguments runs out of distinct documents before its share: 10% more each.
    per_field = math.ceil(cases * 1.1 / len(operations))
    for n, operation in enumerate(operations, 1):

        @given(case=operation.as_strategy())
        @settings(max_examples=per_field, deadline=None, suppress_health_check=list(HealthCheck),
                  derandomize=True, database=None)  # fmt: skip
        def call(case: GraphQLCase) -> None:
            tally.call(case, headers)

        call()
        if n % 20 == 0:
            print(f"{n}/{len(operations)} fields, {tally.sent} requests", file=sys.stderr,
                  flush=True)  # fmt: skip
    return tally, len(operations)


def run(size: Size) -> Report:
    report = Report("fuzz", size)
    work, cluster = Workdir("fuzz"), Cluster()
    server = None
    try:
        cluster.start()
        url = cluster.database("sijill_fuzz")
        if (done := work.sijill(url, "migrate")).returncode != 0:
            raise RuntimeError(done.stderr[-1000:])
        token = work.token(url, mission="DXB", role="officer")
        server = Server(work, url, "--project")
        server.wait_ready()
        tally, fields = fuzz(server.base_url, token, SIZES[size])
        log = server.log()
        server_errors = sum(n for status, n in tally.statuses.items() if status >= 500)
        figures: dict[str, Any] = {
            "root_fields": fields,
            "requests": tally.sent,
            "by_status": {str(k): v for k, v in sorted(tally.statuses.items())},
            "http_5xx": server_errors,
            "failures_by_kind": tally.failures,
            "typed_refusals_not_counted": tally.typed_refusals,
            "unexpected_errors_logged": log.count("graphql.unexpected"),
        }
        report.figures.update(figures)
        report.check(tally.sent >= SIZES[size], f"≥ {SIZES[size]:,} generated requests sent")
        report.check(server_errors == 0, "no 5xx answer")
        report.check(not tally.failures, "no schemathesis check fails (typed refusals judged)",
                     "; ".join(tally.samples))  # fmt: skip
        report.check("graphql.unexpected" not in log, "no unexpected error masked as a refusal")
        report.check("Traceback" not in log, "the server logged no traceback", log[-1500:])
        report.check(server.running(), "the server is still running")
    finally:
        if server is not None:
            server.stop()
        cluster.stop()
    return report
