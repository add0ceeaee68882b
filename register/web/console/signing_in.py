"""Signing in and out of the console, and the language switch every page carries."""

from __future__ import annotations

from datetime import UTC
from typing import TYPE_CHECKING

import structlog
from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from register.staff.accounts import LOCK_AFTER, LOCK_FOR, SignInRefused
from register.web.console.i18n import LANGUAGES, N_
from register.web.console.rendering import Visitor, render, visit
from register.web.console.security import (
    CONSOLE_PATH,
    LANGUAGE_COOKIE,
    SESSION_COOKIE,
    BadForm,
    check_csrf,
    local_path,
    read_form,
    set_cookie,
)

if TYPE_CHECKING:
    from fastapi.responses import Response

    from register.bootstrap import Container

log = structlog.get_logger(__name__)
SIGN_IN_PATH = CONSOLE_PATH + "/sign-in"
YEAR_S = 365 * 24 * 3600
STATUS_OF = {"wrong": 401, "disabled": 403, "locked": 429}


def sign_in_routes(container: Container) -> APIRouter:
    router = APIRouter()
    secure = container.settings.production

    def form_page(
        visitor: Visitor, *, status: int = 200, name: str = "", then: str = "", **errors: str
    ) -> Response:
        return render(
            visitor,
            "sign_in.html",
            secure=secure,
            status=status,
            name=name,
            then=local_path(then),
            errors=errors,
        )

    def refusal(visitor: Visitor, name: str, then: str, refused: SignInRefused) -> Response:
        values = {"count": LOCK_AFTER, "minutes": LOCK_FOR.seconds // 60}
        if refused.reason == "locked" and refused.locked_until is not None:
            until = refused.locked_until.astimezone(UTC)
            message = visitor.language.gettext(
                N_(
                    "Too many failed sign-ins: after %(count)s in a row an account is locked for"
                    " %(minutes)s minutes. Try again after %(time)s (UTC)."
                ),
                time=visitor.language.datetime(until),
                **values,
            )
        elif refused.reason == "disabled":
            message = visitor.language.gettext(
                N_("This account is disabled. Ask an administrator.")
            )
        else:
            message = visitor.language.gettext(
                N_(
                    "The account name or password is wrong. After %(count)s failed sign-ins in a"
                    " row the account is locked for %(minutes)s minutes."
                ),
                **values,
            )
        return form_page(
            visitor, status=STATUS_OF[refused.reason], name=name, then=then, form=message
        )

    @router.get(SIGN_IN_PATH)
    async def sign_in_form(request: Request) -> Response:
        visitor = await visit(request, container)
        then = local_path(request.query_params.get("next"))
        if visitor.account is not None:
            return RedirectResponse(then, 303)
        return form_page(visitor, then=then)

    @router.post(SIGN_IN_PATH)
    async def sign_in(request: Request) -> Response:
        visitor = await visit(request, container)
        form = await read_form(request)
        check_csrf(form, visitor.form_secret)
        name, password = form.get("account", "").strip(), form.get("password", "")
        then = local_path(form.get("next"))
        missing = {
            field: visitor.language.gettext(message)
            for field, message in (
                ("account", N_("Enter your account name.")),
                ("password", N_("Enter your password.")),
            )
            if not (name if field == "account" else password)
        }
        if missing or len(name) > 100 or len(password) > 256:
            return form_page(visitor, status=400, name=name[:100], then=then, **missing)
        try:
            account = await run_in_threadpool(container.staff.sign_in, name, password)
        except SignInRefused as refused:
            # Not the name typed: a password typed into the name field would be logged.
            log.info("console.sign_in_refused", reason=refused.reason)
            return refusal(visitor, name, then, refused)
        session_id = await run_in_threadpool(container.sessions.open, account)
        log.info("console.signed_in", account=account.name, mission=account.mission)
        response = RedirectResponse(then, 303)  # back to the page the session ended on
        set_cookie(response, SESSION_COOKIE, session_id, secure=secure)
        return response

    @router.post(CONSOLE_PATH + "/sign-out")
    async def sign_out(request: Request) -> Response:
        visitor = await visit(request, container)
        form = await read_form(request)
        check_csrf(form, visitor.form_secret)
        if visitor.session_id is not None:
            await run_in_threadpool(container.sessions.end, visitor.session_id)
            log.info("console.signed_out")
        response = RedirectResponse(SIGN_IN_PATH, 303)
        response.delete_cookie(
            SESSION_COOKIE, path="/", secure=secure, httponly=True, samesite="strict"
        )
        return response

    @router.post(CONSOLE_PATH + "/language")
    async def choose_language(request: Request) -> Response:
        visitor = await visit(request, container)
        form = await read_form(request)
        check_csrf(form, visitor.form_secret)
        if form.get("lang") not in LANGUAGES:
            raise BadForm("lang")
        response = RedirectResponse(local_path(form.get("back")), 303)
        set_cookie(response, LANGUAGE_COOKIE, form["lang"], secure=secure, max_age=YEAR_S)
        return response

    return router
