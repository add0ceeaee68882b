"""Generated GraphQL requests against the live server: never a 5xx, never a traceback logged."""

from __future__ import annotations

from typing import TYPE_CHECKING

import schemathesis
from graphql import StringValueNode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

if TYPE_CHECKING:
    from schemathesis import Case

    from tests.e2e.deployment import Deployment

EXAMPLES_PER_FIELD = 8

schemathesis.graphql.scalar("Date", st.dates().map(lambda d: StringValueNode(value=d.isoformat())))
schemathesis.graphql.scalar(
    "DateTime",
    st.datetimes().map(lambda d: StringValueNode(value=d.isoformat() + "+00:00")),
)


def test_generated_requests_never_fail_the_server(live: Deployment) -> None:
    """Every root field, a few generated documents each, with an officer's token."""
    headers = {"Authorization": f"Bearer {live.token('salma')}"}
    schema = schemathesis.graphql.from_url(f"{live.base_url}/graphql", headers=headers)
    operations = [result.ok() for result in schema.get_all_operations()]
    sent: list[int] = []

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_FIELD,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def call(case: Case) -> None:
            response = case.call(headers=headers)
            sent.append(response.status_code)
            assert response.status_code < 500, (case.body, response.text)

        call()

    assert len(operations) >= 40
    assert len(sent) >= 300
    assert "Traceback" not in live.server.stderr()
