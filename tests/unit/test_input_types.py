"""GraphQL inputs derived from the command models: one declaration a field."""

from __future__ import annotations

import dataclasses

import pytest
import strawberry

from register.civil_status import inputs as c
from register.civil_status.api import CorrectEntryInput, EnrollCitizenInput, RecordDeathInput
from register.web.input_types import api_order, input_of


def _fields(input_type: type) -> dict[str, dataclasses.Field[object]]:
    return {f.name: f for f in dataclasses.fields(input_type)}


def test_an_input_shows_the_idempotency_key_after_the_fields_of_the_commands_subject() -> None:
    assert api_order(c.RecordDeath) == [
        "citizen_id",
        "expected_version",
        "request_id",
        "effective_date",
        "place",
    ]
    assert list(_fields(RecordDeathInput)) == api_order(c.RecordDeath)


def test_an_input_takes_its_descriptions_and_defaults_from_the_model() -> None:
    fields = _fields(EnrollCitizenInput)
    assert fields["nationality"].default == "MAR"
    assert fields["birth_country"].description == "ISO 3166-1 alpha-3."  # type: ignore[attr-defined]
    assert fields["given_name"].default is dataclasses.MISSING


def test_what_the_input_declares_itself_replaces_the_derived_field() -> None:
    assert _fields(CorrectEntryInput)["new_value"].default is dataclasses.MISSING
    assert c.CorrectEntry.model_fields["new_value"].default is None


def test_an_input_cannot_declare_a_field_its_model_lacks() -> None:
    with pytest.raises(TypeError, match="nickname not among RecordDeath's fields"):

        @input_of(c.RecordDeath)
        class _Input:
            nickname: str


def test_an_order_must_name_every_field_of_the_model() -> None:
    with pytest.raises(TypeError, match="the order names other fields"):

        @input_of(c.RecordDeath, order=["citizen_id", "place"])
        class _Input:
            pass


def test_a_derived_input_is_a_strawberry_input() -> None:
    assert strawberry.asdict(
        RecordDeathInput(citizen_id=strawberry.ID("x"), effective_date="2020-01-01", place="Fès")  # type: ignore[call-arg]
    ) == {
        "citizen_id": "x",
        "expected_version": None,
        "request_id": None,
        "effective_date": "2020-01-01",
        "place": "Fès",
    }
