"""Confidential consular casework: a citizen in distress, followed by one mission at a time.

A case is opened at one mission, which holds it; notes and visits are added by the holding
mission; a handover moves it to another mission, which then holds it. Every mission that ever
held a case may read it; the case's history is never split.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent
from domain.civil_status import rules
from domain.errors import CaseRuleViolated, DateRuleViolated


class CaseKind(Enum):
    DETENTION = "detention"
    HOSPITAL = "hospital"
    REPATRIATION_OF_REMAINS = "repatriation-of-remains"
    EVACUATION = "evacuation"
    ESTATE = "estate"
    MINOR_IN_CARE = "minor-in-care"


class CaseStatus(Enum):
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class CaseEntry:
    """A note, a visit or a handover as the case file shows it: what, when, who, where."""

    kind: str
    """`note`, `visit` or `handover`."""
    text: str
    on: date
    actor: str
    mission: str
    place: str | None = None
    """Where a visit took place."""
    to_mission: str | None = None
    """Where a handover sent the case."""


class Case(Aggregate):
    TOPIC = "sijill/case"

    class Event(RegisterEvent):
        citizen_id: UUID

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/case/created"

    class CaseOpened(Created):
        TOPIC = "sijill/case/opened/v1"
        kind: str
        summary: str

    class CaseNoteAdded(Event):
        TOPIC = "sijill/case/note-added/v1"
        text: str

        def apply(self, aggregate: Case) -> None:
            aggregate.entries.append(
                CaseEntry("note", self.text, self.effective_date, self.actor, self.mission)
            )

    class CaseVisitRecorded(Event):
        TOPIC = "sijill/case/visit-recorded/v1"
        place: str
        text: str

        def apply(self, aggregate: Case) -> None:
            aggregate.entries.append(
                CaseEntry(
                    "visit", self.text, self.effective_date, self.actor, self.mission, self.place
                )
            )

    class CaseHandedOver(Event):
        TOPIC = "sijill/case/handed-over/v1"
        from_mission: str
        to_mission: str
        reason: str

        def apply(self, aggregate: Case) -> None:
            aggregate.holding_mission = self.to_mission
            if self.to_mission not in aggregate.missions:
                aggregate.missions.append(self.to_mission)
            aggregate.entries.append(
                CaseEntry(
                    "handover",
                    self.reason,
                    self.effective_date,
                    self.actor,
                    self.mission,
                    to_mission=self.to_mission,
                )
            )

    class CaseClosed(Event):
        TOPIC = "sijill/case/closed/v1"
        outcome: str

        def apply(self, aggregate: Case) -> None:
            aggregate.closed_on = self.effective_date
            aggregate.outcome = self.outcome

    def __init__(
        self,
        *,
        citizen_id: UUID,
        kind: str,
        summary: str,
        mission: str,
        effective_date: date,
        **_: Any,
    ) -> None:
        self.citizen_id = citizen_id
        self.kind = CaseKind(kind)
        self.summary = summary
        self.opened_at = mission
        self.opened_on = effective_date
        self.holding_mission = mission
        self.missions: list[str] = [mission]
        """Every mission that has held the case, in order: each may read it."""
        self.entries: list[CaseEntry] = []
        self.closed_on: date | None = None
        self.outcome: str | None = None

    @property
    def status(self) -> CaseStatus:
        return CaseStatus.OPEN if self.closed_on is None else CaseStatus.CLOSED

    def held_by(self, mission: str) -> bool:
        """True if `mission` holds the case now or held it before."""
        return mission in self.missions

    @classmethod
    def open(
        cls, *, citizen_id: UUID, kind: CaseKind, summary: str, by: Recording, today: date
    ) -> Case:
        rules.not_in_future(by.effective_date, today=today, field="effective_date")
        return cls._create(
            cls.CaseOpened,
            id=uuid4(),
            citizen_id=citizen_id,
            kind=kind.value,
            summary=summary,
            **by.fields(),
        )

    def _check_open(self, by: Recording, today: date) -> None:
        if self.closed_on is not None:
            msg = f"the case was closed on {self.closed_on.isoformat()}"
            raise CaseRuleViolated(msg, field="case_id", code="CASE_CLOSED")
        rules.not_in_future(by.effective_date, today=today, field="effective_date")
        if by.effective_date < self.opened_on:
            msg = f"is before the case was opened ({self.opened_on.isoformat()})"
            code = "DATE_BEFORE_OPENING"
            raise DateRuleViolated(msg, field="effective_date", code=code, about_field=True)

    def _record(self, event: type[Event], by: Recording, **fields: Any) -> None:
        self.trigger_event(event, citizen_id=self.citizen_id, **fields, **by.fields())

    def add_note(self, *, text: str, by: Recording, today: date) -> None:
        self._check_open(by, today)
        self._record(self.CaseNoteAdded, by, text=text)

    def record_visit(self, *, place: str, text: str, by: Recording, today: date) -> None:
        self._check_open(by, today)
        self._record(self.CaseVisitRecorded, by, place=place, text=text)

    def hand_over(self, *, to_mission: str, reason: str, by: Recording, today: date) -> None:
        self._check_open(by, today)
        if to_mission == self.holding_mission:
            msg = f"the case is already held by {to_mission}"
            raise CaseRuleViolated(msg, field="to_mission", code="SAME_MISSION")
        self._record(
            self.CaseHandedOver,
            by,
            from_mission=self.holding_mission,
            to_mission=to_mission,
            reason=reason,
        )

    def close(self, *, outcome: str, by: Recording, today: date) -> None:
        self._check_open(by, today)
        self._record(self.CaseClosed, by, outcome=outcome)


CASE_EVENT_TYPES = tuple(
    kind.__name__
    for kind in (
        Case.CaseOpened,
        Case.CaseNoteAdded,
        Case.CaseVisitRecorded,
        Case.CaseHandedOver,
        Case.CaseClosed,
    )
)
"""The names of the events a case records, as views store them: confidential, like the case."""
