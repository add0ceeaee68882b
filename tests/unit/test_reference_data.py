"""Reference data: the missions migration and the demo name lists."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import pytest

from register.demo.names import (
    BIRTH_PLACES,
    FAMILY_NAMES,
    FEMALE_GIVEN_NAMES,
    MALE_GIVEN_NAMES,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
MISSIONS_SQL = REPO_ROOT / "migrations" / "common" / "0002.missions.sql"

_SQL_STRING = r"'((?:[^']|'')*)'"
_ROW = re.compile(r"\(\s*" + r"\s*,\s*".join([_SQL_STRING] * 6) + r"\s*\)")
LATIN_NAME = re.compile(r"^[A-Za-z' -]{1,40}$")


class Mission(NamedTuple):
    code: str
    kind: str
    city: str
    country: str
    timezone: str
    languages: str


def _unquote(value: str) -> str:
    return value.replace("''", "'")


def _sql_without_comments() -> str:
    lines = MISSIONS_SQL.read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.lstrip().startswith("--"))


@pytest.fixture(scope="module")
def missions() -> list[Mission]:
    return [
        Mission(*(_unquote(group) for group in match.groups()))
        for match in _ROW.finditer(_sql_without_comments())
    ]


def test_migration_declares_its_dependency_on_the_missions_table() -> None:
    first_line = MISSIONS_SQL.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "-- depends: 0001.reference-tables"


def test_migration_lists_between_55_and_65_missions(missions: list[Mission]) -> None:
    assert 55 <= len(missions) <= 65


def test_migration_runs_on_sqlite_and_inserts_every_parsed_row(
    missions: list[Mission],
) -> None:
    db = sqlite3.connect(":memory:")
    try:
        db.execute(
            "CREATE TABLE missions(code TEXT PRIMARY KEY, kind TEXT NOT NULL,"
            " city TEXT NOT NULL, country CHAR(3) NOT NULL,"
            " timezone TEXT NOT NULL, languages TEXT NOT NULL)"
        )
        db.executescript(MISSIONS_SQL.read_text(encoding="utf-8"))
        stored = {Mission(*row) for row in db.execute("SELECT * FROM missions")}
    finally:
        db.close()
    assert stored == set(missions)


def test_mission_codes_are_unique_three_upper_case_letters(
    missions: list[Mission],
) -> None:
    codes = [m.code for m in missions]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"[A-Z]{3}", code) for code in codes)


@pytest.mark.parametrize(
    ("code", "city"),
    [
        ("PAR", "Paris"),
        ("MTL", "Montréal"),
        ("DXB", "Dubai"),
        ("BRU", "Brussels"),
        ("MAD", "Madrid"),
        ("BER", "Berlin"),
        ("IST", "Istanbul"),
        ("NYC", "New York"),
    ],
)
def test_required_mission_code_designates_its_city(
    missions: list[Mission], code: str, city: str
) -> None:
    by_code = {m.code: m for m in missions}
    assert code in by_code
    assert by_code[code].city == city


def test_every_mission_timezone_is_a_valid_iana_zone(
    missions: list[Mission],
) -> None:
    for mission in missions:
        assert ZoneInfo(mission.timezone).key == mission.timezone


def test_every_mission_country_is_three_upper_case_letters(
    missions: list[Mission],
) -> None:
    assert all(re.fullmatch(r"[A-Z]{3}", m.country) for m in missions)


def test_every_mission_is_an_embassy_or_a_consulate(
    missions: list[Mission],
) -> None:
    assert {m.kind for m in missions} <= {"embassy", "consulate"}


def test_every_mission_lists_two_letter_language_codes(
    missions: list[Mission],
) -> None:
    for mission in missions:
        assert re.fullmatch(r"[a-z]{2}(,[a-z]{2})*", mission.languages)


def _is_arabic_script(text: str) -> bool:
    return bool(text.strip()) and all(
        char == " " or unicodedata.name(char, "").startswith("ARABIC LETTER") for char in text
    )


NAME_LISTS = {
    "male given": MALE_GIVEN_NAMES,
    "female given": FEMALE_GIVEN_NAMES,
    "family": FAMILY_NAMES,
}


@pytest.mark.parametrize("names", NAME_LISTS.values(), ids=NAME_LISTS.keys())
def test_demo_latin_names_use_only_letters_spaces_hyphens_and_apostrophes(
    names: tuple[tuple[str, str], ...],
) -> None:
    assert all(LATIN_NAME.fullmatch(latin) for latin, _ in names)


@pytest.mark.parametrize("names", NAME_LISTS.values(), ids=NAME_LISTS.keys())
def test_demo_arabic_names_use_only_arabic_letters_and_spaces(
    names: tuple[tuple[str, str], ...],
) -> None:
    assert [arabic for _, arabic in names if not _is_arabic_script(arabic)] == []


@pytest.mark.parametrize("names", NAME_LISTS.values(), ids=NAME_LISTS.keys())
def test_demo_name_lists_have_no_duplicates(
    names: tuple[tuple[str, str], ...],
) -> None:
    assert len({latin for latin, _ in names}) == len(names)


def test_demo_birth_places_name_a_city_and_an_alpha3_country() -> None:
    assert BIRTH_PLACES
    for city, country in BIRTH_PLACES:
        assert city.strip()
        assert re.fullmatch(r"[A-Z]{3}", country)
