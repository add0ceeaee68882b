"""Signing in to the console: passwords, lock-out across processes, CSRF, idle expiry, sign-out
and disabled accounts; the session's account is the actor, as a token's is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from register.access import Account, Role
from register.bootstrap import bootstrap
from register.settings import Settings
from register.staff.accounts import LOCK_AFTER, SignInRefused
from register.staff.passwords import AccountRuleViolated
from tests.integration.console_browser import PASSWORD, ConsoleBrowser

if TYPE_CHECKING:
    from register.bootstrap import Container


class Clock:
    """The register's clock, moved by the test (the desk's settable clock)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(container: Container) -> Clock:
    moved = Clock()
    container.register.appointments.desk.set_clock(moved)
    return moved


@pytest.fixture
def amina(container: Container) -> Account:
    return container.staff.create(name="amina", role=Role.CLERK, mission="PAR", password=PASSWORD)


def test_a_clerk_signs_in_with_her_password_and_sees_her_missions_home(
    container: Container, amina: Account
) -> None:
    browser = ConsoleBrowser(container)
    signed_in = browser.sign_in("amina")
    assert signed_in.status_code == 303
    assert signed_in.headers["location"] == "/console"
    cookie = signed_in.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie
    assert "Secure" not in cookie  # development over plain HTTP

    home = browser.get("/console")
    assert home.status_code == 200
    assert "amina, clerk at PAR" in home.text
    assert "<h1>Paris: today," in home.text


def test_only_a_hash_of_the_session_id_and_of_the_password_is_stored(
    container: Container, amina: Account
) -> None:
    browser = ConsoleBrowser(container)
    browser.sign_in("amina")
    session = browser.session
    assert session
    stored = container.db.fetch_all("SELECT session_hash FROM staff_sessions")
    assert len(stored) == 1
    assert session not in stored[0][0]
    (password_hash,) = container.db.fetch_one("SELECT password_hash FROM staff_accounts") or ("",)
    assert password_hash.startswith("$argon2id$")
    assert PASSWORD not in password_hash


def test_a_page_without_a_session_sends_the_browser_to_sign_in(container: Container) -> None:
    browser = ConsoleBrowser(container)
    for path, then in (
        ("/console", ""),
        ("/console/search", "?next=%2Fconsole%2Fsearch"),
        ("/console/citizens/x", "?next=%2Fconsole%2Fcitizens%2Fx"),
    ):
        answer = browser.get(path)
        assert (answer.status_code, answer.headers["location"]) == (303, "/console/sign-in" + then)


def test_signing_in_again_returns_to_the_page_the_session_ended_on(
    container: Container, amina: Account, clock: Clock
) -> None:
    browser = ConsoleBrowser(container)
    browser.sign_in("amina")
    clock.now += timedelta(minutes=31)
    gone = browser.get("/console/search")
    assert gone.headers["location"] == "/console/sign-in?next=%2Fconsole%2Fsearch"
    form = browser.get(gone.headers["location"])
    assert '<input type="hidden" name="next" value="/console/search">' in form.text
    back = browser.post(
        "/console/sign-in", {"account": "amina", "password": PASSWORD, "next": "/console/search"}
    )
    assert (back.status_code, back.headers["location"]) == (303, "/console/search")
    elsewhere = ConsoleBrowser(container)
    elsewhere.get("/console/sign-in")
    signed_in = elsewhere.post(
        "/console/sign-in",
        {"account": "amina", "password": PASSWORD, "next": "https://elsewhere.example/"},
    )
    assert signed_in.headers["location"] == "/console"  # never away from the console


def test_a_wrong_password_is_refused_and_says_the_lock_out_rule(
    container: Container, amina: Account
) -> None:
    browser = ConsoleBrowser(container)
    refused = browser.sign_in("amina", "not the password")
    assert refused.status_code == 401
    assert "The account name or password is wrong. After 5 failed sign-ins in a row" in refused.text
    assert "locked for 15 minutes" in refused.text
    assert 'value="amina"' in refused.text  # the name typed is kept, never the password
    assert "not the password" not in refused.text
    assert browser.session is None


def test_failures_counted_by_two_processes_lock_the_account_for_both(
    container: Container, database_url: str, amina: Account, clock: Clock
) -> None:
    other = bootstrap(Settings(database_url=database_url))
    other.register.appointments.desk.set_clock(clock)
    try:
        first, second = ConsoleBrowser(container), ConsoleBrowser(other)
        for i in range(LOCK_AFTER - 1):
            assert (first if i % 2 else second).sign_in("amina", "wrong").status_code == 401
        locked = first.sign_in("amina", "wrong")
        assert locked.status_code == 429
        assert "after 5 in a row an account is locked for 15 minutes" in locked.text
        # Locked means locked, on either process, even with the right password.
        assert second.sign_in("amina").status_code == 429
        assert first.sign_in("amina").status_code == 429
        clock.now += timedelta(minutes=15, seconds=1)
        assert second.sign_in("amina").status_code == 303
    finally:
        other.close()


def test_a_success_clears_the_failures_so_far(
    container: Container, amina: Account, clock: Clock
) -> None:
    for _ in range(LOCK_AFTER - 1):
        with pytest.raises(SignInRefused):
            container.staff.sign_in("amina", "wrong")
    assert container.staff.sign_in("amina", PASSWORD) == amina
    with pytest.raises(SignInRefused) as refused:
        container.staff.sign_in("amina", "wrong")
    assert refused.value.reason == "wrong"


