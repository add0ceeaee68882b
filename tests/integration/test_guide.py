"""The consular guide on a real store: seeded as events, edited by admins, read as of a date."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from domain.errors import DomainError, GuideRuleViolated
from domain.services.catalogue import Fee
from register.civil_status import inputs as c
from register.errors import Forbidden
from register.services import inputs as sc
from register.services.guide_data import SERVICES
from register.services.guide_seed import seed_guide
from tests.consular_inputs import AUDITOR, PARIS_ADMIN, PARIS_OFFICER
from tests.factories import PARIS_CLERK

if TYPE_CHECKING:
    from register.application import Register
    from register.bootstrap import Container


def events_in(register: Register) -> int:
    return register.recorder.max_notification_id() or 0


def set_fee(register: Register, amount: str, mission: str = "PAR", currency: str = "EUR") -> None:
    register.set_service_fee(
        PARIS_ADMIN,
        c.parse(
            sc.SetServiceFee,
            {
                "serviceCode": "LEGALISATION",
                "mission": mission,
                "amount": amount,
                "currency": currency,
            },
        ),
    )


def test_the_starter_guide_is_seeded_once_with_a_local_fee_at_every_mission(
    container: Container,
) -> None:
    register = container.register

    assert seed_guide(register) == len(SERVICES)
    before = events_in(register)
    assert seed_guide(register) == 0

    assert events_in(register) == before
    guide = register.guide(AUDITOR)
    assert [s.code for s in guide] == [s["code"] for s in SERVICES]
    legalisation = next(s for s in guide if s.code == "LEGALISATION")
    assert legalisation.fees["PAR"] == Fee(Decimal(10), "EUR")
    assert legalisation.fees["LON"] == Fee(Decimal(8), "GBP")
    assert legalisation.fees["DXB"] == Fee(Decimal(40), "AED")
    assert set(legalisation.fees) == {m.code for m in register.missions.all()}
    assert {"ar", "fr", "en"} <= set(legalisation.names)
    [defined, *_] = register.events.get(legalisation.id)
    assert (defined.actor, defined.mission) == ("guide-loader", "RBA")


def test_the_guide_as_it_stood_before_a_change_shows_the_old_fee(container: Container) -> None:
    register = container.register
    seed_guide(register)
    before_change = datetime.now(UTC)

    set_fee(register, "12.50")
    register.retire_service(
        PARIS_ADMIN,
        c.parse(sc.RetireService, {"serviceCode": "LIFE_CERTIFICATE", "reason": "now online"}),
    )

    then = {s.code: s for s in register.guide_at(AUDITOR, before_change)}
    now = {s.code: s for s in register.guide(AUDITOR)}
    assert then["LEGALISATION"].fees["PAR"] == Fee(Decimal(10), "EUR")
    assert now["LEGALISATION"].fees["PAR"] == Fee(Decimal("12.50"), "EUR")
    assert "LIFE_CERTIFICATE" in then
    assert "LIFE_CERTIFICATE" not in now
    yesterday = register.today() - timedelta(days=1)
    assert register.guide(AUDITOR, as_of=yesterday) == []
    assert [s.code for s in register.guide(AUDITOR, as_of=register.today())] == list(now)


def test_only_admins_edit_the_guide_and_a_refusal_writes_nothing(container: Container) -> None:
    register = container.register
    seed_guide(register)
    before = events_in(register)

    for account in (PARIS_CLERK, PARIS_OFFICER, AUDITOR):
        with pytest.raises(Forbidden):
            register.set_service_fee(
                account,
                c.parse(
                    sc.SetServiceFee,
                    {
                        "serviceCode": "LEGALISATION",
                        "mission": "PAR",
                        "amount": 1,
                        "currency": "EUR",
                    },
                ),
            )

    assert events_in(register) == before


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"serviceCode": "NO_SUCH_SERVICE"}, "UNKNOWN_SERVICE", "service_code"),
        ({"mission": "ZZZ"}, "UNKNOWN_MISSION", "mission"),
        ({"currency": "EURO"}, "UNKNOWN_CURRENCY", "currency"),
        ({"amount": "-1"}, "OUT_OF_RANGE", "amount"),
        ({"amount": "ten"}, "INVALID_FORMAT", "amount"),
        ({"amount": "10.0001"}, "INVALID_FORMAT", "amount"),
        ({"amount": "10"}, "NO_CHANGE", "amount"),
    ],
)
def test_a_bad_fee_is_refused_naming_the_field_and_writes_nothing(
    container: Container, fields: dict[str, object], code: str, field: str
) -> None:
    register = container.register
    seed_guide(register)
    before = events_in(register)
    data = {"serviceCode": "LEGALISATION", "mission": "PAR", "amount": "10", "currency": "EUR"}

    with pytest.raises(DomainError) as refused:
        register.set_service_fee(PARIS_ADMIN, c.parse(sc.SetServiceFee, {**data, **fields}))

    assert (refused.value.code, refused.value.field) == (code, field)
    assert events_in(register) == before


def test_a_service_code_is_defined_once(container: Container) -> None:
    register = container.register
    seed_guide(register)
    entry = {k: v for k, v in SERVICES[0].items() if k != "fee"}

    with pytest.raises(GuideRuleViolated) as refused:
        register.define_service(PARIS_ADMIN, c.parse(sc.DefineService, entry))

    assert (refused.value.code, refused.value.field) == ("SERVICE_EXISTS", "code")
