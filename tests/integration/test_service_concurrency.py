"""Completing and withdrawing one request at the same instant: one wins, the other is told."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from domain.errors import DomainError
from domain.services.request_status import RequestStatus
from register.access import Account, Role
from register.services.guide_seed import seed_guide
from tests.consular_inputs import citizen, step, submit
from tests.integration.test_concurrency import race

if TYPE_CHECKING:
    from register.bootstrap import Container

STEPS = ("complete_service_request", "withdraw_service_request")


def test_completion_and_withdrawal_at_once_leave_one_outcome_and_a_conflict(
    container: Container,
) -> None:
    register = container.register
    seed_guide(register)
    request_id = submit(register, citizen(register), service="CIVIL_STATUS_EXTRACT").result[
        "serviceRequestId"
    ]
    # Both clerks read the request before acting, and say which version they read.
    read = register.load_service_request(UUID(request_id)).version
    clerks = [Account(name=f"clerk-{i}", role=Role.CLERK, mission="PAR") for i in range(2)]

    outcomes = race(
        2, lambda i: step(register, STEPS[i], request_id, clerks[i], expectedVersion=read)
    )

    [winner] = [i for i, o in enumerate(outcomes) if not isinstance(o, DomainError)]
    loser = outcomes[1 - winner]
    assert isinstance(loser, DomainError)
    assert loser.code == "CONFLICT"
    request = register.load_service_request(UUID(request_id))
    assert request.version == read + 1
    assert request.status == (RequestStatus.COMPLETED, RequestStatus.WITHDRAWN)[winner]
