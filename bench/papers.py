"""What a synthetic citizen holds and asks for over the years, dated while they were alive.

Residences, now and then a name change, passports and national ID cards (renewed, some lost,
stolen or revoked, some left to expire), service requests and legalisations: each dated on or
after the citizen's registration and before their death.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bench import legacy_data as ref
from bench.legacy_person import turns
from domain.documents.kinds import DocumentKind, expiry_date
from register.demo.names import FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES

if TYPE_CHECKING:
    from bench.households import Households
    from bench.legacy_person import Person

YEAR = 365
BIOMETRIC_ERA = {
    DocumentKind.PASSPORT: date(2009, 1, 1).toordinal(),
    DocumentKind.NATIONAL_ID: date(2008, 1, 1).toordinal(),
}
"""The export keeps documents of the biometric era only (passports since 2009, CNIE since 2008)."""
REQUESTS = ref.Weighted({0: 82, 1: 14, 2: 3, 3: 1})
LEGALISATIONS = ref.Weighted({0: 86, 1: 10, 2: 4})
RESIDENCES = ref.Weighted({0: 65, 1: 25, 2: 10})
CLOSED = ref.Weighted({"DELIVERED": 50, "COMPLETED": 25, "REJECTED": 10, "WITHDRAWN": 8})
LOSSES = ref.Weighted({"": 95.7, "LOST": 3, "STOLEN": 1, "REVOKED": 0.3})
REVOCATIONS = ("obtained on a false declaration", "court order", "holder's data wrongly entered")
REJECTIONS = ("supporting documents incomplete", "not entitled to the service")
MOROCCAN_SIGNERS = (
    tuple(m for m, _ in MALE_GIVEN_NAMES),
    tuple(f for f, _ in FEMALE_GIVEN_NAMES),
    tuple(f for f, _ in FAMILY_NAMES),
)
"""Signers' names where the host country has no list of its own in FOREIGN_SPOUSES."""


def finish(h: Households, p: Person) -> None:
    """Give `p` a national ID number (most adults), then their papers over the years."""
    adult = turns(p.born, 18)
    twelve = turns(p.born, 12)
    if (p.end >= adult and h.chance(0.9)) or (p.end >= twelve and h.chance(0.25)):
        p.head["nationalId"] = h.number("nationalId")
    residences(h, p)
    since = max(p.registered, adult)
    if since <= p.end and h.chance(0.008):
        name_change(h, p, h.within(since, p.end))
    documents(h, p, DocumentKind.PASSPORT, 0.45 if p.end >= adult else 0.25, renew=0.25)
    if p.head["nationalId"]:
        documents(h, p, DocumentKind.NATIONAL_ID, 0.25, renew=0.2)
    requests(h, p, since)
    legalisations(h, p, since)


def residences(h: Households, p: Person) -> None:
    for _ in range(RESIDENCES.draw(h.rng)):
        day = h.within(p.registered, p.end)
        city, country = h.places[p.mission_at(day)]
        street = h.pick(ref.STREETS.get(country, ref.OTHER_STREETS))
        address = f"{h.within(1, 180)} {street}"
        p.record(day, "residence", address=address, city=city, country=country)


def name_change(h: Households, p: Person, day: int) -> None:
    """A new family name, by decree (the given names stay)."""
    family = h.pick(FAMILY_NAMES)
    basis = f"Décret n° 2.{date.fromordinal(day).year % 100:02d}.{h.within(1, 999):03d}"
    p.record(
        day,
        "nameChange",
        givenName=p.head["givenName"],
        familyName=family[0],
        givenNameAr=p.head["givenNameAr"],
        familyNameAr=family[1],
        legalBasis=basis,
    )


def documents(h: Households, p: Person, kind: DocumentKind, chance: float, renew: float) -> None:
    """A first document, then renewals or replacements while the holder lives, or none.

    A lost, stolen or revoked document is replaced weeks later; a valid one is renewed around
    its expiry, or left to expire. Every number is new, so numbers never repeat in a file.
    """
    if not h.chance(chance):
        return
    age = 16 if kind is DocumentKind.NATIONAL_ID else 0
    start = max(p.registered, BIOMETRIC_ERA[kind], turns(p.born, age))
    if start > p.end:
        return
    issued = h.within(start, min(p.end, start + 5 * YEAR))
    born = date.fromordinal(p.born)
    while True:
        expires = expiry_date(kind, birth_date=born, issued_on=date.fromordinal(issued))
        mission = p.mission_at(issued) if h.chance(0.9) else h.missions.draw(h.rng)
        doc = {"kind": kind.value, "number": h.number(kind), "issuedOn": issued, "mission": mission}
        p.documents.append(doc)
        loss = LOSSES.draw(h.rng)
        last = min(expires.toordinal(), p.end)
        if loss and issued + 30 <= last:
            on = h.within(issued + 30, last)
            doc |= {"status": loss, "statusDate": on}
            if loss == "REVOKED":
                doc["reason"] = h.pick(REVOCATIONS)
            following = on + h.within(7, 120)
        elif h.chance(renew):
            following = expires.toordinal() - 90 + h.within(0, 2 * YEAR)
        else:
            return
        if following > p.end:
            return
        issued = following


def requests(h: Households, p: Person, start: int) -> None:
    """Requests at the counter, by post or online; those of the last weeks still open."""
    for _ in range(REQUESTS.draw(h.rng) if start <= p.end else 0):
        day = h.within(start, p.end)
        service = h.services.draw(h.rng)
        mission = p.mission_at(day) if h.chance(0.85) else h.missions.draw(h.rng)
        request = {
            "service": service,
            "mission": mission,
            "channel": h.pick(h.channels[service]),
            "submittedOn": day,
        }
        if p.death is None and (day > h.export - 20 or h.chance(0.03)):
            request["status"] = "SUBMITTED"
        else:
            request["status"] = status = CLOSED.draw(h.rng)
            request["closedOn"] = min(day + h.within(0, 40), p.end)
            if status == "REJECTED":
                request["reason"] = h.pick(REJECTIONS)
        p.requests.append(request)


def legalisations(h: Households, p: Person, start: int) -> None:
    """Papers of the host country legalised: a named signer in their capacity, or a seal."""
    for _ in range(LEGALISATIONS.draw(h.rng) if start <= p.end else 0):
        day = h.within(start, p.end)
        mission = p.mission_at(day)
        city, country = h.places[mission]
        kind, authority, capacity = h.pick(ref.PAPERS)
        issuer = authority.format(city=city, country=country)
        item: dict[str, object] = {
            "mission": mission,
            "date": day,
            "documentKind": kind,
            "issuingAuthority": issuer,
        }
        if capacity:
            men, women, families = ref.FOREIGN_SPOUSES.get(country, MOROCCAN_SIGNERS)
            given = h.pick(men if h.chance(0.5) else women)
            item |= {"signerName": f"{given} {h.pick(families)}", "signerCapacity": capacity}
        else:
            item["sealingAuthority"] = issuer
        p.legalisations.append(item)
