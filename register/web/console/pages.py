"""The clerk's first pages: home at the account's mission, search, and a citizen's record.

Records are addressed by their opaque id and searches are POSTed, so no name or number is
ever in a URL (nor, therefore, in a log line). The access table refuses as it does the API:
a page the account's role may not open is a 403 page, a record that does not exist a 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

from domain.errors import CitizenNotFound
from register.errors import Forbidden, InvalidInput
from register.web.console import views
from register.web.console.i18n import N_
from register.web.console.rendering import Visitor, render, visit
from register.web.console.security import CONSOLE_PATH, check_csrf, read_form
from register.web.console.signing_in import SIGN_IN_PATH

if TYPE_CHECKING:
    from collections.abc import Callable

    from fastapi.responses import Response

    from register.access import Account
    from register.bootstrap import Container

SEARCH_ERRORS = {
    "REQUIRED": N_("Enter a name (in either script), a national ID or a document number."),
    "TOO_LONG": N_("A search is at most 120 characters."),
}


class SignInNeeded(Exception):
    """A page for signed-in staff asked without a live session: go to the sign-in page."""


class PageRefused(Exception):
    """A page answered with a refusal page: `status` and the msgids of its title and text."""

    def __init__(self, visitor: Visitor, status: int, title: str, detail: str) -> None:
        super().__init__(title)
        self.visitor, self.status, self.title, self.detail = visitor, status, title, detail


def not_found(visitor: Visitor) -> PageRefused:
    return PageRefused(
        visitor,
        404,
        N_("Page not found"),
        N_("There is no such page or record. Check the address, or search again."),
    )


def page_routes(container: Container) -> APIRouter:
    router = APIRouter()
    secure = container.settings.production

    async def signed_in(request: Request) -> Visitor:
        visitor = await visit(request, container)
        if visitor.account is None:
            raise SignInNeeded
        return visitor

    async def read(visitor: Visitor, view: Callable[..., Any], *args: Any) -> Any:
        """Run a view as the visitor's account; the access table's refusals become pages."""
        try:
            return await run_in_threadpool(view, container, visitor.account, *args)
        except Forbidden:
            raise PageRefused(
                visitor,
                403,
                N_("Not allowed"),
                N_(
                    "Your role may not open this page. Ask an officer or an auditor if you need it."
                ),
            ) from None
        except CitizenNotFound:
            raise not_found(visitor) from None

    def page(visitor: Visitor, template: str, **values: Any) -> Response:
        account: Account | None = visitor.account
        timezone = container.missions.get(account.mission).timezone if account else "UTC"
        return render(visitor, template, secure=secure, timezone=timezone, **values)

    @router.get(CONSOLE_PATH)
    async def home(request: Request) -> Response:
        visitor = await signed_in(request)
        return page(visitor, "home.html", home=await read(visitor, views.home))

    @router.get(CONSOLE_PATH + "/search")
    async def search_form(request: Request) -> Response:
        visitor = await signed_in(request)
        return page(visitor, "search.html", query="", birth_year="", found=None, errors={})

    @router.post(CONSOLE_PATH + "/search")
    async def search(request: Request) -> Response:
        visitor = await signed_in(request)
        form = await read_form(request)
        check_csrf(form, visitor.form_secret)
        query, year = form.get("query", ""), form.get("birth_year", "").strip()
        errors: dict[str, str] = {}
        say = visitor.language.gettext
        if year and not (year.isascii() and year.isdigit() and 1800 <= int(year) <= 2200):
            errors["birth_year"] = say(N_("A birth year is four digits, e.g. 1985."))
        found = None
        if not errors:
            try:
                found = await read(visitor, views.search, query, int(year) if year else None)
            except InvalidInput as e:
                errors["query"] = say(
                    SEARCH_ERRORS.get(
                        e.code, N_("A search cannot hold control characters or direction marks.")
                    )
                )
        return page(
            visitor,
            "search.html",
            status=400 if errors else 200,
            query=query,
            birth_year=year,
            found=found,
            errors=errors,
        )

    def record_id(visitor: Visitor, raw: str) -> UUID:
        try:
            return UUID(raw)
        except ValueError:
            raise not_found(visitor) from None

    @router.get(CONSOLE_PATH + "/citizens/{citizen_id}")
    async def citizen(request: Request, citizen_id: str) -> Response:
        visitor = await signed_in(request)
        found = await read(visitor, views.record, record_id(visitor, citizen_id))
        return page(visitor, "citizen.html", record=found)

    @router.get(CONSOLE_PATH + "/citizens/{citizen_id}/reads")
    async def citizen_reads(request: Request, citizen_id: str) -> Response:
        visitor = await signed_in(request)
        found = await read(visitor, views.reads, record_id(visitor, citizen_id))
        return page(visitor, "reads.html", citizen_id=citizen_id, reads=found)

    @router.get(CONSOLE_PATH + "/{_rest:path}")
    async def nowhere(request: Request) -> Response:
        if request.url.path == CONSOLE_PATH + "/":
            return RedirectResponse(CONSOLE_PATH, 308)
        raise not_found(await visit(request, container))

    return router


def refusal_page(error: PageRefused, *, secure: bool) -> Response:
    return render(
        error.visitor,
        "refused.html",
        secure=secure,
        status=error.status,
        title=error.title,
        detail=error.detail,
    )


def to_sign_in(request: Request) -> Response:
    """The sign-in page, which returns to the page asked for (a record's opaque id at most)."""
    target = request.url.path
    if request.method != "GET" or target == CONSOLE_PATH:
        return RedirectResponse(SIGN_IN_PATH, 303)
    return RedirectResponse(f"{SIGN_IN_PATH}?{urlencode({'next': target})}", 303)
