"""One citizen's line of the legacy export while a household is being decided, then written.

Dates are day ordinals (ints) until the line is written: every rule of the format is then a
plain comparison between them, and the generator stays fast.
"""

from __future__ import annotations

from datetime import date
from operator import itemgetter
from typing import Any

EXPORT_EVENTS = {"nationalId": 1, "children": 1, "death": 2, "document": 7, "legalisation": 3}
"""Roughly how many events the register records for each fact of a line, as `sijill import`
records them: an enrolment is one event, its national-ID index another; a document is applied
for, its biometrics captured, approved, issued and delivered, its number indexed, and it is
linked to the holder's dossier; a legalisation has its code index and its link; a death also
ends a marriage or invalidates a document."""
REQUEST_EVENTS = {"SUBMITTED": 3, "COMPLETED": 5, "DELIVERED": 7, "REJECTED": 4, "WITHDRAWN": 4}
"""A request's events by its last status: submitted, its tracking number and dossier link,
then each step (documents received, fee paid, completed, ready, delivered)."""
DOSSIER = 1
"""A citizen with any document, request or legalisation has a dossier opened for them."""


def turns(born: int, years: int) -> int:
    """A day on which someone born on `born` is at least `years` old: the anniversary or just after.

    365.25 days a year, plus one, is never short of the anniversary: cheap, and safe for rules
    of the kind "at least 18 on the day".
    """
    return born + int(years * 365.25) + 1


class Dates:
    """ISO strings of every day the export can name, computed once."""

    def __init__(self, first: int, last: int) -> None:
        self.first = first
        self.iso = [date.fromordinal(d).isoformat() for d in range(first, last + 1)]

    def __call__(self, day: int) -> str:
        return self.iso[day - self.first]


class Person:
    """A citizen: identity fields, then civil events, documents, requests and legalisations."""

    def __init__(self, head: dict[str, Any], *, born: int, registered: int, end: int) -> None:
        self.head = head
        """The identity fields, in the format's order (dates still as ordinals)."""
        self.legacy_id: str = head["legacyId"]
        self.sex: str = head["sex"]
        self.born = born
        self.registered = registered
        self.end = end
        """The last day anything but the death itself may be recorded."""
        self.death: tuple[int, str] | None = None
        self.transfers: list[tuple[int, str]] = []
        self.marriages = 0
        self.events: list[dict[str, Any]] = []
        self.children: list[str] = []
        self.documents: list[dict[str, Any]] = []
        self.requests: list[dict[str, Any]] = []
        self.legalisations: list[dict[str, Any]] = []

    def mission_at(self, day: int) -> str:
        mission: str = self.head["mission"]
        for on, to in self.transfers:
            if on <= day:
                mission = to
        return mission

    def record(self, day: int, kind: str, **fields: Any) -> None:
        """A civil event, recorded at the mission the citizen belongs to on that day."""
        self.events.append({"type": kind, "date": day, "mission": self.mission_at(day), **fields})

    def marry(self, day: int, place: str, spouse: dict[str, str], authorisation: str = "") -> int:
        """Record a marriage; returns its index among this line's marriages (for its end)."""
        extra = {"authorisation": authorisation} if authorisation else {}
        self.record(day, "marriage", place=place, spouse=spouse, **extra)
        self.marriages += 1
        return self.marriages - 1

    def transfer(self, day: int, to: str) -> None:
        self.record(day, "transfer", toMission=to)
        self.transfers.append((day, to))

    def die(self, day: int, place: str) -> None:
        self.death = (day, place)
        self.end = day - 1

    def events_count(self) -> int:
        """How many events importing this line records, roughly (see EXPORT_EVENTS)."""
        return (
            1
            + EXPORT_EVENTS["nationalId"] * (self.head["nationalId"] is not None)
            + EXPORT_EVENTS["children"] * len(self.children)
            + len(self.events)
            + EXPORT_EVENTS["death"] * (self.death is not None)
            + sum(EXPORT_EVENTS["document"] + ("status" in d) for d in self.documents)
            + sum(REQUEST_EVENTS[r["status"]] for r in self.requests)
            + EXPORT_EVENTS["legalisation"] * len(self.legalisations)
            + DOSSIER * bool(self.documents or self.requests or self.legalisations)
        )

    def line(self, iso: Dates) -> dict[str, Any]:
        """The line as the format writes it: ISO dates, events in date order, death last.

        Written once: dates are turned into text in place.
        """
        out = dict(self.head)
        out["birthDate"] = iso(self.born)
        if "registeredOn" in out:
            out["registeredOn"] = iso(self.registered)
        if self.children:
            out["children"] = self.children
        events = self.events
        if self.death is not None:
            day, place = self.death
            events.append(
                {"type": "death", "date": day, "mission": self.mission_at(day), "place": place}
            )
        for group, keys in (
            (events, ("date",)),
            (self.documents, ("issuedOn", "statusDate")),
            (self.requests, ("submittedOn", "closedOn")),
            (self.legalisations, ("date",)),
        ):
            if len(group) > 1:
                group.sort(key=itemgetter(keys[0]))
            for item in group:
                for key in keys:
                    if key in item:
                        item[key] = iso(item[key])
        for key, group in (
            ("events", events),
            ("documents", self.documents),
            ("requests", self.requests),
            ("legalisations", self.legalisations),
        ):
            if group:
                out[key] = group
        return out
