"""Loads the starter guide (`guide_data.py`) as events; services already defined stay."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from domain.errors import GuideRuleViolated
from register.access import Account, Role
from register.civil_status.inputs import parse
from register.services.guide_data import CURRENCY_OF_COUNTRY, RATES, SERVICES
from register.services.inputs import DefineService

if TYPE_CHECKING:
    from register.application import Register

GUIDE_LOADER = Account(name="guide-loader", role=Role.ADMIN, mission="RBA")
"""The account recorded on the starter guide's events: the ministry in Rabat edits the guide."""


def local_fee(reference_eur: Decimal, country: str) -> tuple[Decimal, str]:
    """The reference fee in the host country's currency (whole units; EUR if unlisted)."""
    currency = CURRENCY_OF_COUNTRY.get(country, "EUR")
    return (reference_eur * RATES[currency]).quantize(Decimal(1)), currency


def seed_guide(register: Register) -> int:
    """Define every starter service not yet in the guide; returns how many were added."""
    added = 0
    for entry in SERVICES:
        try:
            register.services.consular_service(entry["code"])
        except GuideRuleViolated:
            pass
        else:
            continue
        fees = []
        for mission in register.store.missions.all():
            amount, currency = local_fee(entry["fee"], mission.country)
            fees.append({"mission": mission.code, "amount": amount, "currency": currency})
        data = {k: v for k, v in entry.items() if k != "fee"}
        command = parse(
            DefineService, {**data, "fees": fees, "requestId": f"guide-seed:{entry['code']}"}
        )
        if not register.services.define_service(GUIDE_LOADER, command).replayed:
            added += 1
    return added
