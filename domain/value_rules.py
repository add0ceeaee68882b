"""The rules each kind of value obeys, wherever it enters: commands, corrections, imports."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pycountry

from domain.errors import ValueRuleViolated

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Embeddings, overrides and isolates: they reorder how a value is shown (a name that reads
differently from what is stored), so no value may carry them. The marks (LRM, RLM, ALM) only
hint a direction and stay allowed in free text."""
LINE_BREAKS = frozenset("\t\n\r")
"""The only control characters a multi-line text (an address, a case note) may hold."""
NATIONAL_ID = re.compile(r"[A-Z]{1,2}[0-9]{5,6}")
"""The CNIE number: one or two letters, then five or six digits (e.g. BK123456)."""
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
SEXES = {"F": "F", "M": "M", "FEMALE": "F", "MALE": "M"}
"""The register's codes, and the API enum's names for them."""
NAME_PUNCTUATION = frozenset(" '-.")


def refuse(code: str, message: str) -> ValueRuleViolated:
    """A refusal without a field: each entry point names the field it read the value from."""
    return ValueRuleViolated(message, code=code)


def plain_text(value: str, *, multiline: bool = False) -> str:
    """Any text: no control characters (NUL included: PostgreSQL text cannot hold it), no lone
    surrogates (no UTF-8 encodes them), no bidirectional overrides; tabs and line breaks only
    in a multi-line text."""
    if value.isprintable():  # the common case, at C speed: no control or format character
        return value
    for ch in value:
        if ch in BIDI_CONTROLS:
            msg = f"may not hold the bidirectional control character U+{ord(ch):04X}"
            raise refuse("INVALID_CHARACTER", msg)
        if multiline and ch in LINE_BREAKS:
            continue
        if unicodedata.category(ch) in ("Cc", "Cs") or ch in "\u2028\u2029":
            msg = f"may not hold the control character U+{ord(ch):04X}"
            raise refuse("INVALID_CHARACTER", msg)
    return value


def multiline_text(value: str) -> str:
    return plain_text(value, multiline=True)


def _script_name(script: str, value: str) -> str:
    plain_text(value)
    value = " ".join(value.split())
    for ch in value:
        if ch.isalpha() and script not in unicodedata.name(ch, ""):
            raise refuse("SCRIPT", f"must be written in {script.title()} script")
        if not ch.isalpha() and ch not in NAME_PUNCTUATION:
            raise refuse(
                "INVALID_CHARACTER", "may hold letters, spaces, hyphens and apostrophes only"
            )
    return value


def latin_name(value: str) -> str:
    return _script_name("LATIN", value)


def arabic_name(value: str) -> str:
    return _script_name("ARABIC", value)


def national_id(value: str) -> str:
    value = plain_text(value).replace(" ", "").upper()
    if not NATIONAL_ID.fullmatch(value):
        raise refuse(
            "INVALID_FORMAT", "a national ID is one or two letters then five or six digits"
        )
    return value


def country(value: str) -> str:
    value = value.strip().upper()
    if len(value) != 3 or pycountry.countries.get(alpha_3=value) is None:
        raise refuse("UNKNOWN_COUNTRY", "must be an ISO 3166-1 alpha-3 country code")
    return value


def sex(value: str) -> str:
    code = SEXES.get(value)
    if code is None:
        raise refuse("INVALID_CHOICE", "sex is F or M (FEMALE or MALE)")
    return code


def calendar_date(value: str) -> date:
    """A date written YYYY-MM-DD, and nothing else (no time, no timestamp)."""
    if not ISO_DATE.fullmatch(value):
        raise refuse("INVALID_DATE", "a date is written YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError as e:
        raise refuse("INVALID_DATE", f"not a calendar date ({e})") from None


def iso_date(value: str) -> str:
    """A calendar date as an entry records it: YYYY-MM-DD."""
    return calendar_date(value).isoformat()


@dataclass(frozen=True)
class Kind:
    """A kind of value: its longest length, and the rule that reads (and normalises) it."""

    read: Callable[[str], str]
    max_length: int | None = None
    multiline: bool = False

    def check(self, value: str) -> str:
        """The whole rule for a value given as text, in the order the input models apply it:
        trimmed, no control characters, present, short enough, well formed."""
        value = plain_text(value.strip(), multiline=self.multiline)
        if not value:
            raise refuse("REQUIRED", "must not be blank")
        if self.max_length is not None and len(value) > self.max_length:
            raise refuse("TOO_LONG", f"must be at most {self.max_length} characters")
        return self.read(value)


LATIN_NAME = Kind(latin_name, 60)
ARABIC_NAME = Kind(arabic_name, 60)
FULL_NAME = Kind(plain_text, 120)
"""A person named in full, in either script (a parent, a spouse outside the register)."""
PLACE = Kind(plain_text, 80)
TEXT = Kind(plain_text, 500)
"""A one-line statement: a legal basis, a reason, an authorisation."""
ADDRESS = Kind(multiline_text, 500, multiline=True)
NOTE = Kind(multiline_text, 2000, multiline=True)
"""Casework and long descriptions: several lines by nature."""
NATIONAL_ID_NUMBER = Kind(national_id)
COUNTRY = Kind(country)
SEX = Kind(sex)
DATE = Kind(iso_date)

CITIZEN_ENTRIES: dict[str, Kind] = {
    "given_name": LATIN_NAME,
    "family_name": LATIN_NAME,
    "given_name_ar": ARABIC_NAME,
    "family_name_ar": ARABIC_NAME,
    "birth_place": PLACE,
    "father_name": FULL_NAME,
    "mother_name": FULL_NAME,
    "sex": SEX,
    "birth_date": DATE,
    "birth_country": COUNTRY,
    "nationality": COUNTRY,
    "national_id": NATIONAL_ID_NUMBER,
}
"""The kind of each entry of a citizen's record, by its domain name: enrolment's input model
and a correction's new value are read by the same rule."""
