"""What keeps the console's pages safe: their headers, cookies, forms and CSRF tokens.

Every form carries a CSRF token derived from a cookie the page's own site set (HttpOnly,
SameSite=Strict): the session's id once signed in, else a random browser token. Another site
can neither read that cookie nor compute the token, so a POST without it is refused.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from starlette.datastructures import MutableHeaders

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONSOLE_PATH = "/console"
SESSION_COOKIE = "sijill_session"
BROWSER_COOKIE = "sijill_csrf"
LANGUAGE_COOKIE = "sijill_lang"
MAX_FIELDS = 100

HEADERS = {
    # No inline script or style, nothing from elsewhere: every asset is served by Sijill.
    "content-security-policy": (
        "default-src 'self'; base-uri 'none'; object-src 'none'; form-action 'self';"
        " frame-ancestors 'none'"
    ),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


class ConsoleHeaders:
    """Add HEADERS to every answer under /console, whichever part of the app gave it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or not (
            path == CONSOLE_PATH or path.startswith(CONSOLE_PATH + "/")
        ):
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, secured)


class BadForm(Exception):
    """A POST body the console cannot read as a form (wrong type, not UTF-8, too many fields)."""


class CsrfRefused(Exception):
    """A POST without the CSRF token its page gave, or with another."""


async def read_form(request: Request) -> dict[str, str]:
    """The fields of an urlencoded form (the body's size is bounded by AnswerEveryRequest)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise BadForm(kind or "no content type")
    try:
        text = (await request.body()).decode("utf-8")
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=MAX_FIELDS, errors="strict")
    except (UnicodeDecodeError, ValueError) as e:
        raise BadForm(type(e).__name__) from None
    return dict(pairs)


def csrf_token(secret: str) -> str:
    """The token a form carries, derived from the cookie's secret it is bound to."""
    return hmac.new(secret.encode(), b"sijill-console-csrf/v1", hashlib.sha256).hexdigest()


def check_csrf(form: dict[str, str], secret: str | None) -> None:
    """Refuse unless the form's token is the one derived from this browser's cookie."""
    if secret is None or not hmac.compare_digest(form.get("csrf", ""), csrf_token(secret)):
        raise CsrfRefused


def set_cookie(
    response: Response, name: str, value: str, *, secure: bool, max_age: int | None = None
) -> None:
    """A cookie scripts cannot read, sent only to this site (and over HTTPS in production)."""
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        path="/",
        httponly=True,
        samesite="strict",
        secure=secure,
    )


def local_path(target: str | None) -> str:
    """`target` if it is a console page of this site, else the home page (no open redirect)."""
    if (
        target
        and target.startswith(CONSOLE_PATH)
        and not target.startswith("//")
        and "\\" not in target
        and all(32 < ord(ch) < 127 for ch in target)
    ):
        return target
    return CONSOLE_PATH
