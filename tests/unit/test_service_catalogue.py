"""The consular guide: services defined in three languages at least, fees per mission, retired."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from domain.errors import GuideRuleViolated
from domain.services.catalogue import ConsularService, Fee, ServiceCatalogue, localised

from .builders import TODAY, assert_nothing_pending, by, replay

NAMES = {"ar": "شهادة الإقامة", "fr": "Attestation de résidence", "en": "Attestation of residence"}
DESCRIPTIONS = {"ar": "شهادة", "fr": "Atteste la résidence", "en": "Attests residence"}
EUR_10 = Fee(Decimal("10"), "EUR")


def define(**overrides: Any) -> ConsularService:
    fields: dict[str, Any] = {
        "code": "RESIDENCE_ATTESTATION",
        "names": NAMES,
        "descriptions": DESCRIPTIONS,
        "required_documents": [{"ar": "بطاقة", "fr": "Carte", "en": "Card"}],
        "processing_days": 2,
        "channels": ["POST", "COUNTER"],
        "by": by(TODAY),
    }
    fields.update(overrides)
    return ConsularService.define(**fields)


def test_a_service_is_defined_under_the_fixed_id_of_its_code() -> None:
    service = define()

    assert service.id == ConsularService.id_for("RESIDENCE_ATTESTATION")
    assert (service.code, service.names, service.processing_days) == (
        "RESIDENCE_ATTESTATION",
        NAMES,
        2,
    )
    assert service.channels == ["COUNTER", "POST"]
    assert (service.fees, service.retired) == ({}, False)
    [defined] = service.collect_events()
    assert type(defined) is ConsularService.Defined
    assert (defined.actor, defined.mission, defined.effective_date) == (
        "officer.paris",
        "PAR",
        TODAY,
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"names": {"fr": "Attestation", "en": "Attestation"}}, "names"),
        ({"descriptions": {**DESCRIPTIONS, "en": ""}}, "descriptions"),
        ({"required_documents": [{"fr": "Carte", "en": "Card"}]}, "required_documents.0"),
    ],
)
def test_a_service_without_arabic_french_and_english_is_refused(
    overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(GuideRuleViolated) as refused:
        define(**overrides)

    assert (refused.value.code, refused.value.field) == ("MISSING_LANGUAGE", field)


def test_more_languages_than_the_three_are_kept() -> None:
    service = define(names={**NAMES, "es": "Certificado de residencia"})

    assert localised(service.names, "es") == ("Certificado de residencia", "es")


def test_a_missing_language_falls_back_to_french_then_english() -> None:
    assert localised(NAMES, "de") == ("Attestation de résidence", "fr")
    assert localised({"ar": "أ", "en": "E"}, "de") == ("E", "en")
    assert localised({"ar": "أ"}, None) == ("أ", "ar")


def test_a_fee_is_set_per_mission_and_replaces_the_earlier_fee_there() -> None:
    service = define()
    service.set_fee(for_mission="PAR", fee=EUR_10, by=by(TODAY))
    service.set_fee(for_mission="LON", fee=Fee(Decimal("9"), "GBP"), by=by(TODAY))
    service.set_fee(for_mission="PAR", fee=Fee(Decimal("12"), "EUR"), by=by(TODAY))

    assert service.fees == {"PAR": Fee(Decimal("12"), "EUR"), "LON": Fee(Decimal("9"), "GBP")}
    assert replay(service.collect_events()).fees == service.fees


def test_setting_the_same_fee_again_is_refused_as_no_change() -> None:
    service = define()
    service.set_fee(for_mission="PAR", fee=EUR_10, by=by(TODAY))
    service.collect_events()

    with pytest.raises(GuideRuleViolated) as refused:
        service.set_fee(for_mission="PAR", fee=Fee(Decimal("10.00"), "EUR"), by=by(TODAY))

    assert (refused.value.code, refused.value.field) == ("NO_CHANGE", "amount")
    assert_nothing_pending(service)


def test_renaming_changes_only_the_languages_given() -> None:
    service = define()

    service.rename(names={"fr": "Certificat de résidence"}, descriptions={}, by=by(TODAY))

    assert service.names == {**NAMES, "fr": "Certificat de résidence"}
    assert service.descriptions == DESCRIPTIONS


def test_renaming_to_the_same_text_is_refused() -> None:
    service = define()
    service.collect_events()

    with pytest.raises(GuideRuleViolated) as refused:
        service.rename(names={"fr": NAMES["fr"]}, descriptions={}, by=by(TODAY))

    assert refused.value.code == "NO_CHANGE"
    assert_nothing_pending(service)


def test_a_service_is_offered_at_a_mission_with_a_fee_by_its_channels() -> None:
    service = define()
    service.set_fee(for_mission="PAR", fee=EUR_10, by=by(TODAY))

    assert service.offer(mission="PAR", channel="POST") == EUR_10


@pytest.mark.parametrize(
    ("mission", "channel", "code", "field"),
    [
        ("MTL", "POST", "SERVICE_NOT_OFFERED", "service_code"),
        ("PAR", "ONLINE", "CHANNEL_NOT_OFFERED", "channel"),
    ],
)
def test_a_service_is_not_offered_without_a_fee_there_or_by_another_channel(
    mission: str, channel: str, code: str, field: str
) -> None:
    service = define()
    service.set_fee(for_mission="PAR", fee=EUR_10, by=by(TODAY))

    with pytest.raises(GuideRuleViolated) as refused:
        service.offer(mission=mission, channel=channel)

    assert (refused.value.code, refused.value.field) == (code, field)


def test_a_retired_service_is_neither_offered_nor_changed_nor_retired_again() -> None:
    service = define()
    service.set_fee(for_mission="PAR", fee=EUR_10, by=by(TODAY))
    service.retire(reason="merged into CIVIL_STATUS_COPY", by=by(TODAY))
    service.collect_events()

    for attempt in (
        lambda: service.offer(mission="PAR", channel="POST"),
        lambda: service.set_fee(for_mission="PAR", fee=Fee(Decimal(1), "EUR"), by=by(TODAY)),
        lambda: service.rename(names={"fr": "X"}, descriptions={}, by=by(TODAY)),
        lambda: service.retire(reason="again", by=by(TODAY)),
    ):
        with pytest.raises(GuideRuleViolated) as refused:
            attempt()
        assert refused.value.code == "SERVICE_RETIRED"
    assert_nothing_pending(service)


def test_the_catalogue_lists_each_code_once_in_the_order_defined() -> None:
    catalogue = ServiceCatalogue.list_service(None, code="LEGALISATION", by=by(TODAY))
    ServiceCatalogue.list_service(catalogue, code="CONSULAR_CARD", by=by(TODAY))
    catalogue.collect_events()

    with pytest.raises(GuideRuleViolated) as refused:
        ServiceCatalogue.list_service(catalogue, code="LEGALISATION", by=by(TODAY))

    assert catalogue.id == ServiceCatalogue.ID
    assert catalogue.codes == ["LEGALISATION", "CONSULAR_CARD"]
    assert (refused.value.code, refused.value.field) == ("SERVICE_EXISTS", "code")
    assert_nothing_pending(catalogue)
