"""Reading a machine-readable zone back: format, characters, check digits, dates and codes
checked (ICAO Doc 9303), then its fields."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

import pycountry

from domain.documents.mrz import (
    CHARSET,
    FILLER,
    LINES,
    WIDTH,
    MrzData,
    MrzFormat,
    check_digit,
    refuse,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

_NAME_CHARSET = re.compile(r"^[A-Z<]*$")

# Codes Doc 9303 Part 3 adds to ISO 3166-1 alpha-3 (UTO is the specimens' Utopia).
_ICAO_CODES = frozenset(
    {"D", "UTO", "EUE", "GBD", "GBN", "GBO", "GBP", "GBS", "RKS", "UNA", "UNK", "UNO"}
    | {"XBA", "XCC", "XCE", "XCO", "XDC", "XEC", "XES", "XIM", "XOM", "XPO", "XXA", "XXB"}
    | {"XXC", "XXX"}
)


def _check(field: str, digit: str, what: str) -> None:
    if check_digit(field) != digit:
        raise refuse(f"the {what} check digit is wrong", "MRZ_CHECK_DIGIT")


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
        raise refuse(f"the {what} is not a date", "MRZ_DATE") from None


def _state(code: str, what: str) -> str:
    bare = code.rstrip(FILLER)
    if bare not in _ICAO_CODES and pycountry.countries.get(alpha_3=bare) is None:
        raise refuse(f"the {what} {code!r} is not an ICAO country code", "MRZ_COUNTRY")
    return bare


def _names(field: str) -> tuple[str, str]:
    if not _NAME_CHARSET.match(field):
        raise refuse("the name field holds characters other than letters", "MRZ_NAME")
    primary, _, secondary = field.rstrip(FILLER).partition(FILLER * 2)
    if not primary:
        raise refuse("the name field has no surname", "MRZ_NAME")
    return primary.replace(FILLER, " "), " ".join(w for w in secondary.split(FILLER) if w)


def _format_of(lines: Sequence[str]) -> MrzFormat:
    for fmt in MrzFormat:
        if len(lines) == LINES[fmt] and all(len(line) == WIDTH[fmt] for line in lines):
            return fmt
    raise refuse("an MRZ is two lines of 44 (TD3) or three lines of 30 (TD1)", "MRZ_FORMAT")


def decode(lines: Sequence[str], *, reference: date) -> MrzData:
    """Validate a zone (format, characters, check digits, dates, codes) and read its fields.

    `reference` (usually today) places two-digit years in their century.
    """
    fmt = _format_of(lines)
    if not all(CHARSET.match(line) for line in lines):
        raise refuse("an MRZ holds only A-Z, 0-9 and <", "MRZ_CHARACTER")
    if fmt is MrzFormat.TD3:
        line1, line2 = lines
        if line1[0] != "P":
            raise refuse("a TD3 zone here must be a passport's (P)", "MRZ_FORMAT")
        number, born, expires = line2[0:10], line2[13:20], line2[21:28]
        personal, optional_2 = line2[28:42], ""
        nationality, sex, name = line2[10:13], line2[20], line1[5:]
        composite, covered = line2[43], number + born + line2[21:43]
    else:
        line1, line2, name = lines
        if line1[0] not in "IAC":
            raise refuse("a TD1 zone must be an identity card's (I, A or C)", "MRZ_FORMAT")
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
        raise refuse("the sex is F, M or <", "MRZ_CHARACTER")
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
