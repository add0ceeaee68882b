"""Concurrent writers on a real store: exactly one wins, the others are told, nothing is lost."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from domain.errors import DomainError, NationalIdTaken
from register.access import Account, Role
from register.civil_status import inputs as c
from register.errors import Conflict
from tests.factories import PARIS_CLERK, enroll, enroll_woman

if TYPE_CHECKING:
    from collections.abc import Callable

    from register.bootstrap import Container

CLERKS = 6


def race(n: int, attempt: Callable[[int], object]) -> list[object]:
    """Run `attempt(i)` in n threads released together; return each outcome or error."""
    start = threading.Barrier(n)

    def run(i: int) -> object:
        start.wait()
        try:
            return attempt(i)
        except DomainError as e:
            return e

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def test_clerks_marrying_one_woman_at_once_leave_exactly_one_marriage(
    container: Container,
) -> None:
    register = container.register
    wife = UUID(register.enroll_citizen(PARIS_CLERK, enroll_woman()).result["citizenId"])
    men = [
        UUID(
            register.enroll_citizen(PARIS_CLERK, enroll(givenName=f"Man{chr(65 + i)}")).result[
                "citizenId"
            ]
        )
        for i in range(CLERKS)
    ]

    def marry(i: int) -> object:
        clerk = Account(name=f"clerk-{i}", role=Role.CLERK, mission="PAR")
        return register.record_marriage(
            clerk,
            c.parse(
                c.RecordMarriage,
                {
                    "citizenId": str(men[i]),
                    "spouseId": str(wife),
                    "effectiveDate": date(2015, 1, 1),
                    "place": "Paris",
                },
            ),
        )

    outcomes = race(CLERKS, marry)

    winners = [o for o in outcomes if not isinstance(o, DomainError)]
    losers = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(winners) == 1
    assert {e.code for e in losers} <= {"CONFLICT", "CONCURRENT_MARRIAGE_NOT_PERMITTED"}
    assert len(register.citizen(PARIS_CLERK, wife).marriages) == 1
    married_men = [m for m in men if register.citizen(PARIS_CLERK, m).marriages]
    assert len(married_men) == 1


def test_two_enrolments_of_one_national_id_at_once_record_one_citizen(
    container: Container,
) -> None:
    register = container.register

    outcomes = race(
        2,
        lambda i: register.enroll_citizen(
            PARIS_CLERK, enroll(nationalId="BK555555", givenName=("Ali", "Omar")[i])
        ),
    )

    assert sum(not isinstance(o, DomainError) for o in outcomes) == 1
    assert all(
        isinstance(o, (Conflict, NationalIdTaken)) for o in outcomes if isinstance(o, DomainError)
    )
    assert register.citizen_id_for_national_id("BK555555") is not None
