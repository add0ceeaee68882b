"""How a document in circulation ends: reported lost or stolen, revoked, or ended by its holder's
death (the Document's commands, bound into its body)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domain.civil_status import rules
from domain.documents.kinds import IN_CIRCULATION, PENDING, VALID
from domain.errors import DateRuleViolated

if TYPE_CHECKING:
    from datetime import date

    from domain.base import Recording
    from domain.documents.document import Document


def _check_report_date(document: Document, by: Recording, today: date) -> None:
    rules.not_in_future(by.effective_date, today=today, field="effective_date")
    if document.issued_on is not None and by.effective_date < document.issued_on:
        msg = "the document cannot go missing before it was issued"
        raise DateRuleViolated(msg, field="effective_date", code="DATE_BEFORE_ISSUE")


def report_lost(
    document: Document, *, circumstances: str | None, by: Recording, today: date
) -> None:
    document.require("report lost", today, *IN_CIRCULATION)
    _check_report_date(document, by, today)
    document.trigger_event(
        document.DocumentReportedLost, circumstances=circumstances, **by.fields()
    )


def report_stolen(
    document: Document, *, circumstances: str | None, by: Recording, today: date
) -> None:
    document.require("report stolen", today, *IN_CIRCULATION)
    _check_report_date(document, by, today)
    document.trigger_event(
        document.DocumentReportedStolen, circumstances=circumstances, **by.fields()
    )


def revoke(document: Document, *, reason: str, by: Recording, today: date) -> None:
    document.require("revoke", today, *IN_CIRCULATION)
    document.trigger_event(document.DocumentRevoked, reason=reason, **by.fields())


def end_by_death(document: Document, *, by: Recording) -> bool:
    """The holder died on `by.effective_date`: end an application or a valid document.

    Returns whether anything changed, so only changed documents are saved with the death.
    """
    ended = document.state in PENDING or (
        document.state in VALID
        and document.expires_on is not None
        and document.expires_on >= by.effective_date
    )
    if ended:
        document.trigger_event(document.DocumentInvalidatedByDeath, **by.fields())
    return ended
