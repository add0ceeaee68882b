"""Tracking numbers: their shape, their check character, and what a person may type."""

from __future__ import annotations

import re
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.services import tracking_number as tn
from domain.services.tracking_number import TrackingNumberIndex, TrackingNumberInvalid

from .builders import TODAY, by

SHAPE = re.compile(r"[A-Z]{3}-\d{4}-[0-9A-HJKMNP-TV-Z]{6}-[0-9A-Z]")
MISSIONS = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3)
YEARS = st.integers(min_value=2000, max_value=2099)
# Any compact number (no hyphens) the register could have issued: payload + its check.
PAYLOADS = st.text(alphabet=tn.ALPHABET[:36], min_size=1, max_size=36)


def compact(number: str) -> str:
    return number.replace("-", "")


def test_a_new_number_names_the_mission_and_year_and_ends_in_its_check() -> None:
    number = tn.issue("PAR", 2026)

    assert SHAPE.fullmatch(number), number
    assert number.startswith("PAR-2026-")
    assert tn.is_valid(compact(number))
    assert tn.parse(number) == number


@given(MISSIONS, YEARS)
def test_a_number_is_never_issued_with_a_star(mission: str, year: int) -> None:
    number = tn.issue(mission, year)

    assert "*" not in number
    assert SHAPE.fullmatch(number)


def test_the_check_is_iso_7064_mod_37_2() -> None:
    # ISO 7064's pure system: the whole string, check included, is ≡ 1 (mod 37).
    payload = "PAR20267K3F9Q"
    check = tn.check_character(payload)
    total = 0
    for ch in payload + check:
        total = (total * 2 + tn.ALPHABET.index(ch)) % 37
    assert total == 1


@given(PAYLOADS, st.data())
def test_every_single_character_typed_wrong_is_caught(payload: str, data: st.DataObject) -> None:
    number = payload + tn.check_character(payload)
    i = data.draw(st.integers(min_value=0, max_value=len(number) - 1))
    wrong = data.draw(st.sampled_from(tn.ALPHABET[:36]).filter(lambda ch: ch != number[i]))

    assert not tn.is_valid(number[:i] + wrong + number[i + 1 :])


@given(PAYLOADS, st.data())
def test_every_swap_of_two_neighbouring_characters_is_caught(
    payload: str, data: st.DataObject
) -> None:
    number = payload + tn.check_character(payload)
    swappable = [i for i in range(len(number) - 1) if number[i] != number[i + 1]]
    if not swappable:
        return
    i = data.draw(st.sampled_from(swappable))

    assert not tn.is_valid(number[:i] + number[i + 1] + number[i] + number[i + 2 :])


def test_case_spaces_and_hyphens_do_not_matter_and_crockford_letters_read_as_digits() -> None:
    check = tn.check_character("PAR20261K3F0Q")
    number = f"PAR-2026-1K3F0Q-{check}"

    assert tn.parse(f"  par 2026 lk3foq {check.lower()} ") == number
    assert tn.parse(f"PAR2026IK3FOQ{check}") == number


@pytest.mark.parametrize(
    "typed",
    ["", "PAR-2026-7K3F9Q", "PA-2026-7K3F9Q-X", "PAR-26-7K3F9Q-X", "PAR-2026-7K3F9Q-XY", "☃"],
)
def test_a_malformed_number_is_refused(typed: str) -> None:
    with pytest.raises(TrackingNumberInvalid, match="reads like PAR-2026-7K3F9Q-X"):
        tn.parse(typed)


def test_a_number_with_a_wrong_check_character_is_refused() -> None:
    number = tn.issue("MTL", 2026)
    wrong = "A" if number[-1] != "A" else "B"

    with pytest.raises(TrackingNumberInvalid, match="check character does not match"):
        tn.parse(number[:-1] + wrong)


def test_the_index_of_a_number_has_the_id_derived_from_the_number() -> None:
    request_id = uuid4()
    index = TrackingNumberIndex.assign(
        tracking_number="PAR-2026-7K3F9Q-X", service_request_id=request_id, by=by(TODAY)
    )

    assert index.id == TrackingNumberIndex.id_for("PAR-2026-7K3F9Q-X")
    assert index.service_request_id == request_id
    assert [type(e) for e in index.collect_events()] == [TrackingNumberIndex.Created]
