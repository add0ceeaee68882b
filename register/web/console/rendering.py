"""Who is at the browser, and the console's pages rendered for them from Jinja2 templates."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.concurrency import run_in_threadpool

from register.access import Account
from register.web.console.i18n import LANGUAGES, NATIVE_NAMES, Language, choose
from register.web.console.labels import label
from register.web.console.security import (
    BROWSER_COOKIE,
    LANGUAGE_COOKIE,
    SESSION_COOKIE,
    csrf_token,
    set_cookie,
)

if TYPE_CHECKING:
    from starlette.requests import Request

    from register.bootstrap import Container

TEMPLATES = Path(__file__).resolve().parent / "templates"
_ENVIRONMENT = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENVIRONMENT.filters["isoinstant"] = datetime.fromisoformat  # the views keep instants as text


@dataclass(frozen=True)
class Visitor:
    """The person at the browser: signed in or not, their language, their forms' CSRF secret."""

    account: Account | None
    language: Language
    path: str
    """The page's path and query: where the language switch returns to."""
    session_id: str | None
    browser_secret: str | None
    """The random CSRF cookie this browser already holds (forms before signing in)."""
    new_browser_secret: str | None = None
    """A CSRF cookie made for this answer, the browser having none yet."""

    @property
    def form_secret(self) -> str | None:
        """The cookie's secret a POST from this browser is checked against."""
        return self.session_id or self.browser_secret

    @property
    def csrf(self) -> str:
        secret = self.form_secret or self.new_browser_secret
        assert secret is not None  # noqa: S101  # visit() always gives one or the other
        return csrf_token(secret)


async def visit(request: Request, container: Container) -> Visitor:
    """Read the cookies: the live session's account (if any), the language and CSRF secret."""
    session_id = request.cookies.get(SESSION_COOKIE) or None
    account = None
    if session_id is not None:
        account = await run_in_threadpool(container.sessions.resolve, session_id)
        if account is None:
            session_id = None
        else:
            request.state.account = account  # the request log names who asked
    browser = request.cookies.get(BROWSER_COOKIE) or None
    return Visitor(
        account=account,
        language=Language(
            choose(request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language"))
        ),
        path=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
        session_id=session_id,
        browser_secret=browser,
        new_browser_secret=None if session_id or browser else secrets.token_urlsafe(32),
    )


def render(
    visitor: Visitor, template: str, *, secure: bool, status: int = 200, **values: Any
) -> HTMLResponse:
    """The page in the visitor's language; never cached (it may show a citizen's record)."""
    language = visitor.language
    html = _ENVIRONMENT.get_template(template).render(
        _=language.gettext,
        t=language,
        visitor=visitor,
        account=visitor.account,
        label=label,
        languages=[(code, NATIVE_NAMES[code]) for code in LANGUAGES],
        **values,
    )
    response = HTMLResponse(html, status_code=status, headers={"cache-control": "no-store"})
    if visitor.new_browser_secret is not None:
        set_cookie(response, BROWSER_COOKIE, visitor.new_browser_secret, secure=secure)
    return response
