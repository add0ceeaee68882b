"""The consular guide: one aggregate per service (texts, fees per mission), and the list of codes.

Every change to the guide is an event, so the guide as it stood on any date is the replay of
the events recorded up to then.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.base import Recording, RegisterEvent, name_id
from domain.errors import GuideRuleViolated

REQUIRED_LANGUAGES = ("ar", "fr", "en")
"""Every service is described at least in Arabic, French and English; more may be added."""
FALLBACK_LANGUAGES = ("fr", "en", "ar")
CHANNELS = ("COUNTER", "POST", "ONLINE")


@dataclass(frozen=True)
class Fee:
    amount: Decimal
    currency: str
    """ISO 4217."""


def localised(texts: dict[str, str], lang: str | None) -> tuple[str, str]:
    """The text in `lang`, else French, English, Arabic, else any; with the language used."""
    for candidate in (lang, *FALLBACK_LANGUAGES, *sorted(texts)):
        if candidate in texts:
            return texts[candidate], candidate
    return "", lang or FALLBACK_LANGUAGES[0]


def _languages_complete(texts: dict[str, str], field: str) -> None:
    missing = [lang for lang in REQUIRED_LANGUAGES if not texts.get(lang)]
    if missing:
        msg = f"needs a text in every one of {', '.join(REQUIRED_LANGUAGES)}"
        raise GuideRuleViolated(msg, field=field, code="MISSING_LANGUAGE", about_field=True)


class ConsularService(Aggregate):
    """One service of the guide, under the fixed id of its code."""

    TOPIC = "sijill/consular-service"

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/consular-service/created"

    class Defined(Created):
        TOPIC = "sijill/consular-service/defined/v1"
        code: str
        names: dict[str, str]
        """Language (ISO 639-1) → the service's name."""
        descriptions: dict[str, str]
        required_documents: list[dict[str, str]]
        """Each document the applicant brings, named in each language."""
        processing_days: int
        channels: list[str]

    class Renamed(Event):
        TOPIC = "sijill/consular-service/renamed/v1"
        names: dict[str, str]
        """Only the languages given change; others keep their text."""
        descriptions: dict[str, str]

        def apply(self, aggregate: ConsularService) -> None:
            aggregate.names = {**aggregate.names, **self.names}
            aggregate.descriptions = {**aggregate.descriptions, **self.descriptions}

    class FeeSet(Event):
        TOPIC = "sijill/consular-service/fee-set/v1"
        for_mission: str
        amount: Decimal
        currency: str

        def apply(self, aggregate: ConsularService) -> None:
            aggregate.fees = {**aggregate.fees, self.for_mission: Fee(self.amount, self.currency)}

    class Retired(Event):
        TOPIC = "sijill/consular-service/retired/v1"
        reason: str

        def apply(self, aggregate: ConsularService) -> None:
            aggregate.retired = True

    def __init__(  # the Defined event's fields, applied on replay too
        self,
        *,
        code: str,
        names: dict[str, str],
        descriptions: dict[str, str],
        required_documents: list[dict[str, str]],
        processing_days: int,
        channels: list[str],
        **_: Any,
    ) -> None:
        self.code = code
        self.names = dict(names)
        self.descriptions = dict(descriptions)
        self.required_documents = [dict(d) for d in required_documents]
        self.processing_days = processing_days
        self.channels = list(channels)
        self.fees: dict[str, Fee] = {}
        self.retired = False

    @staticmethod
    def id_for(code: str) -> UUID:
        return name_id("consular-service", code)

    @classmethod
    def define(  # the guide's entry has this many facts
        cls,
        *,
        code: str,
        names: dict[str, str],
        descriptions: dict[str, str],
        required_documents: list[dict[str, str]],
        processing_days: int,
        channels: list[str],
        by: Recording,
    ) -> ConsularService:
        _languages_complete(names, "names")
        _languages_complete(descriptions, "descriptions")
        for i, document in enumerate(required_documents):
            _languages_complete(document, f"required_documents.{i}")
        return cls._create(
            cls.Defined,
            id=cls.id_for(code),
            code=code,
            names=names,
            descriptions=descriptions,
            required_documents=required_documents,
            processing_days=processing_days,
            channels=[c for c in CHANNELS if c in channels],
            **by.fields(),
        )

    def _check_current(self) -> None:
        if self.retired:
            msg = f"the service {self.code} was retired from the guide"
            raise GuideRuleViolated(msg, field="service_code", code="SERVICE_RETIRED")

    def rename(self, *, names: dict[str, str], descriptions: dict[str, str], by: Recording) -> None:
        self._check_current()
        if not names and not descriptions:
            msg = "give at least one name or description"
            raise GuideRuleViolated(msg, field="names", code="REQUIRED")
        if all(self.names.get(k) == v for k, v in names.items()) and all(
            self.descriptions.get(k) == v for k, v in descriptions.items()
        ):
            msg = "the guide already reads so"
            raise GuideRuleViolated(msg, field="names", code="NO_CHANGE")
        self.trigger_event(self.Renamed, names=names, descriptions=descriptions, **by.fields())

    def set_fee(self, *, for_mission: str, fee: Fee, by: Recording) -> None:
        self._check_current()
        if self.fees.get(for_mission) == fee:
            msg = f"the fee at {for_mission} is already {fee.amount} {fee.currency}"
            raise GuideRuleViolated(msg, field="amount", code="NO_CHANGE")
        self.trigger_event(
            self.FeeSet,
            for_mission=for_mission,
            amount=fee.amount,
            currency=fee.currency,
            **by.fields(),
        )

    def retire(self, *, reason: str, by: Recording) -> None:
        self._check_current()
        self.trigger_event(self.Retired, reason=reason, **by.fields())

    def offer(self, *, mission: str, channel: str) -> Fee:
        """The fee of the service at `mission` by `channel`, or why it cannot be requested."""
        self._check_current()
        fee = self.fees.get(mission)
        if fee is None:
            msg = f"the service {self.code} is not offered at {mission}"
            raise GuideRuleViolated(msg, field="service_code", code="SERVICE_NOT_OFFERED")
        if channel not in self.channels:
            msg = f"the service {self.code} is requested by {', '.join(self.channels)}"
            raise GuideRuleViolated(msg, field="channel", code="CHANNEL_NOT_OFFERED")
        return fee


class ServiceCatalogue(Aggregate):
    """The guide's table of contents: every service code ever defined, in order."""

    TOPIC = "sijill/service-catalogue"
    ID = name_id("service-catalogue", "consular-guide")

    class Event(RegisterEvent):
        pass

    class Created(Event, Aggregate.Created):
        TOPIC = "sijill/service-catalogue/created"

    class Opened(Created):
        TOPIC = "sijill/service-catalogue/opened/v1"

    class Listed(Event):
        TOPIC = "sijill/service-catalogue/listed/v1"
        code: str

        def apply(self, aggregate: ServiceCatalogue) -> None:
            aggregate.codes.append(self.code)

    def __init__(self, **_: Any) -> None:
        self.codes: list[str] = []

    @classmethod
    def list_service(
        cls, existing: ServiceCatalogue | None, *, code: str, by: Recording
    ) -> ServiceCatalogue:
        """Add `code` to the catalogue, opening it if need be; a code is listed once."""
        catalogue = existing or cls._create(cls.Opened, id=cls.ID, **by.fields())
        if code in catalogue.codes:
            msg = f"the guide already has a service {code}"
            raise GuideRuleViolated(msg, field="code", code="SERVICE_EXISTS")
        catalogue.trigger_event(cls.Listed, code=code, **by.fields())
        return catalogue
