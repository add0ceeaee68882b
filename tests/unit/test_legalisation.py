"""Legalisation: what is attested, the unguessable verification code, and revocation."""

from __future__ import annotations

import re
from typing import Any
from uuid import uuid4

import pytest

from domain.errors import LegalisationRuleViolated
from domain.services.legalisation import (
    Legalisation,
    LegalisationCodeIndex,
    new_code,
    normalise_code,
)

from .builders import TODAY, assert_nothing_pending, by, replay

CODE = re.compile(r"([0-9A-HJKMNP-TV-Z]{4}-){3}[0-9A-HJKMNP-TV-Z]{4}")
CITIZEN = uuid4()


def legalise(**overrides: Any) -> Legalisation:
    fields: dict[str, Any] = {
        "citizen_id": CITIZEN,
        "document_kind": "birth certificate",
        "issuing_authority": "Mairie de Lyon",
        "signer_name": "Claire Martin",
        "signer_capacity": "officier d'état civil",
        "sealing_authority": None,
        "document_sha256": None,
        "by": by(TODAY, actor="officer.cairo", mission="CAI"),
    }
    fields.update(overrides)
    return Legalisation.legalise(**fields)


def test_a_legalisation_records_the_document_the_signer_and_the_officer() -> None:
    legalisation = legalise()

    assert (legalisation.officer, legalisation.mission, legalisation.legalised_on) == (
        "officer.cairo",
        "CAI",
        TODAY,
    )
    assert (legalisation.signer_name, legalisation.signer_capacity) == (
        "Claire Martin",
        "officier d'état civil",
    )
    assert CODE.fullmatch(legalisation.code)
    assert re.fullmatch(r"CAI-2026-[0-9A-Z]{5}-[0-9A-Z]{5}", legalisation.number)
    [event] = legalisation.collect_events()
    assert type(event) is Legalisation.DocumentLegalised
    assert event.citizen_id == CITIZEN


def test_a_seal_may_be_attested_without_a_signer() -> None:
    legalisation = legalise(
        signer_name=None, signer_capacity=None, sealing_authority="Ministry of Justice"
    )

    assert legalisation.sealing_authority == "Ministry of Justice"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"signer_name": None, "signer_capacity": None}, "signer_name"),
        ({"signer_capacity": None}, "signer_capacity"),
        ({"signer_name": None}, "signer_name"),
    ],
)
def test_a_legalisation_names_a_signer_and_capacity_or_a_sealing_authority(
    overrides: dict[str, Any], field: str
) -> None:
    with pytest.raises(LegalisationRuleViolated) as refused:
        legalise(**overrides)

    assert (refused.value.code, refused.value.field) == ("REQUIRED", field)


def test_codes_are_random_80_bit_strings_in_four_groups() -> None:
    codes = {new_code() for _ in range(2000)}

    assert len(codes) == 2000
    assert all(CODE.fullmatch(c) for c in codes)
    # 16 characters of a 32-letter alphabet, 80 bits: even the first group hardly repeats,
    # where a sequence would share it.
    assert len({c[:4] for c in codes}) > 1990


def test_a_typed_code_is_read_as_issued_and_a_malformed_one_is_none() -> None:
    code = "7K3F-9Q2M-XA4B-C8DE"

    assert normalise_code(" 7k3f 9q2m xa4b c8de ") == code
    assert normalise_code("7K3F9Q2MXA4BC8DE") == code
    assert normalise_code("7K3F-9Q2M-XA4B-C8DO") == "7K3F-9Q2M-XA4B-C8D0"
    for malformed in ("", "7K3F-9Q2M-XA4B", "7K3F-9Q2M-XA4B-C8DEX", "7K3F-9Q2M-XA4B-C8DU"):
        assert normalise_code(malformed) is None


def test_revocation_is_recorded_once_with_its_reason() -> None:
    legalisation = legalise()
    legalisation.revoke(reason="the signature was forged", by=by(TODAY))
    events = legalisation.collect_events()

    with pytest.raises(LegalisationRuleViolated) as refused:
        legalisation.revoke(reason="again", by=by(TODAY))

    assert legalisation.revoked
    assert (legalisation.revoked_on, legalisation.revocation_reason) == (
        TODAY,
        "the signature was forged",
    )
    assert (refused.value.code, refused.value.field) == ("ALREADY_REVOKED", "legalisation_id")
    assert_nothing_pending(legalisation)
    assert replay(events).revocation_reason == "the signature was forged"
    assert {e.citizen_id for e in events} == {CITIZEN}


def test_the_code_index_is_found_by_the_code_alone() -> None:
    legalisation = legalise()

    index = LegalisationCodeIndex.assign(legalisation, by=by(TODAY))

    assert index.id == LegalisationCodeIndex.id_for(legalisation.code)
    assert index.legalisation_id == legalisation.id
