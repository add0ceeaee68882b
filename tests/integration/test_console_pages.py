"""The console's first pages: home, search in either script, the citizen's record with its
timeline, and the refusal pages; every record and search row shown is a recorded read."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from typing import TYPE_CHECKING, Any

import pytest

from register.access import Role
from register.web.context import Context
from register.web.schema import build_schema
from tests.factories import AUDITOR
from tests.integration.appointment_desk import RELEASE_DAY, berlin, desk_for
from tests.integration.console_browser import PASSWORD, ConsoleBrowser
from tests.integration.test_register_commands import enrolled, enrolled_woman, marry

if TYPE_CHECKING:
    from pathlib import Path
    from uuid import UUID

    from register.bootstrap import Container

SCHEMA = build_schema()


@pytest.fixture
def amina(container: Container) -> ConsoleBrowser:
    """A Paris clerk, signed in, whose browser asks for English."""
    container.staff.create(name="amina", role=Role.CLERK, mission="PAR", password=PASSWORD)
    browser = ConsoleBrowser(container)
    browser.sign_in("amina")
    return browser


@pytest.fixture
def family(container: Container) -> dict[str, UUID]:
    register = container.register
    husband, wife = enrolled(register), enrolled_woman(register)
    marry(register, husband, wife)
    container.projector.catch_up()
    return {"husband": husband, "wife": wife}


def access_log(container: Container, citizen: UUID) -> list[dict[str, Any]]:
    container.register.store.reads.flush(container.register.store)
    container.projector.catch_up()
    result = asyncio.run(
        SCHEMA.execute(
            "query($id: ID!) { accessLog(citizenId: $id) { nodes { account mission kind } } }",
            variable_values={"id": str(citizen)},
            context_value=Context(container, AUDITOR),
        )
    )
    assert result.errors is None
    assert result.data is not None
    nodes: list[dict[str, Any]] = result.data["accessLog"]["nodes"]
    return nodes


def test_the_record_shows_identity_in_both_scripts_family_and_a_dated_timeline(
    container: Container, amina: ConsoleBrowser, family: dict[str, UUID]
) -> None:
    page = amina.get(f"/console/citizens/{family['husband']}")
    assert page.status_code == 200
    html = page.text
    assert '<span class="name-latin" lang="fr" dir="ltr">Youssef El Amrani</span>' in html
    assert '<span class="name-ar" lang="ar" dir="rtl">يوسف العمراني</span>' in html
    assert f'<a href="/console/citizens/{family["wife"]}">' in html  # the spouse, a link
    assert "married on June 1, 2012 in Montréal" in html
    assert "Marriage recorded" in html
    assert "took effect on June 1, 2012" in html  # effective …
    assert re.search(
        r"recorded \w+ \d+, \d{4}, [\d:]+\s[AP]M by clerk-mtl at MTL", html
    )  # … recorded
    assert "took effect on March 4, 1985" not in html  # an enrolment takes effect when recorded
    assert html.index("Marriage recorded") < html.index(">Enrolled<")  # newest first


def test_a_record_read_in_the_console_is_in_the_access_log_as_an_api_read(
    container: Container, amina: ConsoleBrowser, family: dict[str, UUID]
) -> None:
    amina.get(f"/console/citizens/{family['wife']}")
    reads = access_log(container, family["wife"])
    assert {"account": "amina", "mission": "PAR", "kind": "citizen"} in reads
    # The husband was shown as a link on her page: a relative's read, as the API records it.
    assert {"account": "amina", "mission": "PAR", "kind": "citizen"} in access_log(
        container, family["husband"]
    )


def test_a_search_in_arabic_script_finds_the_citizen_and_records_each_row_shown(
    container: Container, amina: ConsoleBrowser, family: dict[str, UUID]
) -> None:
    amina.get("/console/search")
    found = amina.post("/console/search", {"query": "يوسف العمراني", "birth_year": ""})
    assert found.status_code == 200
    assert "Citizens found: 1" in found.text
    assert f'href="/console/citizens/{family["husband"]}"' in found.text
    assert "يوسف العمراني" in found.text
    assert "Youssef El Amrani" in found.text
    assert {"account": "amina", "mission": "PAR", "kind": "citizen-summary"} in access_log(
        container, family["husband"]
    )


def test_a_search_refused_says_why_beside_its_field_and_keeps_the_input(
    amina: ConsoleBrowser,
) -> None:
    amina.get("/console/search")
    refused = amina.post("/console/search", {"query": "  ", "birth_year": "85"})
    assert refused.status_code == 400
    assert '<div class="error-summary" role="alert"' in refused.text
    assert "A birth year is four digits, e.g. 1985." in refused.text
    assert 'id="birth_year" name="birth_year" value="85"' in refused.text
    again = amina.post("/console/search", {"query": "   ", "birth_year": ""})
    assert 'id="query-error">Enter a name (in either script)' in again.text


def test_no_name_or_number_is_ever_in_a_console_url(
    amina: ConsoleBrowser, family: dict[str, UUID]
) -> None:
    amina.get("/console/search")
    found = amina.post("/console/search", {"query": "Youssef El Amrani"})
    record = amina.get(f"/console/citizens/{family['husband']}")
    for html in (found.text, record.text):
        for target in re.findall(r'(?:href|action)="([^"]+)"', html):
            assert re.fullmatch(
                r"#[a-z_]+|/console(/search|/sign-out|/language|/sign-in|/static/console\.css"
                r"|/citizens/[0-9a-f-]{36}(/reads)?)?",
                target,
            ), target


def test_the_language_switch_mirrors_the_page_and_is_remembered(
    amina: ConsoleBrowser, family: dict[str, UUID]
) -> None:
    path = f"/console/citizens/{family['husband']}"
    amina.get(path)
    switched = amina.post("/console/language", {"lang": "ar", "back": path})
    assert (switched.status_code, switched.headers["location"]) == (303, path)
    page = amina.get(path)
    assert '<html lang="ar" dir="rtl">' in page.text
    assert "سجل المواطن" in page.text  # "Citizen's record"
    assert '<html lang="ar" dir="rtl">' in amina.get("/console").text  # remembered
    amina.post("/console/language", {"lang": "fr", "back": "https://elsewhere.example/"})
    assert '<html lang="fr" dir="ltr">' in amina.get("/console/search").text


def test_a_page_the_role_may_not_open_is_a_403_page_in_the_users_language(
    container: Container, family: dict[str, UUID]
) -> None:
    container.staff.create(name="karim", role=Role.CLERK, mission="PAR", password=PASSWORD)
    container.staff.create(name="idris", role=Role.AUDITOR, mission="BRU", password=PASSWORD)
    clerk = ConsoleBrowser(container, language="fr-FR,fr;q=0.9")
    clerk.sign_in("karim")
    refused = clerk.get(f"/console/citizens/{family['husband']}/reads")
    assert refused.status_code == 403
    assert '<html lang="fr" dir="ltr">' in refused.text
    assert "Accès refusé" in refused.text
    assert "/reads" not in clerk.get(f"/console/citizens/{family['husband']}").text

    auditor = ConsoleBrowser(container, language="ar")
    auditor.sign_in("idris")
    record = auditor.get(f"/console/citizens/{family['husband']}")
    assert f'href="/console/citizens/{family["husband"]}/reads"' in record.text
    container.register.store.reads.flush(container.register.store)
    container.projector.catch_up()
    reads = auditor.get(f"/console/citizens/{family['husband']}/reads")
    assert reads.status_code == 200
    assert "<td>idris</td><td>BRU</td>" in reads.text


@pytest.mark.parametrize(
    "path", ["/console/citizens/00000000-0000-4000-8000-000000000000", "/console/citizens/x"]
)
def test_an_unknown_record_or_page_is_a_404_page(amina: ConsoleBrowser, path: str) -> None:
    for where in (path, "/console/no-such-page"):
        answer = amina.get(where)
        assert answer.status_code == 404
        assert "Page not found" in answer.text


def test_the_home_page_shows_the_missions_recent_activity(
    amina: ConsoleBrowser, family: dict[str, UUID]
) -> None:
    home = amina.get("/console")
    assert "Recent activity here" in home.text
    assert "Enrolled" in home.text
    assert f'href="/console/citizens/{family["husband"]}"' in home.text


def test_the_home_page_lists_todays_appointments_at_the_counter_with_both_scripts(
    container: Container, tmp_path: Path
) -> None:
    desk = desk_for(container, tmp_path, berlin(RELEASE_DAY, 10, 5))
    desk.schedule(8, service="PASSPORT", minutesPerAppointment=30)
    desk.rules("FIRST_COME")
    citizen = desk.citizen("BK100001")
    desk.book("BK100001", day=date(2026, 5, 5))
    desk.clock.set(berlin(date(2026, 5, 5), 8, 30))  # the morning of the appointment
    container.staff.create(name="lena", role=Role.CLERK, mission="BER", password=PASSWORD)
    browser = ConsoleBrowser(container)
    browser.sign_in("lena")

    home = browser.get("/console").text
    assert "<h1>Berlin: today, May 5, 2026</h1>" in home
    agenda = home[home.index('id="agenda"') : home.index('id="queue"')]
    assert re.search(r"<td>May 5, 2026, 9:00:00\sAM</td>", agenda)  # Berlin time, 07:00 UTC
    assert "<td><code>PASSPORT</code></td>" in agenda
    assert f'<a href="/console/citizens/{citizen}">' in agenda
    assert "Youssef El Amrani" in agenda
    assert "يوسف العمراني" in agenda
    assert "<td>Booked</td>" in agenda
    assert {"account": "lena", "mission": "BER", "kind": "citizen"} in access_log(
        container, citizen
    )
