"""Applying for an identity document, biometrics, approval, rejection, and the issue."""

from __future__ import annotations

from datetime import date

import pytest

from domain.documents import mrz, mrz_reading
from domain.documents.document import Document
from domain.documents.kinds import expiry_date
from domain.errors import (
    CitizenDeceased,
    DateRuleViolated,
    DocumentRuleViolated,
    DocumentTransitionRefused,
)
from tests.unit.builders import TODAY, assert_nothing_pending, by, man, woman
from tests.unit.document_builders import (
    MTL,
    NATIONAL_ID,
    OFFICER,
    PASSPORT,
    S,
    applied,
    approved,
    issued,
    types,
)

# -- application ----------------------------------------------------------------------------------


def test_a_citizen_registered_in_paris_applies_in_montreal() -> None:
    holder = woman()
    assert holder.registered_mission == "PAR"

    document = applied(holder)

    assert (document.kind, document.citizen_id, document.state) == (PASSPORT, holder.id, S.APPLIED)
    assert (document.applied_at, document.collection_mission, document.applied_on) == (
        "MTL",
        "MTL",
        TODAY,
    )
    [event] = document.collect_events()
    assert type(event) is Document.DocumentApplied
    assert (event.actor, event.mission, event.effective_date) == ("clerk.montreal", "MTL", TODAY)


def test_a_deceased_citizen_gets_no_new_document() -> None:
    holder = woman()
    holder.record_death(place="Lyon", by=by(date(2026, 1, 2)), today=TODAY)

    with pytest.raises(CitizenDeceased) as refused:
        applied(holder)

    assert refused.value.field == "citizen_id"


def test_only_nationals_are_issued_documents() -> None:
    with pytest.raises(DocumentRuleViolated) as refused:
        applied(woman(nationality="FRA"))

    assert (refused.value.code, refused.value.field) == ("NOT_A_NATIONAL", "citizen_id")


def test_a_second_application_of_the_same_kind_waits_for_the_first() -> None:
    holder = woman()
    first = applied(holder)

    with pytest.raises(DocumentRuleViolated) as refused:
        applied(holder, others=[first])

    assert (refused.value.code, refused.value.field) == ("APPLICATION_PENDING", "kind")
    assert applied(holder, NATIONAL_ID, others=[first]).kind is NATIONAL_ID


def test_an_application_dated_in_the_future_is_refused() -> None:
    with pytest.raises(DateRuleViolated) as refused:
        Document.apply_for(
            kind=PASSPORT,
            holder=woman(),
            holders_documents=[],
            collection_mission="MTL",
            by=by(date(2026, 6, 2)),
            today=TODAY,
        )

    assert (refused.value.code, refused.value.field) == ("DATE_IN_FUTURE", "effective_date")


# -- biometrics, approval, rejection --------------------------------------------------------------


def test_biometrics_are_recorded_as_reference_ids_only_and_may_be_retaken() -> None:
    document = applied(woman())
    document.collect_events()

    document.capture_biometrics(
        facial_image_ref="face-1", fingerprints_ref=None, by=MTL, today=TODAY
    )
    document.capture_biometrics(
        facial_image_ref="face-2", fingerprints_ref="fp-2", by=MTL, today=TODAY
    )

    assert document.state is S.BIOMETRICS_CAPTURED
    assert document.biometrics == ("face-2", "fp-2")
    assert types(document) == ["BiometricsCaptured", "BiometricsCaptured"]


def test_an_officer_approves_once_the_biometrics_are_captured() -> None:
    document = approved(woman())

    assert document.state is S.APPROVED
    assert document.collect_events()[-1].actor == "officer.dubai"


def test_approval_before_the_biometrics_is_refused_and_records_nothing() -> None:
    document = applied(woman())
    document.collect_events()

    with pytest.raises(DocumentTransitionRefused) as refused:
        document.approve(by=OFFICER, today=TODAY)

    assert (refused.value.code, refused.value.field) == ("INVALID_TRANSITION", "document_id")
    assert_nothing_pending(document)
    assert document.state is S.APPLIED


def test_a_rejection_records_the_officers_reason_and_ends_the_application() -> None:
    document = applied(woman())

    document.reject(reason="the birth certificate is illegible", by=OFFICER, today=TODAY)

    assert (document.state, document.reason) == (S.REJECTED, "the birth certificate is illegible")
    with pytest.raises(DocumentTransitionRefused):
        document.capture_biometrics(
            facial_image_ref="f", fingerprints_ref=None, by=MTL, today=TODAY
        )
    with pytest.raises(DocumentTransitionRefused):
        document.approve(by=OFFICER, today=TODAY)


