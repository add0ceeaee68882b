"""A page of citizens with their documents and missions costs the same few queries at any size."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any
from uuid import UUID

from register.web.context import Context
from register.web.schema import build_schema
from tests.factories import AUDITOR, PARIS_CLERK, enroll
from tests.integration.test_documents import apply_for

if TYPE_CHECKING:
    from register.bootstrap import Container

PAGE = """
query Page($first: Int!) {
  searchCitizens(query: "Youssef El Amrani", first: $first) {
    nodes { id registeredMission { code city } documents { kind status } }
    pageInfo { hasNextPage }
  }
}
"""


def run_page(container: Container, first: int) -> tuple[dict[str, Any], int]:
    """The page's data and how many read-model queries it took."""
    schema = build_schema()
    before = container.db.queries
    result = asyncio.run(
        schema.execute(
            PAGE, variable_values={"first": first}, context_value=Context(container, AUDITOR)
        )
    )
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data, container.db.queries - before


def test_a_page_of_100_citizens_with_documents_and_missions_takes_a_bounded_number_of_queries(
    container: Container,
) -> None:
    register = container.register
    for i in range(100):
        citizen = UUID(
            register.enroll_citizen(PARIS_CLERK, enroll(nationalId=f"NP{i:06d}")).result[
                "citizenId"
            ]
        )
        if i % 2 == 0:
            apply_for(register, citizen)
    container.projector.catch_up()

    small, small_queries = run_page(container, 10)
    large, large_queries = run_page(container, 100)

    nodes = large["searchCitizens"]["nodes"]
    assert len(nodes) == 100
    assert {n["registeredMission"]["code"] for n in nodes} == {"PAR"}
    assert sorted(len(n["documents"]) for n in nodes) == [0] * 50 + [1] * 50
    assert {d["status"] for n in nodes for d in n["documents"]} == {"APPLIED"}
    assert len(small["searchCitizens"]["nodes"]) == 10
    assert large_queries == small_queries
    assert large_queries <= 5
