"""The staff console in a real browser (Debian's chromium, headless), against `sijill serve` on
each backend: a Paris clerk made with `sijill account create --password-stdin` signs in, reads
her home page, switches to Arabic, searches a name in Arabic script, opens the record and its
timeline, and signs out; wrong passwords lock an account. Each step is photographed in Arabic
and French, at a desk's width and a phone's, into tests/artefacts/console/."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

import httpx
import pytest

from register.web.console.mount import STATIC
from tests.e2e.citizen_inputs import man_input, new_national_id, woman_input
from tests.e2e.console.browser import DESK, PHONE, Page, chromium
from tests.e2e.sijill_process import SIJILL, environment

if TYPE_CHECKING:
    from collections.abc import Iterator

    from selenium import webdriver

    from tests.e2e.api_client import ApiClient
    from tests.e2e.deployment import Deployment

PASSWORD = "correct horse battery staple"
NAME_AR = ("أنور", "بنيس")
FONT = "noto-naskh-arabic-arabic-400-normal.woff2"


@pytest.fixture(scope="module")
def driver() -> Iterator[webdriver.Chrome]:
    browser = chromium()
    yield browser
    browser.quit()


def create_account(live: Deployment, name: str, role: str = "clerk", mission: str = "PAR") -> None:
    """`sijill account create … --password-stdin`, as a script would."""
    done = subprocess.run(
        [str(SIJILL), "account", "create", "--name", name, "--mission", mission, "--role", role,
         "--password-stdin"],
        input=PASSWORD + "\n",
        env=environment(live.database_url),
        cwd=live.server.workdir,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert f"account {name} ({role} at {mission})" in done.stdout


def married_couple(amina: ApiClient) -> str:
    """A husband (named in both scripts) and his wife; the husband's id, once searchable."""
    husband = man_input(
        nationalId=new_national_id(),
        givenName="Anouar",
        familyName="Bennis",
        givenNameAr=NAME_AR[0],
        familyNameAr=NAME_AR[1],
        birthDate="1979-11-02",
    )
    man = amina.data("EnrollCitizen", input=husband)["enrollCitizen"]["citizen"]["id"]
    wife = amina.data("EnrollCitizen", input=woman_input(nationalId=new_national_id()))
    married = amina.data(
        "RecordMarriage",
        input={
            "citizenId": man,
            "spouseId": wife["enrollCitizen"]["citizen"]["id"],
            "effectiveDate": "2011-05-14",
            "place": "Fès",
        },
    )["recordMarriage"]
    found = amina.post(
        "query($q: String!, $p: Int) { searchCitizens(query: $q, minPosition: $p)"
        " { nodes { id } } }",
        {"q": " ".join(NAME_AR), "p": married["position"]},
    ).json()
    assert {"id": man} in found["data"]["searchCitizens"]["nodes"]
    return str(man)


def choose_language(page: Page, code: str) -> None:
    page.press(f'.languages button[value="{code}"]')
    assert page.html_attribute("lang") == code


def sign_in(page: Page, name: str, password: str) -> None:
    page.fill("#account", name)
    page.fill("#password", password)
    page.press("form.stack button[type=submit]")


def photograph_sign_in(page: Page) -> None:
    for lang in ("ar", "fr"):
        choose_language(page, lang)
        for size in (DESK, PHONE):
            page.viewport(size)
            page.open("/console/sign-in")
            page.shoot("1-sign-in", size)
            assert not page.overflows()
    page.viewport(DESK)
    page.open("/console/sign-in")


def photograph_every_step(page: Page, citizen: str) -> None:
    """Home, search results and the record, in Arabic and French, at both widths."""
    for lang in ("ar", "fr"):
        choose_language(page, lang)
        for size in (DESK, PHONE):
            page.viewport(size)
            page.open("/console")
            page.shoot("3-home", size)
            assert not page.overflows()
            page.open("/console/search")
            page.fill("#query", " ".join(NAME_AR))
            page.press("form.search button[type=submit]")
            page.shoot("4-search", size)
            assert not page.overflows()
            page.open(f"/console/citizens/{citizen}")
            page.shoot("5-record", size)
            assert not page.overflows()
    page.viewport(DESK)


def arabic_font_loaded(page: Page) -> bool:
    loaded = page.driver.execute_async_script(
        "const done = arguments[0];"
        "document.fonts.load('16px \"Noto Naskh Arabic\"', 'أنور').then("
        "  fonts => done(fonts.length), () => done(-1));"
    )
    return bool(loaded >= 1)


def test_a_paris_clerk_works_through_the_console_in_arabic_and_french(
    live: Deployment, amina: ApiClient, driver: webdriver.Chrome
) -> None:
    backend = "postgres" if live.database_url.startswith("postgresql") else "sqlite"
    create_account(live, f"nadia-{backend}")
    create_account(live, f"locked-{backend}")
    citizen = married_couple(amina)
    driver.delete_all_cookies()
    page = Page(driver, live.base_url, backend)
    page.viewport(DESK)

    # Signed out, the console sends the browser to the sign-in page, in either language.
    page.open("/console")
    assert page.path == "/console/sign-in"
    photograph_sign_in(page)

    # Five wrong passwords in a row lock the account, even for the right one after them.
    for _ in range(4):
        sign_in(page, f"locked-{backend}", "not the password")
        assert "Le nom de compte ou le mot de passe est erroné" in page.text
    sign_in(page, f"locked-{backend}", "not the password")
    assert "Trop d'échecs de connexion" in page.text
    page.shoot("2-locked", DESK)
    sign_in(page, f"locked-{backend}", PASSWORD)
    assert "Trop d'échecs de connexion" in page.text

    # The clerk signs in (in French) and reads her mission's home page.
    sign_in(page, f"nadia-{backend}", PASSWORD)
    assert page.path == "/console"
    assert "Paris : aujourd'hui" in page.find("h1").text
    assert "agent à PAR" in page.text

    # She switches to Arabic: the whole page turns right to left.
    choose_language(page, "ar")
    assert page.html_attribute("dir") == "rtl"
    assert "مواعيد اليوم" in page.text  # today's appointments
    assert page.find(".bar").value_of_css_property("direction") == "rtl"

    # She searches the name in Arabic script, and opens the record from the results.
    page.press('nav a[href="/console/search"]')
    page.fill("#query", " ".join(NAME_AR))
    page.fill("#birth_year", "1979")
    page.press("form.search button[type=submit]")
    assert "أنور بنيس" in page.text
    page.press(f'a[href="/console/citizens/{citizen}"]')
    assert page.path == f"/console/citizens/{citizen}"
    timeline = page.all("ol.timeline li")
    assert len(timeline) >= 2
    assert "تسجيل زواج" in timeline[0].text  # marriage recorded, newest first
    assert "Anouar Bennis" in page.find("h1").text
    assert "أنور بنيس" in page.find("h1").text

    photograph_every_step(page, citizen)
    if (STATIC / "fonts" / FONT).exists():  # the install fetched it: Sijill serves it
        assert arabic_font_loaded(page)
    assert page.csp_violations() == []

    # Signing out ends the session: the cookie the browser held no longer opens a page.
    old = next(c["value"] for c in driver.get_cookies() if c["name"] == "sijill_session")
    page.press(".bar form.inline button[type=submit]")
    assert page.path == "/console/sign-in"
    replay = httpx.get(
        live.base_url + "/console", cookies={"sijill_session": old}, follow_redirects=False
    )
    assert (replay.status_code, replay.headers["location"]) == (303, "/console/sign-in")
