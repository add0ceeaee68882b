"""Builders for the domain unit tests: a fixed clock, recordings, and citizens entered as usual."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID, uuid4

from domain.base import Recording
from domain.civil_status.citizen import Citizen

if TYPE_CHECKING:
    from collections.abc import Iterable

    from eventsourcing.domain import BaseAggregate

TODAY = date(2026, 6, 1)
"""The register's clock in every unit test: never the real one."""
ACTOR = "officer.paris"
MISSION = "PAR"
ENROLLED_ON = date(2020, 1, 6)


def by(on: date, *, actor: str = ACTOR, mission: str = MISSION) -> Recording:
    """A recording by the Paris officer, taking effect `on`."""
    return Recording(actor=actor, mission=mission, effective_date=on)


def woman_fields(**overrides: Any) -> dict[str, Any]:
    """The Enrolled event's personal fields of an adult woman."""
    fields: dict[str, Any] = {
        "national_id": "AB123456",
        "given_name": "Amina",
        "family_name": "Alaoui",
        "given_name_ar": "أمينة",
        "family_name_ar": "العلوي",
        "sex": "F",
        "birth_date": date(1990, 4, 12),
        "birth_place": "Fes",
        "birth_country": "MAR",
        "father_name": "Driss Alaoui",
        "mother_name": "Fatima Bennani",
        "nationality": "MAR",
        "registered_mission": MISSION,
    }
    return {**fields, **overrides}


def man_fields(**overrides: Any) -> dict[str, Any]:
    """The Enrolled event's personal fields of an adult man."""
    return woman_fields(
        **{
            "national_id": "CD654321",
            "given_name": "Youssef",
            "family_name": "Tazi",
            "given_name_ar": "يوسف",
            "family_name_ar": "التازي",
            "sex": "M",
            "birth_date": date(1985, 9, 3),
            "birth_place": "Rabat",
            "father_name": "Omar Tazi",
            "mother_name": "Khadija Fassi",
            **overrides,
        }
    )


def enroll(fields: dict[str, Any], *, on: date = ENROLLED_ON) -> Citizen:
    return Citizen.enroll(person=fields, by=by(on), today=TODAY)


def woman(**overrides: Any) -> Citizen:
    """An enrolled woman whose Enrolled event is still pending."""
    return enroll(woman_fields(**overrides))


def man(**overrides: Any) -> Citizen:
    """An enrolled man whose Enrolled event is still pending."""
    return enroll(man_fields(**overrides))


def marry(husband: Citizen, wife: Citizen, *, on: date, authorisation: str | None = None) -> UUID:
    """Record one marriage on both spouses' records, as the register service does."""
    marriage_id = uuid4()
    for record, spouse in ((husband, wife), (wife, husband)):
        record.record_marriage(
            marriage_id=marriage_id,
            spouse_id=spouse.id,
            spouse_name=f"{spouse.names.given_name} {spouse.names.family_name}",
            spouse_nationality=spouse.nationality,
            place="Paris",
            authorisation=authorisation,
            by=by(on),
            today=TODAY,
        )
    return marriage_id


def marry_outside(
    citizen: Citizen,
    *,
    on: date,
    spouse_name: str = "Claire Martin",
    authorisation: str | None = None,
) -> UUID:
    """Record a marriage to a spouse who is not in the register."""
    marriage_id = uuid4()
    citizen.record_marriage(
        marriage_id=marriage_id,
        spouse_id=None,
        spouse_name=spouse_name,
        spouse_nationality="FRA",
        place="Lyon",
        authorisation=authorisation,
        by=by(on),
        today=TODAY,
    )
    return marriage_id


def replay(events: Iterable[Any]) -> Any:
    """The aggregate rebuilt from its events alone, as the store would rebuild it."""
    copy: Any = None
    for event in events:
        copy = event.mutate(copy)
    assert copy is not None
    return copy


def assert_nothing_pending(*aggregates: BaseAggregate[Any]) -> None:
    """A refused command must leave nothing half-written on any record it touched."""
    for aggregate in aggregates:
        assert aggregate.collect_events() == []
