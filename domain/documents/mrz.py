"""Machine-readable zones per ICAO Doc 9303: TD3 (passport) and TD1 (ID card), made and read.

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
from typing import TYPE_CHECKING

import pycountry

from domain.errors import MrzInvalid

if TYPE_CHECKING:
    from collections.abc import Sequence

FILLER = "<"
NUMBER_WIDTH = 9
"""The document-number field; longer numbers would need Doc 9303's overflow, which we never make."""
_WEIGHTS = (7, 3, 1)
_CHARSET = re.compile(r"^[A-Z0-9<]*$")
_NAME_CHARSET = re.compile(r"^[A-Z<]*$")

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

# Codes Doc 9303 Part 3 adds to ISO 3166-1 alpha-3 (UTO is the specimens' Utopia).
_ICAO_CODES = frozenset(
    {"D", "UTO", "EUE", "GBD", "GBN", "GBO", "GBP", "GBS", "RKS", "UNA", "UNK", "UNO"}
    | {"XBA", "XCC", "XCE", "XCO", "XDC", "XEC", "XES", "XIM", "XOM", "XPO", "XXA", "XXB"}
    | {"XXC", "XXX"}
)


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


def _refuse(message: str, code: str) -> MrzInvalid:
    return MrzInvalid(message, field="mrz", code=code)


def _value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if ch == FILLER:
        return 0
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    raise _refuse(f"{ch!r} is not an MRZ character", "MRZ_CHARACTER")


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
                    raise _refuse(msg, "MRZ_NOT_LATIN")
                raise _refuse(f"{ch!r} has no MRZ transliteration", "MRZ_CHARACTER")
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
        raise _refuse("the surname has no letter the MRZ can carry", "MRZ_NAME")
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
    if len(value) > width or not _CHARSET.match(value):
        raise _refuse(f"the {what} does not fit {width} MRZ characters", "MRZ_FIELD")
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


# -- reading ------------------------------------------------------------------------------------


def _check(field: str, digit: str, what: str) -> None:
    if check_digit(field) != digit:
        raise _refuse(f"the {what} check digit is wrong", "MRZ_CHECK_DIGIT")


def _read_date(text: str, what: str, *, reference: date, birth: bool) -> date:
    try:
        year, month, day = int(text[:2]), int(text[2:4]), int(text[4:6])
        # Two-digit years: a birth date is never after `reference`; an expiry lies within
        # fifty years of it either way.
        century = reference.year // 100 * 100
        full = century + year
        if full > reference.year + (0 if birth else 50):
            full -= 100
        elif not birth and full < reference.year - 50:
            full += 100
        return date(full, month, day)
    except ValueError:
        raise _refuse(f"the {what} is not a date", "MRZ_DATE") from None


def _state(code: str, what: str) -> str:
    bare = code.rstrip(FILLER)
    if bare not in _ICAO_CODES and pycountry.countries.get(alpha_3=bare) is None:
        raise _refuse(f"the {what} {code!r} is not an ICAO country code", "MRZ_COUNTRY")
    return bare


def _names(field: str) -> tuple[str, str]:
    if not _NAME_CHARSET.match(field):
        raise _refuse("the name field holds characters other than letters", "MRZ_NAME")
    primary, _, secondary = field.rstrip(FILLER).partition(FILLER * 2)
    if not primary:
        raise _refuse("the name field has no surname", "MRZ_NAME")
    return primary.replace(FILLER, " "), " ".join(w for w in secondary.split(FILLER) if w)


def _format_of(lines: Sequence[str]) -> MrzFormat:
    for fmt in MrzFormat:
        if len(lines) == LINES[fmt] and all(len(line) == WIDTH[fmt] for line in lines):
            return fmt
    raise _refuse("an MRZ is two lines of 44 (TD3) or three lines of 30 (TD1)", "MRZ_FORMAT")


def decode(lines: Sequence[str], *, reference: date) -> MrzData:
    """Validate a zone (format, characters, check digits, dates, codes) and read its fields.

    `reference` (usually today) places two-digit years in their century.
    """
    fmt = _format_of(lines)
    if not all(_CHARSET.match(line) for line in lines):
        raise _refuse("an MRZ holds only A-Z, 0-9 and <", "MRZ_CHARACTER")
    if fmt is MrzFormat.TD3:
        line1, line2 = lines
        if line1[0] != "P":
            raise _refuse("a TD3 zone here must be a passport's (P)", "MRZ_FORMAT")
        number, born, expires = line2[0:10], line2[13:20], line2[21:28]
        personal, optional_2 = line2[28:42], ""
        nationality, sex, name = line2[10:13], line2[20], line1[5:]
        composite, covered = line2[43], number + born + line2[21:43]
    else:
        line1, line2, name = lines
        if line1[0] not in "IAC":
            raise _refuse("a TD1 zone must be an identity card's (I, A or C)", "MRZ_FORMAT")
        number, born, expires = line1[5:15], line2[0:7], line2[8:15]
        personal, optional_2 = line1[15:30], line2[18:29]
        nationality, sex = line2[15:18], line2[7]
        composite, covered = line2[29], line1[5:30] + born + expires + optional_2
    _check(number[:9], number[9], "document number")
    _check(born[:6], born[6], "birth date")
    _check(expires[:6], expires[6], "expiry date")
    # TD3's personal number has its own check digit, which may be a filler when it is empty.
    if fmt is MrzFormat.TD3 and not (line2[42] == FILLER and not personal.strip(FILLER)):
        _check(personal, line2[42], "personal number")
    _check(covered, composite, "composite")
    if sex not in {"F", "M", FILLER}:
        raise _refuse("the sex is F, M or <", "MRZ_CHARACTER")
    surname, given_names = _names(name)
    return MrzData(
        format=fmt,
        document_code=line1[0:2].rstrip(FILLER),
        issuing_state=_state(line1[2:5], "issuing state"),
        document_number=number[:9].rstrip(FILLER),
        surname=surname,
        given_names=given_names,
        nationality=_state(nationality, "nationality"),
        birth_date=_read_date(born, "birth date", reference=reference, birth=True),
        sex=sex,
        expiry_date=_read_date(expires, "expiry date", reference=reference, birth=False),
        optional_data=personal.rstrip(FILLER),
        optional_data_2=optional_2.rstrip(FILLER),
    )
