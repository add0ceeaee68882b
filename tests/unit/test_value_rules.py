"""The rules of each kind of value, as pure functions: what they refuse, and with which code."""

from __future__ import annotations

import pytest

from domain import value_rules as v
from domain.errors import ValueRuleViolated


def code_of(kind: v.Kind, value: str) -> str:
    with pytest.raises(ValueRuleViolated) as refused:
        kind.check(value)
    assert refused.value.field is None  # each entry point names its own field
    return refused.value.code


@pytest.mark.parametrize("kind", [v.LATIN_NAME, v.FULL_NAME, v.PLACE, v.TEXT, v.ADDRESS, v.NOTE])
@pytest.mark.parametrize(
    "control", ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f", "\u202e", "\u2067", "\udc80"]
)
def test_no_text_of_any_kind_holds_a_control_character(kind: v.Kind, control: str) -> None:
    assert code_of(kind, f"Ab{control}cd") == "INVALID_CHARACTER"


@pytest.mark.parametrize("kind", [v.FULL_NAME, v.PLACE, v.TEXT])
@pytest.mark.parametrize("line_break", ["\n", "\r", "\t", "\u2028", "\u2029"])
def test_a_one_line_text_holds_no_line_break(kind: v.Kind, line_break: str) -> None:
    assert code_of(kind, f"Ab{line_break}cd") == "INVALID_CHARACTER"


@pytest.mark.parametrize("kind", [v.ADDRESS, v.NOTE])
def test_an_address_or_a_note_may_span_lines(kind: v.Kind) -> None:
    assert kind.check("12 rue de la Paix\r\n\t75002 Paris") == "12 rue de la Paix\r\n\t75002 Paris"


def test_direction_marks_stay_allowed_in_free_text_but_not_in_names() -> None:
    assert v.TEXT.check("Jugement \u200fرقم 12") == "Jugement \u200fرقم 12"
    assert code_of(v.ARABIC_NAME, "يوسف\u200f") == "INVALID_CHARACTER"


def test_surrounding_whitespace_is_trimmed_before_the_rules() -> None:
    assert v.COUNTRY.check(" fra\n") == "FRA"
    assert v.LATIN_NAME.check("  El   Amrani ") == "El Amrani"


@pytest.mark.parametrize(
    ("kind", "value", "code"),
    [
        (v.LATIN_NAME, "يوسف", "SCRIPT"),
        (v.ARABIC_NAME, "Youssef", "SCRIPT"),
        (v.LATIN_NAME, "A" * 61, "TOO_LONG"),
        (v.PLACE, "   ", "REQUIRED"),
        (v.NATIONAL_ID_NUMBER, "12AB", "INVALID_FORMAT"),
        (v.COUNTRY, "XYZ", "UNKNOWN_COUNTRY"),
        (v.SEX, "X", "INVALID_CHOICE"),
        (v.DATE, "1990-02-30", "INVALID_DATE"),
        (v.DATE, "1990-04-12T00:00", "INVALID_DATE"),
    ],
)
def test_each_kind_refuses_with_the_code_enrolment_documents(
    kind: v.Kind, value: str, code: str
) -> None:
    assert code_of(kind, value) == code
