"""Machine-readable zones per ICAO Doc 9303: TD3 (passport) and TD1 (ID card), and how one is
made (a zone is read back by domain.documents.mrz_reading).

Only `A-Z 0-9 <` may appear. Names are transliterated (diacritics removed, Doc 9303 Part 3's
special letters spelled out) and truncated secondary identifier first; every numeric field
carries a 7-3-1 check digit, and a composite check digit covers the line's data.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import Enum

from domain.errors import MrzInvalid

FILLER = "<"
NUMBER_WIDTH = 9
"""The document-number field; longer numbers would need Doc 9303's overflow, which we never make."""
_WEIGHTS = (7, 3, 1)
CHARSET = re.compile(r"^[A-Z0-9<]*$")

# Doc 9303 Part 3, section 6: letters that lose more than an accent are spelled out.
_SPELLED_OUT = {
    "Ä": "AE",
    "Å": "AA",
    "Æ": "AE",
    "Ö": "OE",
    "Ø": "OE",
    "Ü": "UE",
    "Œ": "OE",
    "Þ": "TH",
    "Ð": "D",
    "Đ": "D",
    "Ħ": "H",
    "Ĳ": "IJ",
    "Ł": "L",
    "Ŋ": "N",
    "Ŀ": "L",
}
_SEPARATORS = frozenset(" -,\u2010\u2011")
"""Word separators become a filler."""
_DROPPED = frozenset("'.\u2019\u02bc`")
"""Apostrophes and full stops are left out (D'Souza → DSOUZA)."""

class MrzFormat(Enum):
    TD1 = "TD1"
    """Three lines of 30: national ID cards."""
    TD3 = "TD3"
    """Two lines of 44: passport booklets."""


WIDTH = {MrzFormat.TD1: 30, MrzFormat.TD3: 44}
LINES = {MrzFormat.TD1: 3, MrzFormat.TD3: 2}


@dataclass(frozen=True)
class MrzData:
    """What a machine-readable zone says; names in MRZ letters, words separated by spaces."""

    format: MrzFormat
    document_code: str
    """`P` for a passport, `ID` for an identity card (without the trailing filler)."""
    issuing_state: str
    document_number: str
    surname: str
    """The primary identifier."""
    given_names: str
    """The secondary identifier; empty when the holder has none."""
    nationality: str
    birth_date: date
    sex: str
    """`F`, `M`, or `<` when unspecified."""
    expiry_date: date
    optional_data: str = ""
    """TD3: the personal number (here the national ID number); TD1: line 1's optional data."""
    optional_data_2: str = ""
    """TD1 only: line 2's optional data."""


def refuse(message: str, code: str) -> MrzInvalid:
    """A zone (or a field of one) that breaks Doc 9303, refused on the document's `mrz`."""
    return MrzInvalid(message, field="mrz", code=code)


def _value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if ch == FILLER:
        return 0
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    raise refuse(f"{ch!r} is not an MRZ character", "MRZ_CHARACTER")


def check_digit(field: str) -> str:
    """Doc 9303 Part 3 §4.9: weights 7-3-1 over digits, A=10…Z=35 and `<`=0, modulo 10."""
    return str(sum(_value(ch) * _WEIGHTS[i % 3] for i, ch in enumerate(field)) % 10)


@functools.lru_cache(maxsize=8192)  # names repeat: a bulk import spells each once
def transliterate(name: str) -> str:
    """A Latin-script name in MRZ letters, words joined by one filler (Émilie → EMILIE)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", name).upper():
        if ch in _SEPARATORS:
            out.append(FILLER)
        elif ch in _DROPPED:
            continue
        elif ch in _SPELLED_OUT:
            out.append(_SPELLED_OUT[ch])
        else:
            base = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            if not re.fullmatch(r"[A-Z]*", base):
                if "ARABIC" in unicodedata.name(ch, ""):
                    msg = "an Arabic name goes into the MRZ by its recorded Latin form"
                    raise refuse(msg, "MRZ_NOT_LATIN")
                raise refuse(f"{ch!r} has no MRZ transliteration", "MRZ_CHARACTER")
            out.append(base)
    return re.sub(r"<+", FILLER, "".join(out)).strip(FILLER)


def _cut(text: str, n: int) -> str:
    """`text` cut to `n` characters, ending on a letter, which marks a truncated name.

    When the cut falls between words, the last word that can spare a letter loses one and the
    next word's first letter ends the field; a one-letter word is kept whole, since dropping it
    would leave a double filler, which ends the surname, inside a name.
    """
    cut = text[:n]
    if not cut.endswith(FILLER):
        return cut
    words = cut[:-1].split(FILLER)
    for i in reversed(range(len(words))):
        if len(words[i]) > 1:
            words[i] = words[i][:-1]
            return FILLER.join(words) + FILLER + text[n]
    return cut[:-1] + text[n]  # initials only: the last two run together


def name_field(surname: str, given_names: str, width: int) -> str:
    """`SURNAME<<GIVEN<NAMES` padded to `width`; too long, the given names are cut first."""
    primary, secondary = transliterate(surname), transliterate(given_names)
    if not primary:
        raise refuse("the surname has no letter the MRZ can carry", "MRZ_NAME")
    full = primary + (FILLER * 2 + secondary if secondary else "")
    if len(full) <= width:
        return full.ljust(width, FILLER)
    if not secondary:
        return _cut(primary, width)
    if len(primary) + 3 <= width:
        return primary + FILLER * 2 + _cut(secondary, width - len(primary) - 2)
    return _cut(primary, width - 3) + FILLER * 2 + secondary[0]


def _field(value: str, width: int, what: str) -> str:
    value = value.upper()
    if len(value) > width or not CHARSET.match(value):
        raise refuse(f"the {what} does not fit {width} MRZ characters", "MRZ_FIELD")
    return value.ljust(width, FILLER)


def _date(day: date) -> str:
    return day.strftime("%y%m%d")


def _with_digit(field: str) -> str:
    return field + check_digit(field)


def encode(data: MrzData) -> tuple[str, ...]:
    """The lines of the zone for `data`, with every check digit computed."""
    width = WIDTH[data.format]
    code = _field(data.document_code, 2, "document code")
    state = _field(data.issuing_state, 3, "issuing state")
    nationality = _field(data.nationality, 3, "nationality")
    number = _with_digit(_field(data.document_number, NUMBER_WIDTH, "document number"))
    born = _with_digit(_date(data.birth_date))
    expires = _with_digit(_date(data.expiry_date))
    sex = data.sex if data.sex in {"F", "M"} else FILLER
    if data.format is MrzFormat.TD3:
        names = name_field(data.surname, data.given_names, width - 5)
        personal = _field(data.optional_data, 14, "personal number")
        personal += FILLER if not personal.strip(FILLER) else check_digit(personal)
        body = number + nationality + born + sex + expires + personal
        composite = check_digit(number + born + expires + personal)
        return code + state + names, body + composite
    names = name_field(data.surname, data.given_names, width)
    line1 = code + state + number + _field(data.optional_data, 15, "optional data")
    optional_2 = _field(data.optional_data_2, 11, "optional data")
    line2 = born + sex + expires + nationality + optional_2
    composite = check_digit(line1[5:30] + born + expires + optional_2)
    return line1, line2 + composite, names