# -- issue ----------------------------------------------------------------------------------------


def test_issuing_prints_the_number_the_dates_and_a_valid_td3_zone() -> None:
    holder = woman(given_name="Émilie", family_name="Aït-Brahim")

    document = issued(holder)

    assert (document.state, document.number, document.issued_at) == (S.ISSUED, "AB1234567", "DXB")
    assert (document.issued_on, document.expires_on) == (TODAY, date(2036, 5, 31))
    read = mrz_reading.decode(document.mrz, reference=TODAY)
    assert read == mrz.MrzData(
        format=mrz.MrzFormat.TD3,
        document_code="P",
        issuing_state="MAR",
        document_number="AB1234567",
        surname="AIT BRAHIM",
        given_names="EMILIE",
        nationality="MAR",
        birth_date=date(1990, 4, 12),
        sex="F",
        expiry_date=date(2036, 5, 31),
        optional_data="AB123456",
    )


def test_an_arabic_name_goes_into_the_zone_by_its_recorded_latin_form() -> None:
    holder = man(given_name="Mohammed", family_name="Benjelloun")
    assert (holder.names.given_name_ar, holder.names.family_name_ar) == ("يوسف", "التازي")

    document = issued(holder)

    assert document.mrz[0] == "P<MARBENJELLOUN<<MOHAMMED".ljust(44, "<")


def test_a_minors_passport_is_valid_five_years_and_an_id_card_ten_at_any_age() -> None:
    child = woman(birth_date=date(2015, 3, 1), national_id=None)

    passport = issued(child)
    card = issued(child, NATIONAL_ID, number="CD7654321")

    assert passport.expires_on == date(2031, 5, 31)
    assert card.expires_on == date(2036, 5, 31)
    assert [len(line) for line in card.mrz] == [30, 30, 30]
    assert mrz_reading.decode(card.mrz, reference=TODAY).document_code == "ID"


def test_a_document_issued_on_29_february_expires_on_28_february() -> None:
    expires = expiry_date(PASSPORT, birth_date=date(1980, 1, 1), issued_on=date(2024, 2, 29))

    assert expires == date(2034, 2, 28)


def test_issuing_before_approval_is_refused_and_records_nothing() -> None:
    holder = woman()
    document = applied(holder)
    document.collect_events()

    with pytest.raises(DocumentTransitionRefused) as refused:
        document.issue(
            number="AB1234567", holder=holder, holders_documents=[], by=OFFICER, today=TODAY
        )

    assert "APPROVED" in refused.value.message
    assert_nothing_pending(document)


def test_a_new_passport_supersedes_the_previous_valid_one_but_not_the_id_card() -> None:
    holder = woman()
    old_passport = issued(holder, number="AA0000001", on=date(2020, 1, 6))
    card = issued(holder, NATIONAL_ID, number="AA0000002", on=date(2020, 1, 6))
    for d in (old_passport, card):
        d.collect_events()
    new = approved(holder)

    superseded = new.issue(
        number="AA0000003",
        holder=holder,
        holders_documents=[old_passport, card, new],
        by=OFFICER,
        today=TODAY,
    )

    assert superseded == [old_passport]
    assert old_passport.state is S.SUPERSEDED
    [event] = old_passport.collect_events()
    assert (type(event).__name__, event.by_number) == ("DocumentSuperseded", "AA0000003")
    assert_nothing_pending(card)
    assert card.status(TODAY) is S.ISSUED


def test_an_expired_passport_is_not_superseded_it_stays_expired() -> None:
    holder = woman()
    old = issued(holder, number="AA0000001", on=date(2014, 1, 6))
    old.collect_events()

    superseded = approved(holder).issue(
        number="AA0000003", holder=holder, holders_documents=[old], by=OFFICER, today=TODAY
    )

    assert superseded == []
    assert old.status(TODAY) is S.EXPIRED


def test_a_deceased_holders_approved_document_is_not_issued() -> None:
    holder = woman()
    document = approved(holder)
    holder.record_death(place="Lyon", by=by(date(2026, 5, 2)), today=TODAY)
    document.collect_events()

    with pytest.raises(CitizenDeceased):
        document.issue(
            number="AB1234567", holder=holder, holders_documents=[], by=OFFICER, today=TODAY
        )

    assert_nothing_pending(document)
