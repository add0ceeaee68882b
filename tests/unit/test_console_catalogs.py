"""The console's catalogs: every message it shows has a translation in Arabic, French and
English, with the same placeholders, and every message the code or a template uses is there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

from register.web.console.i18n import LANGUAGES, LOCALES, Language, catalog_path, choose

CONSOLE = LOCALES.parent
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def used_messages() -> dict[str, str]:
    """Each msgid the console's code (`N_`, `_`) and templates (`_`) use → where."""
    found: dict[str, str] = {}
    for path in sorted(CONSOLE.glob("*.py")):
        with path.open("rb") as f:
            for line, msgid, _, _ in extract("python", f, keywords={"N_": None, "_": None}):
                found.setdefault(msgid, f"{path.name}:{line}")
    for path in sorted((CONSOLE / "templates").glob("*.html")):
        with path.open("rb") as f:
            for line, msgid, _, _ in extract(babel_extract, f, keywords={"_": None}):
                found.setdefault(msgid, f"{path.name}:{line}")
    return found


def catalog(lang: str) -> dict[str, str]:
    with catalog_path(lang, ".po").open("rb") as f:
        read = read_po(f, locale=lang)
    return {str(m.id): str(m.string) for m in read if m.id}


def test_the_console_uses_messages_from_its_code_and_its_templates() -> None:
    used = used_messages()
    assert "Sign in" in used
    assert "Document issued" in used  # marked in labels.py, translated where it is shown
    assert len(used) > 100


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_used_is_in_the_catalog(lang: str) -> None:
    missing = sorted(set(used_messages()) - set(catalog(lang)))
    assert missing == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_in_the_catalog_has_a_translation_with_the_same_placeholders(
    lang: str,
) -> None:
    entries = catalog(lang)
    assert entries
    assert [m for m, text in entries.items() if not text.strip()] == []
    assert [
        m
        for m, text in entries.items()
        if sorted(PLACEHOLDER.findall(m)) != sorted(PLACEHOLDER.findall(text))
    ] == []


def test_the_three_catalogs_hold_the_same_messages() -> None:
    assert set(catalog("ar")) == set(catalog("fr")) == set(catalog("en"))


def test_arabic_pages_read_right_to_left_and_translate() -> None:
    arabic, french = Language("ar"), Language("fr")
    assert (arabic.direction, french.direction, Language("en").direction) == ("rtl", "ltr", "ltr")
    assert arabic.gettext("Sign in") == "تسجيل الدخول"
    assert french.gettext("Sign in") == "Se connecter"
    assert french.gettext("ended on %(day)s", day="1 mars 2020") == "terminé le 1 mars 2020"


@pytest.mark.parametrize(
    ("chosen", "header", "expected"),
    [
        (None, "ar-MA,ar;q=0.9,fr;q=0.8", "ar"),
        (None, "fr-CA", "fr"),
        (None, "de-DE,en;q=0.5", "en"),
        (None, "de-DE", "fr"),
        (None, None, "fr"),
        (None, "en;q=0, ar;q=0.1", "ar"),
        ("en", "ar", "en"),
        ("xx", "ar", "ar"),
    ],
)
def test_the_language_is_the_one_chosen_else_the_browsers_best_else_french(
    chosen: str | None, header: str | None, expected: str
) -> None:
    assert choose(chosen, header) == expected


def test_no_template_has_an_inline_script_or_style() -> None:
    for path in (CONSOLE / "templates").glob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert "<script" not in html, path.name
        assert "<style" not in html, path.name
        assert " style=" not in html, path.name


def test_the_stylesheet_mirrors_by_logical_properties() -> None:
    css = Path(CONSOLE / "static" / "console.css").read_text(encoding="utf-8")
    assert (
        re.findall(r"(?<![-\w])(margin|padding)-(left|right)|text-align:\s*(left|right)", css) == []
    )
    assert re.findall(r"(?<![-\w])(left|right)\s*:", css) == []