def test_an_unknown_name_is_answered_as_a_wrong_password(container: Container) -> None:
    answer = ConsoleBrowser(container).sign_in("nobody", "whatever it is")
    assert answer.status_code == 401
    assert "The account name or password is wrong." in answer.text


def test_a_form_without_its_csrf_token_is_refused_and_nothing_is_done(
    container: Container, amina: Account
) -> None:
    browser = ConsoleBrowser(container)
    browser.get("/console/sign-in")
    forged = browser.post("/console/sign-in", {"account": "amina", "password": PASSWORD}, csrf="")
    assert forged.status_code == 403
    assert "This form has expired" in forged.text
    assert browser.session is None

    browser.sign_in("amina")
    browser.get("/console/search")
    other_token = browser.post("/console/search", {"query": "Amrani"}, csrf="0" * 64)
    assert other_token.status_code == 403
    assert "nothing was done" in other_token.text
    assert browser.get("/console").status_code == 200  # still signed in: sign-out was refused too
    assert browser.post("/console/sign-out", {}, csrf="").status_code == 403
    assert browser.get("/console").status_code == 200


def test_a_session_idle_for_more_than_30_minutes_has_ended(
    container: Container, amina: Account, clock: Clock
) -> None:
    browser = ConsoleBrowser(container)
    browser.sign_in("amina")
    clock.now += timedelta(minutes=29)
    assert browser.get("/console").status_code == 200  # a request keeps the session alive
    clock.now += timedelta(minutes=29)
    assert browser.get("/console").status_code == 200
    clock.now += timedelta(minutes=30, seconds=1)
    gone = browser.get("/console")
    assert (gone.status_code, gone.headers["location"]) == (303, "/console/sign-in")
    clock.now -= timedelta(hours=1)  # and it stays ended, whatever the clock says next
    assert browser.get("/console").status_code == 303


def test_signing_out_ends_the_session_so_its_cookie_no_longer_works(
    container: Container, amina: Account
) -> None:
    browser = ConsoleBrowser(container)
    browser.sign_in("amina")
    old_cookie = browser.session
    browser.get("/console")
    out = browser.post("/console/sign-out", {})
    assert (out.status_code, out.headers["location"]) == (303, "/console/sign-in")
    assert browser.session is None

    replayed = ConsoleBrowser(container)
    replayed.cookies.set("sijill_session", old_cookie or "", domain="sijill")
    assert replayed.get("/console").status_code == 303


def test_disabling_an_account_ends_its_sessions_at_once(
    container: Container, amina: Account
) -> None:
    browser = ConsoleBrowser(container)
    browser.sign_in("amina")
    assert browser.get("/console").status_code == 200
    assert container.staff.disable("amina")
    assert browser.get("/console").status_code == 303
    refused = ConsoleBrowser(container).sign_in("amina")
    assert refused.status_code == 403
    assert "This account is disabled" in refused.text


def test_account_names_and_passwords_follow_their_rules(container: Container) -> None:
    with pytest.raises(AccountRuleViolated, match="12 to 256 characters"):
        container.staff.create(name="short", role=Role.CLERK, mission="PAR", password="short")
    with pytest.raises(AccountRuleViolated, match="an account name is"):
        container.staff.create(name="two words", role=Role.CLERK, mission="PAR", password=PASSWORD)


@pytest.fixture
def signed_in(container: Container, amina: Account) -> ConsoleBrowser:
    browser = ConsoleBrowser(container)
    browser.sign_in("amina")
    return browser


def test_console_pages_carry_the_security_headers(signed_in: ConsoleBrowser) -> None:
    for path in ("/console", "/console/sign-in", "/console/static/console.css", "/console/nope"):
        headers = signed_in.get(path).headers
        assert headers["content-security-policy"].startswith("default-src 'self';")
        assert "'unsafe-inline'" not in headers["content-security-policy"]
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
    assert signed_in.get("/console").headers["cache-control"] == "no-store"


def test_a_body_that_is_not_a_form_is_a_400_page_and_does_nothing(
    container: Container, amina: Account
) -> None:
    browser = ConsoleBrowser(container)
    browser.get("/console/sign-in")
    for body, kind in (
        (b'{"account": "amina"}', "application/json"),
        (b"account=%FF%FE&csrf=x", "application/x-www-form-urlencoded"),
        (b"&".join([b"f=1"] * 101), "application/x-www-form-urlencoded"),
    ):
        answer = browser.request(
            "POST", "/console/sign-in", content=body, headers={"content-type": kind}
        )
        assert answer.status_code == 400
        assert "This form could not be read" in answer.text
    assert container.db.fetch_all("SELECT * FROM staff_sessions") == []
    assert container.db.fetch_all("SELECT * FROM staff_sign_in_failures") == []


def test_in_production_the_session_cookie_is_sent_over_https_only(database_url: str) -> None:
    production = bootstrap(Settings(database_url=database_url, env="production"))
    try:
        production.staff.create(name="amina", role=Role.CLERK, mission="PAR", password=PASSWORD)
        # Over plain HTTP the browser would not even send back its CSRF cookie.
        assert ConsoleBrowser(production).sign_in("amina").status_code == 403
        signed_in = ConsoleBrowser(production, base_url="https://sijill").sign_in("amina")
        assert signed_in.status_code == 303
        assert "; Secure" in signed_in.headers["set-cookie"]
        assert "HttpOnly" in signed_in.headers["set-cookie"]
    finally:
        production.close()
