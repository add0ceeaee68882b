"""Households of synthetic citizens: who marries whom, has children, moves, dies, holds papers.

A household's lines refer only to one another (a couple's marriage on both lines, each child's
`birth` and its parents' `children`), so the generator keeps one household in memory at a time,
whatever the size of the export. Every choice is drawn from one seeded `Random`, so a seed gives
the same file. The rules of docs/legacy-format.md hold for each line by construction.
"""

from __future__ import annotations

from datetime import date
from random import Random
from typing import TYPE_CHECKING, TypeVar

from bench import legacy_data as ref
from bench import papers
from bench.legacy_person import Person, turns
from domain.documents.kinds import DocumentKind
from register.demo.names import BIRTH_PLACES, FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES

if TYPE_CHECKING:
    from collections.abc import Sequence

YEAR = 365
LEGACY_START = date(1985, 1, 1).toordinal()
"""The legacy system's first registrations."""
COUPLES = 0.42
"""Share of households that are a married couple of two citizens (with their children)."""
CHILDREN = ref.Weighted({0: 20, 1: 25, 2: 30, 3: 17, 4: 8})
SCRAMBLE = 48271
T = TypeVar("T")
MOROCCAN_PLACES = [place for place, country in BIRTH_PLACES if country == "MAR"]


