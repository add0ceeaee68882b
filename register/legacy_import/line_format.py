"""The legacy register export's lines (docs/legacy-format.md) as validated input.

Field types are the API's own (`register/civil_status/inputs.py`), so a line's errors name the
field and the rule as a command's do; `register/legacy_import/line_events.py` turns a valid line
into events.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, field_validator, model_validator
from pydantic.alias_generators import to_camel

from register.civil_status.inputs import (
    Address,
    ArabicName,
    Country,
    FullName,
    Input,
    LatinName,
    NationalId,
    Place,
    Sex,
    Text,
)
from register.documents.inputs import document_number

LegacyId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
Mission = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]


class _Model(Input):
    # The commands' rules for every value (Input); values are taken as the export wrote them.
    model_config = ConfigDict(str_strip_whitespace=False)


class Birth(_Model):
    father_id: LegacyId | None = None
    mother_id: LegacyId | None = None


class Spouse(_Model):
    legacy_id: LegacyId | None = None
    name: FullName | None = None
    nationality: Country | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Spouse:
        if self.legacy_id is None and (self.name is None or self.nationality is None):
            msg = "name a spouse by legacyId, or by name and nationality"
            raise ValueError(msg)
        return self


class CivilEvent(_Model):
    type: Literal["marriage", "divorce", "widowed", "nameChange", "residence", "transfer", "death"]
    date: date
    mission: Mission
    spouse: Spouse | None = None
    place: Place | None = None
    authorisation: Text | None = None
    marriage: Annotated[int, Field(ge=0)] | None = None
    given_name: LatinName | None = None
    family_name: LatinName | None = None
    given_name_ar: ArabicName | None = None
    family_name_ar: ArabicName | None = None
    legal_basis: Text | None = None
    address: Address | None = None
    city: Place | None = None
    country: Country | None = None
    to_mission: Mission | None = None

    @model_validator(mode="after")
    def _fields_of_its_type(self) -> CivilEvent:
        needed = {
            "marriage": ("spouse", "place"),
            "divorce": ("marriage",),
            "widowed": ("marriage",),
            "nameChange": (
                "given_name",
                "family_name",
                "given_name_ar",
                "family_name_ar",
                "legal_basis",
            ),
            "residence": ("address", "city", "country"),
            "transfer": ("to_mission",),
            "death": ("place",),
        }[self.type]
        missing = [to_camel(f) for f in needed if getattr(self, f) is None]
        if missing:
            msg = f"a {self.type} event needs {', '.join(missing)}"
            raise ValueError(msg)
        return self


class LegacyDocument(_Model):
    kind: Literal["PASSPORT", "NATIONAL_ID"]
    number: Annotated[str, AfterValidator(document_number)]
    issued_on: date
    mission: Mission
    status: Literal["VALID", "LOST", "STOLEN", "REVOKED"] = "VALID"
    status_date: date | None = None
    reason: Text | None = None

    @model_validator(mode="after")
    def _status_facts(self) -> LegacyDocument:
        if self.status != "VALID" and self.status_date is None:
            msg = f"a {self.status} document needs statusDate"
            raise ValueError(msg)
        if self.status == "REVOKED" and self.reason is None:
            msg = "a REVOKED document needs reason"
            raise ValueError(msg)
        return self


class LegacyRequest(_Model):
    service: Annotated[str, Field(min_length=1, max_length=40)]
    mission: Mission
    channel: Literal["COUNTER", "POST", "ONLINE"]
    submitted_on: date
    status: Literal["SUBMITTED", "COMPLETED", "DELIVERED", "REJECTED", "WITHDRAWN"]
    closed_on: date | None = None
    reason: Text | None = None

    @model_validator(mode="after")
    def _closing(self) -> LegacyRequest:
        if self.status != "SUBMITTED" and self.closed_on is None:
            msg = f"a {self.status} request needs closedOn"
            raise ValueError(msg)
        return self


class LegacyLegalisation(_Model):
    mission: Mission
    date: date
    document_kind: Text
    issuing_authority: Text
    signer_name: FullName | None = None
    signer_capacity: Text | None = None
    sealing_authority: Text | None = None


class LegacyLine(_Model):
    legacy_id: LegacyId
    national_id: NationalId | None = None
    given_name: LatinName
    family_name: LatinName
    given_name_ar: ArabicName
    family_name_ar: ArabicName
    sex: Sex
    birth_date: date
    birth_place: Place
    birth_country: Country
    father_name: FullName | None = None
    mother_name: FullName | None = None
    nationality: Country = "MAR"
    mission: Mission
    registered_on: date | None = None
    birth: Birth | None = None
    children: list[LegacyId] = Field(default_factory=list)
    events: list[CivilEvent] = Field(default_factory=list)
    documents: list[LegacyDocument] = Field(default_factory=list)
    requests: list[LegacyRequest] = Field(default_factory=list)
    legalisations: list[LegacyLegalisation] = Field(default_factory=list)

    @field_validator("events")
    @classmethod
    def _death_last(cls, events: list[CivilEvent]) -> list[CivilEvent]:
        deaths = [i for i, e in enumerate(events) if e.type == "death"]
        if deaths and deaths != [len(events) - 1]:
            msg = "death must be the line's last event, and only once"
            raise ValueError(msg)
        return events
