"""The console wired into the web app: its routes, its static files and its refusal pages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import structlog
from starlette.staticfiles import StaticFiles

from register.web.console.i18n import N_
from register.web.console.pages import (
    PageRefused,
    SignInNeeded,
    page_routes,
    refusal_page,
    to_sign_in,
)
from register.web.console.rendering import visit
from register.web.console.security import CONSOLE_PATH, BadForm, CsrfRefused
from register.web.console.signing_in import sign_in_routes

if TYPE_CHECKING:
    from fastapi import FastAPI, Request
    from fastapi.responses import Response

    from register.bootstrap import Container

log = structlog.get_logger(__name__)
STATIC = Path(__file__).resolve().parent / "static"


def mount_console(app: FastAPI, container: Container) -> None:
    """Serve the console at /console, its CSS and fonts from /console/static (never a CDN)."""
    secure = container.settings.production
    app.mount(CONSOLE_PATH + "/static", StaticFiles(directory=STATIC), name="console-static")
    app.include_router(sign_in_routes(container))
    app.include_router(page_routes(container))

    async def sign_in_first(request: Request, _error: Exception) -> Response:
        return to_sign_in(request)

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, PageRefused)  # noqa: S101  # registered for that type only
        log.info("console.refused", status=error.status, path=request.url.path)
        return refusal_page(error, secure=secure)

    async def forged(request: Request, _: Exception) -> Response:
        log.info("console.csrf_refused", path=request.url.path)
        return refusal_page(
            PageRefused(
                await visit(request, container),
                403,
                N_("This form has expired"),
                N_(
                    "The form did not carry this page's security token, so nothing was done."
                    " Go back, reload the page and send the form again."
                ),
            ),
            secure=secure,
        )

    async def unreadable(request: Request, _: Exception) -> Response:
        log.info("console.bad_form", path=request.url.path)
        return refusal_page(
            PageRefused(
                await visit(request, container),
                400,
                N_("This form could not be read"),
                N_("Nothing was done. Go back, reload the page and send the form again."),
            ),
            secure=secure,
        )

    app.add_exception_handler(SignInNeeded, sign_in_first)
    app.add_exception_handler(PageRefused, refused)
    app.add_exception_handler(CsrfRefused, forged)
    app.add_exception_handler(BadForm, unreadable)