class Households:
    """Draws households until told to stop; numbers (legacy, national, document) never repeat."""

    def __init__(self, seed: int, export: date) -> None:
        self.rng = Random(seed)
        self.random = self.rng.random  # bound once: the generator draws millions of times
        self.export = export.toordinal()
        self.places = ref.missions()
        self.missions = ref.mission_weights(self.places)
        self.services, self.channels = ref.services()
        self.serial = 0
        self.counters = {"nationalId": 0, DocumentKind.PASSPORT: 0, DocumentKind.NATIONAL_ID: 0}

    # -- drawing ----------------------------------------------------------------------------

    def within(self, low: int, high: int) -> int:
        """A day from `low` to `high` inclusive (callers check that the window is open)."""
        return low + int(self.random() * (high - low + 1))

    def chance(self, p: float) -> bool:
        return self.random() < p

    def pick(self, items: Sequence[T]) -> T:
        return items[int(self.random() * len(items))]

    def born(self, age: float) -> int:
        return self.export - int(age * 365.25) - self.within(0, 364)

    def other_mission(self, than: str) -> str:
        while (code := self.missions.draw(self.rng)) == than:
            pass
        return code

    def number(self, kind: DocumentKind | str) -> str:
        """The next unique number: the counter through a bijection, as series letter and digits.

        SCRAMBLE is prime to 26·10⁷ and 26·10⁶, so distinct counters never give one number.
        """
        n = self.counters[kind]
        self.counters[kind] = n + 1
        if kind == "nationalId":
            series, digits = divmod((n * SCRAMBLE + 314159) % (26 * 10**6), 10**6)
            return f"B{chr(65 + series)}{digits:06d}"
        series, digits = divmod((n * SCRAMBLE + 1234567) % (26 * 10**7), 10**7)
        kind_letter = "P" if kind is DocumentKind.PASSPORT else "I"
        return f"{kind_letter}{chr(65 + series)}{digits:07d}"

    # -- people -----------------------------------------------------------------------------

    def person(  # who, when, where, and for a child born abroad, its family and parents
        self,
        sex: str,
        born: int,
        mission: str,
        registered: int,
        family: tuple[str, str] | None = None,
        birth: dict[str, str] | None = None,
    ) -> Person:
        """A citizen; a child registered as a birth abroad was born at the mission's city."""
        given = self.pick(MALE_GIVEN_NAMES if sex == "M" else FEMALE_GIVEN_NAMES)
        family = family or self.pick(FAMILY_NAMES)
        self.serial += 1
        if birth:
            place, country = self.places[mission]
            parents: dict[str, object] = {"fatherName": None, "motherName": None}
        else:
            place, country = self.pick(BIRTH_PLACES)
            parents = {
                "fatherName": f"{self.pick(MALE_GIVEN_NAMES)[0]} {family[0]}",
                "motherName": f"{self.pick(FEMALE_GIVEN_NAMES)[0]} {self.pick(FAMILY_NAMES)[0]}",
            }
        head = {
            "legacyId": f"{mission}-{date.fromordinal(born).year}-{self.serial:07d}",
            "nationalId": None,
            "givenName": given[0],
            "familyName": family[0],
            "givenNameAr": given[1],
            "familyNameAr": family[1],
            "sex": sex,
            "birthDate": born,
            "birthPlace": place,
            "birthCountry": country,
            **parents,
            "nationality": "MAR",
            "mission": mission,
        }
        if birth:
            head["birth"] = birth
        else:
            head["registeredOn"] = registered
        return Person(head, born=born, registered=registered, end=self.export)

    def registration(self, born: int) -> int:
        adult = turns(born, 18)
        return self.within(max(adult, LEGACY_START), self.export - 30)

    def mortality(self, p: Person, after: int) -> None:
        """Older citizens may die, some time after `after` (their last fixed fact)."""
        age = (self.export - p.born) / 365.25
        if self.chance((age - 50) / 80) and after + YEAR <= self.export:
            day = self.within(after + YEAR, self.export)
            p.die(day, self.places[p.mission_at(day)][0])

    def maybe_transfer(self, *people: Person) -> None:
        """Some citizens (a couple together) move their registration to another mission."""
        low = max(p.registered for p in people) + 180
        high = min(p.end for p in people)
        if self.chance(0.07) and low <= high:
            day = self.within(low, high)
            to = self.other_mission(people[0].mission_at(day))
            for p in people:
                p.transfer(day, to)

    def place(self, p: Person, day: int) -> str:
        if self.chance(0.6):
            return self.places[p.mission_at(day)][0]
        return self.pick(MOROCCAN_PLACES)

    def outside_spouse(self, p: Person, day: int) -> dict[str, str]:
        country = self.places[p.mission_at(day)][1]
        if country in ref.FOREIGN_SPOUSES and self.chance(0.4):
            men, women, families = ref.FOREIGN_SPOUSES[country]
            name = f"{self.pick(women if p.sex == 'M' else men)} {self.pick(families)}"
            return {"name": name, "nationality": country}
        given = self.pick(FEMALE_GIVEN_NAMES if p.sex == "M" else MALE_GIVEN_NAMES)
        return {"name": f"{given[0]} {self.pick(FAMILY_NAMES)[0]}", "nationality": "MAR"}

    def marriages_outside(self, p: Person, start: int, chance: float) -> None:
        """Marriages to spouses outside the register; one may end, and a new one follow it.

        A man may take a second wife while married, with a court's authorisation; a woman
        marries again only once her marriage has ended (the Family Code's rules).
        """
        while self.chance(chance) and start + YEAR <= p.end:
            day = self.within(start, min(p.end, start + 12 * YEAR))
            index = p.marry(day, self.place(p, day), self.outside_spouse(p, day))
            if day + 180 > p.end:
                return
            if p.sex == "M" and self.chance(0.015):
                second = self.within(day + 180, p.end)
                year = date.fromordinal(second).year
                p.marry(
                    second,
                    self.place(p, second),
                    self.outside_spouse(p, second),
                    authorisation=f"TF-{year}-{self.within(1, 9999):04d}",
                )
                return
            ended = self.within(day + 180, p.end)
            if self.chance(0.15):
                p.record(ended, "divorce", marriage=index)
            elif self.chance(0.06):
                p.record(ended, "widowed", marriage=index)
            else:
                return
            start, chance = ended + 180, 0.35

    # -- households -------------------------------------------------------------------------

    def household(self, room: int) -> list[Person]:
        """The next household, of at most `room` citizens."""
        people = self.couple(room) if room >= 2 and self.chance(COUPLES) else [self.single()]
        for p in people:
            papers.finish(self, p)
        return people

    def single(self) -> Person:
        """One citizen on their own: a minor, or an adult married outside the register or not."""
        sex = "M" if self.chance(0.55) else "F"
        mission = self.missions.draw(self.rng)
        if self.chance(0.08):
            born = self.born(17.9 * self.rng.random())
            p = self.person(sex, born, mission, self.within(max(born, LEGACY_START), self.export))
        else:
            born = self.born(18.5 + 70 * self.rng.betavariate(2, 3.5))
            p = self.person(sex, born, mission, self.registration(born))
        self.mortality(p, p.registered)
        self.maybe_transfer(p)
        self.marriages_outside(p, turns(p.born, 18) + YEAR, 0.55)
        return p

    def couple(self, room: int) -> list[Person]:
        """Husband and wife, both citizens, married on both lines; their children born abroad."""
        mission = self.missions.draw(self.rng)
        h_age = 25 + 60 * self.rng.betavariate(2, 3)
        h_born = self.born(h_age)
        w_born = self.born(max(20.0, h_age - 8 * self.rng.random()))
        h = self.person("M", h_born, mission, self.registration(h_born))
        w = self.person("F", w_born, mission, self.registration(w_born))
        low = max(turns(h.born, 18) + 2 * YEAR, turns(w.born, 18))
        married = low + min(int(self.rng.expovariate(1 / (4 * YEAR))), self.export - YEAR - low)
        place = self.place(h, married)
        h_index = h.marry(married, place, {"legacyId": w.legacy_id})
        w_index = w.marry(married, place, {"legacyId": h.legacy_id})
        for p in (h, w):
            self.mortality(p, max(p.registered, married))
        if h.death and w.death and h.death[0] == w.death[0]:
            w.death, w.end = None, self.export  # one of them dies first
        self.maybe_transfer(h, w)
        union_end = min(h.end, w.end)
        if self.chance(0.12) and married + YEAR <= union_end:
            union_end = self.within(married + YEAR, union_end)
            h.record(union_end, "divorce", marriage=h_index)
            w.record(union_end, "divorce", marriage=w_index)
        elif h.death and h.end < w.end:
            w.record(h.death[0], "widowed", marriage=w_index)
        elif w.death and w.end < h.end:
            h.record(w.death[0], "widowed", marriage=h_index)
        children = self.children(h, w, married, union_end, room - 2)
        for p in (h, w):
            if p.end > union_end:
                self.marriages_outside(p, union_end + 180, 0.3)
        return [h, w, *children]

    def children(
        self, father: Person, mother: Person, married: int, union_end: int, room: int
    ) -> list[Person]:
        """Children born abroad after both parents were registered, while the marriage lasted."""
        low = max(married, father.registered, mother.registered) + 280
        high = min(union_end, turns(mother.born, 45))
        wanted = min(CHILDREN.draw(self.rng), room)
        day = low + self.within(0, 2 * YEAR)
        born: list[Person] = []
        while len(born) < wanted and day <= high:
            birth = {"fatherId": father.legacy_id, "motherId": mother.legacy_id}
            mission = mother.mission_at(day)
            sex = "M" if self.chance(0.51) else "F"
            family = (father.head["familyName"], father.head["familyNameAr"])
            child = self.person(sex, day, mission, day, family=family, birth=birth)
            father.children.append(child.legacy_id)
            mother.children.append(child.legacy_id)
            self.mortality(child, day)
            self.maybe_transfer(child)
            self.marriages_outside(child, turns(child.born, 18) + YEAR, 0.4)
            born.append(child)
            day += YEAR + self.within(0, 3 * YEAR)
        return born
