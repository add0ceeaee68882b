"""Synthetic demo data: families of citizens abroad, recorded through the register's commands."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING
from uuid import UUID

from domain.errors import NationalIdTaken
from register.access import Account, Role
from register.civil_status import inputs as c
from register.demo.names import BIRTH_PLACES, FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES
from register.store.missions import roll_weight

if TYPE_CHECKING:
    from collections.abc import Callable

    from register.application import Register

DEMO_ACCOUNT = "demo-loader"


@dataclass
class DemoLoad:
    citizens: int = 0
    marriages: int = 0
    births: int = 0
    divorces: int = 0
    deaths: int = 0


class DemoLoader:
    """Records `n` synthetic citizens: couples married abroad, their children, a few endings."""

    def __init__(self, register: Register, *, seed: int = 7) -> None:
        self.register = register
        self.rng = random.Random(seed)
        self.today = register.store.today()
        self.missions = [m.code for m in register.store.missions.all()]
        self.weights = [roll_weight(code) for code in self.missions]
        self.load = DemoLoad()

    def _account(self, mission: str) -> Account:
        return Account(name=DEMO_ACCOUNT, role=Role.ADMIN, mission=mission)

    def _day(self, start: date, end: date) -> date:
        """A day from `start` up to `end` (never after it: a past event cannot be in the future)."""
        if start > end:
            msg = f"no day from {start} to {end}"
            raise ValueError(msg)
        return start + timedelta(days=self.rng.randrange(max(1, (end - start).days)))

    def _person(
        self, sex: str, family: tuple[str, str], born: date, mission: str
    ) -> dict[str, object]:
        given = self.rng.choice(MALE_GIVEN_NAMES if sex == "M" else FEMALE_GIVEN_NAMES)
        place, country = self.rng.choice(BIRTH_PLACES)
        father = f"{self.rng.choice(MALE_GIVEN_NAMES)[0]} {family[0]}"
        mother_family = self.rng.choice(FAMILY_NAMES)[0]
        return {
            "givenName": given[0],
            "familyName": family[0],
            "givenNameAr": given[1],
            "familyNameAr": family[1],
            "sex": sex,
            "birthDate": born,
            "birthPlace": place,
            "birthCountry": country,
            "fatherName": father,
            "motherName": f"{self.rng.choice(FEMALE_GIVEN_NAMES)[0]} {mother_family}",
            "registeredMission": mission,
        }

    def _national_id(self) -> str:
        letters = "".join(self.rng.choices(string.ascii_uppercase, k=2))
        return f"{letters}{self.rng.randrange(10**6):06d}"

    def _enroll(self, sex: str, family: tuple[str, str], born: date, mission: str) -> UUID:
        data = self._person(sex, family, born, mission)
        while True:
            cmd = c.parse(c.EnrollCitizen, {**data, "nationalId": self._national_id()})
            try:
                outcome = self.register.civil_status.enroll_citizen(self._account(mission), cmd)
            except NationalIdTaken:
                continue
            self.load.citizens += 1
            return UUID(outcome.result["citizenId"])

    def family(self, room: int) -> int:
        """Record one household of at most `room` citizens; returns how many it added."""
        mission = self.rng.choices(self.missions, self.weights)[0]  # big rolls, long tail
        account = self._account(mission)
        family = self.rng.choice(FAMILY_NAMES)
        husband_born = self._day(date(1950, 1, 1), date(1998, 1, 1))
        husband = self._enroll("M", family, husband_born, mission)
        if room == 1 or self.rng.random() < 0.2:
            return 1
        wife_born = husband_born + timedelta(days=self.rng.randrange(-1500, 3600))
        # Both of age twenty a month before today at the latest, or the marriage would be dated
        # in the future (large demos drew such a couple).
        wife_born = min(wife_born, self.today - timedelta(days=365 * 20 + 31))
        wife = self._enroll("F", self.rng.choice(FAMILY_NAMES), wife_born, mission)
        married_on = self._day(
            max(husband_born, wife_born) + timedelta(days=365 * 20), self.today - timedelta(days=30)
        )
        marriage = self.register.civil_status.record_marriage(
            account,
            c.parse(
                c.RecordMarriage,
                {
                    "citizenId": str(husband),
                    "spouseId": str(wife),
                    "effectiveDate": married_on,
                    "place": self.register.store.missions.get(mission).city,
                },
            ),
        )
        self.load.marriages += 1
        added = 2
        for _ in range(min(room - 2, self.rng.choice((0, 1, 2, 2, 3)))):
            if married_on >= self.today - timedelta(days=300):
                break
            born = self._day(married_on + timedelta(days=280), self.today)
            sex = self.rng.choice("FM")
            data = self._person(sex, family, born, mission)
            del data["fatherName"], data["motherName"]
            self.register.civil_status.register_birth(
                account,
                c.parse(
                    c.RegisterBirth,
                    {
                        **data,
                        "fatherId": str(husband),
                        "motherId": str(wife),
                    },
                ),
            )
            self.load.births += 1
            added += 1
        if self.rng.random() < 0.1:
            self.register.civil_status.record_divorce(
                account,
                c.parse(
                    c.RecordDivorce,
                    {
                        "citizenId": str(husband),
                        "marriageId": marriage.result["marriageId"],
                        "effectiveDate": self._day(married_on + timedelta(days=1), self.today),
                    },
                ),
            )
            self.load.divorces += 1
        elif husband_born < date(1960, 1, 1) and self.rng.random() < 0.3:
            self.register.civil_status.record_death(
                account,
                c.parse(
                    c.RecordDeath,
                    {
                        "citizenId": str(husband),
                        "place": self.register.store.missions.get(mission).city,
                        "effectiveDate": self._day(married_on + timedelta(days=1), self.today),
                    },
                ),
            )
            self.load.deaths += 1
        return added

    def run(self, citizens: int, progress: Callable[[int], None] = lambda _: None) -> DemoLoad:
        """Record households until exactly `citizens` citizens are in; reports each household."""
        while (added := self.load.citizens + self.load.births) < citizens:
            progress(self.family(citizens - added))
        return self.load
