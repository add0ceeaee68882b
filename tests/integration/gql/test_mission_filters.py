"""A mission's lists by date range and status: the roll by registration date, activity by
recording date, the day's agenda by status and service, a page at a time."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from register.appointments import inputs as ai
from register.civil_status import inputs as c
from register.civil_status.inputs import parse
from register.web.context import Context
from register.web.schema import build_schema
from tests.factories import MONTREAL_CLERK, PARIS_CLERK, enroll
from tests.integration.appointment_desk import (
    BERLIN_CLERK,
    RELEASE_DAY,
    Desk,
    berlin,
    desk_for,
)

if TYPE_CHECKING:
    from pathlib import Path
    from uuid import UUID

    from register.access import Account
    from register.bootstrap import Container

SCHEMA = build_schema()
TOMORROW = date(2026, 5, 5)


def data(container: Container, query: str, account: Account, **variables: Any) -> dict[str, Any]:
    result = asyncio.run(
        SCHEMA.execute(query, variable_values=variables, context_value=Context(container, account))
    )
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data


ROLL = """
query Roll($from: Date, $to: Date, $after: String) {
  mission(code: "PAR") {
    roll(from: $from, to: $to, first: 1, after: $after) {
      totalCount
      nodes { familyName }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""


def enrolled(container: Container, account: Account, family_name: str, number: str) -> UUID:
    outcome = container.register.enroll_citizen(
        account, enroll(familyName=family_name, nationalId=number)
    )
    return outcome.result["citizenId"]  # type: ignore[no-any-return]


def test_the_roll_is_filtered_by_the_day_a_citizen_was_registered_at_the_mission(
    container: Container,
) -> None:
    enrolled(container, PARIS_CLERK, "Bennani", "BR100001")
    enrolled(container, PARIS_CLERK, "Alaoui", "BR100002")
    moved = enrolled(container, MONTREAL_CLERK, "Chraibi", "BR100003")
    container.register.transfer_registration(
        MONTREAL_CLERK,
        c.parse(
            c.TransferRegistration,
            {"citizenId": str(moved), "toMission": "PAR", "effectiveDate": date(2020, 6, 1)},
        ),
    )
    container.projector.catch_up()
    today = datetime.now(UTC).date()

    def roll(**filters: Any) -> dict[str, Any]:
        found: dict[str, Any] = data(container, ROLL, PARIS_CLERK, **filters)
        return found["mission"]["roll"]

    first = roll(**{"from": "2020-06-02"})
    second = roll(**{"from": "2020-06-02", "after": first["pageInfo"]["endCursor"]})
    assert [
        (p["totalCount"], p["nodes"], p["pageInfo"]["hasNextPage"]) for p in (first, second)
    ] == [
        (2, [{"familyName": "Alaoui"}], True),
        (2, [{"familyName": "Bennani"}], False),
    ]
    assert roll(to="2020-06-01")["nodes"] == [{"familyName": "Chraibi"}]
    assert roll(**{"from": "2020-06-01", "to": "2020-06-01"})["totalCount"] == 1
    assert roll(**{"from": today.isoformat()})["totalCount"] == 2
    assert roll()["totalCount"] == 3
    assert roll(to="9999-12-31")["totalCount"] == 3
    before = container.db.queries
    roll()
    plain = container.db.queries - before
    roll(**{"from": "2020-01-01", "to": today.isoformat()})
    assert container.db.queries - before == 2 * plain


ACTIVITY = """
query Activity($from: Date, $to: Date, $cross: Boolean!, $after: String) {
  mission(code: "PAR") {
    activity(from: $from, to: $to, crossMissionOnly: $cross, first: 1, after: $after) {
      nodes { type actor citizenRegisteredAt crossMission }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""


def test_activity_is_filtered_by_the_day_it_was_recorded(container: Container) -> None:
    enrolled(container, PARIS_CLERK, "Bennani", "BA100001")
    container.register.enroll_citizen(
        PARIS_CLERK, enroll(nationalId="BA100002", registeredMission="MTL")
    )
    container.projector.catch_up()
    today = datetime.now(UTC).date()
    day = timedelta(days=1)

    def activity(cross: bool = False, **filters: Any) -> dict[str, Any]:
        found: dict[str, Any] = data(container, ACTIVITY, PARIS_CLERK, cross=cross, **filters)
        return found["mission"]["activity"]

    newest = activity(**{"from": today.isoformat(), "to": today.isoformat()})
    older = activity(**{"from": today.isoformat(), "after": newest["pageInfo"]["endCursor"]})
    assert [(p["nodes"], p["pageInfo"]["hasNextPage"]) for p in (newest, older)] == [
        (
            [
                {
                    "type": "Enrolled",
                    "actor": "clerk-par",
                    "citizenRegisteredAt": "MTL",
                    "crossMission": True,
                }
            ],
            True,
        ),
        (
            [
                {
                    "type": "Enrolled",
                    "actor": "clerk-par",
                    "citizenRegisteredAt": "PAR",
                    "crossMission": False,
                }
            ],
            False,
        ),
    ]
    assert activity(to=(today - day).isoformat())["nodes"] == []
    assert activity(**{"from": (today + day).isoformat()})["nodes"] == []
    assert activity(cross=True, to=today.isoformat())["nodes"] == newest["nodes"]
    assert activity(to="9999-12-31")["nodes"] == newest["nodes"]


AGENDA = """
query Agenda($status: AppointmentStatus, $service: String, $after: String) {
  missionAgendaPage(
    mission: "ber", date: "2026-05-05", status: $status, service: $service, first: 1, after: $after
  ) {
    totalCount
    nodes { id status service }
    pageInfo { hasNextPage endCursor }
  }
}
"""


@pytest.fixture
def desk(container: Container, tmp_path: Path) -> Desk:
    """Berlin gives 8 PASSPORT appointments a day from 09:00, every 30 min, first come."""
    found = desk_for(container, tmp_path, berlin(RELEASE_DAY, 10, 5))
    found.schedule(8, service="PASSPORT", minutesPerAppointment=30)
    found.rules("FIRST_COME")
    return found


def test_the_days_agenda_is_paged_by_status_and_service(desk: Desk) -> None:
    booked = []
    for number in ("BG100001", "BG100002", "BG100003"):
        desk.citizen(number)
        booked.append(str(desk.book(number, day=TOMORROW).id))
    desk.clock.set(berlin(TOMORROW, 9, 5))
    desk.register.mark_attended(BERLIN_CLERK, parse(ai.MarkAttended, {"appointmentId": booked[0]}))

    def agenda(**filters: Any) -> dict[str, Any]:
        found: dict[str, Any] = data(desk.container, AGENDA, BERLIN_CLERK, **filters)
        return found["missionAgendaPage"]

    waiting = agenda(status="BOOKED")
    rest = agenda(status="BOOKED", after=waiting["pageInfo"]["endCursor"])
    assert [
        (p["totalCount"], p["nodes"], p["pageInfo"]["hasNextPage"]) for p in (waiting, rest)
    ] == [
        (2, [{"id": booked[1], "status": "BOOKED", "service": "PASSPORT"}], True),
        (2, [{"id": booked[2], "status": "BOOKED", "service": "PASSPORT"}], False),
    ]
    assert agenda(status="ATTENDED")["nodes"] == [
        {"id": booked[0], "status": "ATTENDED", "service": "PASSPORT"}
    ]
    assert agenda(service=" passport ")["totalCount"] == 3
    assert agenda(service="VISA") == {
        "totalCount": 0,
        "nodes": [],
        "pageInfo": {"hasNextPage": False, "endCursor": None},
    }
