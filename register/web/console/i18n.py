"""The console's languages: Arabic (right to left), French and English, from gettext catalogs.

The language is the one the person chose (a cookie set by the switch on every page), else the
best match of the browser's Accept-Language, else French. Catalogs are `locales/<lang>/
LC_MESSAGES/messages.po`, compiled to `.mo` by scripts/install.sh; a catalog whose `.mo` is
missing or older than its `.po` is compiled in memory instead, with a warning.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import structlog
from babel import Locale, negotiate_locale
from babel.dates import format_date, format_datetime, get_timezone
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

if TYPE_CHECKING:
    from datetime import date, datetime

log = structlog.get_logger(__name__)
LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"
LANGUAGES = ("ar", "fr", "en")
DEFAULT_LANGUAGE = "fr"
NATIVE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}
"""Each language's name in itself, as the switch shows it: never translated."""


def N_(msgid: str) -> str:  # noqa: N802  # gettext's name for "mark, translate later"
    """Mark `msgid` for the catalogs; it is translated where it is shown."""
    return msgid


def catalog_path(lang: str, suffix: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


@cache
def translations(lang: str) -> Translations:
    po, mo = catalog_path(lang, ".po"), catalog_path(lang, ".mo")
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as f:
            return Translations(f, domain=DOMAIN)
    log.warning("console.catalog_not_compiled", language=lang, hint="run scripts/install.sh")
    with po.open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def accepted(header: str | None) -> list[str]:
    """The languages of an Accept-Language header, most wanted first (q=0 left out)."""
    weighted: list[tuple[float, int, str]] = []
    for i, part in enumerate((header or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if tag and weight > 0:
            weighted.append((-weight, i, tag.strip()))
    return [tag for _, _, tag in sorted(weighted)]


def choose(chosen: str | None, accept_language: str | None) -> str:
    """The page's language: the one chosen, else the browser's best, else the default."""
    if chosen in LANGUAGES:
        return chosen
    wanted = [t.replace("_", "-") for t in accepted(accept_language)]
    found = negotiate_locale(wanted, list(LANGUAGES), sep="-")
    if found is None:  # `fr-CA` alone: match its language
        found = next((t[:2].lower() for t in wanted if t[:2].lower() in LANGUAGES), None)
    return found or DEFAULT_LANGUAGE


@dataclass(frozen=True)
class Language:
    """One page's language: its messages, its direction, and its dates and numbers."""

    code: str

    @property
    def direction(self) -> str:
        return "rtl" if Locale.parse(self.code).character_order == "right-to-left" else "ltr"

    def gettext(self, msgid: str, **values: object) -> str:
        text = translations(self.code).gettext(msgid)
        return text % values if values else text

    def date(self, day: date | None) -> str:
        return "" if day is None else format_date(day, "long", locale=self.code)

    def datetime(self, moment: datetime | None, timezone: str = "UTC") -> str:
        if moment is None:
            return ""
        return format_datetime(moment, "medium", tzinfo=get_timezone(timezone), locale=self.code)

    def number(self, n: int) -> str:
        return format_decimal(n, locale=self.code)
