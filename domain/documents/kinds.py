"""Kinds of identity document, their states, who may apply, and how long each is valid."""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum
from typing import TYPE_CHECKING

from domain.civil_status import rules
from domain.documents.mrz import FILLER, MrzData, MrzFormat, transliterate
from domain.errors import CitizenDeceased, DocumentRuleViolated

if TYPE_CHECKING:
    from domain.base import Recording
    from domain.civil_status.citizen import Citizen

ISSUING_STATE = "MAR"
"""ISO 3166-1 alpha-3 of the state whose documents the register issues."""
ADULT_AGE = 18
PASSPORT_YEARS = 10
"""A passport issued to an adult (18 or over on the issue date) is valid ten years…"""
PASSPORT_YEARS_MINOR = 5
"""…and one issued to a minor five years, since a child's face changes fast."""
NATIONAL_ID_YEARS = 10
"""The national electronic ID card (CNIE) is valid ten years at any age."""


class DocumentKind(Enum):
    PASSPORT = "PASSPORT"
    """A passport booklet: ICAO TD3, document code P."""
    NATIONAL_ID = "NATIONAL_ID"
    """The national electronic ID card (CNIE): ICAO TD1, document code ID."""

    @property
    def mrz_format(self) -> MrzFormat:
        return MrzFormat.TD3 if self is DocumentKind.PASSPORT else MrzFormat.TD1

    @property
    def document_code(self) -> str:
        return "P" if self is DocumentKind.PASSPORT else "ID"


class DocumentStatus(Enum):
    APPLIED = "APPLIED"
    BIOMETRICS_CAPTURED = "BIOMETRICS_CAPTURED"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    ISSUED = "ISSUED"
    DELIVERED = "DELIVERED"
    EXPIRED = "EXPIRED"
    """Never recorded: an issued or delivered document past its expiry date reads as expired."""
    LOST = "LOST"
    STOLEN = "STOLEN"
    REVOKED = "REVOKED"
    SUPERSEDED = "SUPERSEDED"
    """A newer document of the same kind was issued to the holder."""
    INVALIDATED_BY_DEATH = "INVALIDATED_BY_DEATH"


PENDING = frozenset(
    {DocumentStatus.APPLIED, DocumentStatus.BIOMETRICS_CAPTURED, DocumentStatus.APPROVED}
)
"""An application still under way."""
VALID = frozenset({DocumentStatus.ISSUED, DocumentStatus.DELIVERED})
"""A document in the holder's hands (or waiting for them) that may be used."""
IN_CIRCULATION = VALID | {DocumentStatus.EXPIRED}
"""Issued and not ended: it can still be reported lost or stolen, or revoked."""


def status_on(state: DocumentStatus, expires_on: date | None, today: date) -> DocumentStatus:
    """The status a document in `state` has on `today`: EXPIRED once a valid one is past its
    expiry date (expiry is derived, never recorded)."""
    if state in VALID and expires_on is not None and expires_on < today:
        return DocumentStatus.EXPIRED
    return state


def check_alive(holder: Citizen, *, field: str) -> None:
    if holder.date_of_death is not None:
        msg = "a deceased citizen gets no new document"
        raise CitizenDeceased(msg, field=field)


def check_may_apply(
    kind: DocumentKind,
    *,
    holder: Citizen,
    pending: set[DocumentKind],
    by: Recording,
    today: date,
) -> None:
    """A living national, with no application of this kind under way, may apply."""
    rules.not_in_future(by.effective_date, today=today, field="effective_date")
    rules.not_before_birth(by.effective_date, birth_date=holder.birth_date, field="effective_date")
    check_alive(holder, field="citizen_id")
    if holder.nationality != ISSUING_STATE:
        msg = f"only nationals ({ISSUING_STATE}) are issued these documents"
        raise DocumentRuleViolated(msg, field="citizen_id", code="NOT_A_NATIONAL")
    if kind in pending:
        msg = f"the citizen already has a {kind.value} application under way"
        raise DocumentRuleViolated(msg, field="kind", code="APPLICATION_PENDING")


def anniversary(day: date, years: int) -> date:
    """`day` moved on by whole years; 29 February falls on 1 March in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def expiry_date(kind: DocumentKind, *, birth_date: date, issued_on: date) -> date:
    """The last day of validity: the day before the issue date's Nth anniversary."""
    if kind is DocumentKind.NATIONAL_ID:
        years = NATIONAL_ID_YEARS
    elif rules.years_between(birth_date, issued_on) >= ADULT_AGE:
        years = PASSPORT_YEARS
    else:
        years = PASSPORT_YEARS_MINOR
    return anniversary(issued_on, years) - timedelta(days=1)


def personalised(kind: DocumentKind, *, number: str, holder: Citizen, expires_on: date) -> MrzData:
    """What the document prints about its holder: the MRZ's fields, from the holder's record.

    Names come from the record's Latin form (an Arabic name is never transliterated here), as
    MRZ letters with spaces between words; the national ID number is the MRZ's optional data.
    """
    return MrzData(
        format=kind.mrz_format,
        document_code=kind.document_code,
        issuing_state=ISSUING_STATE,
        document_number=number,
        surname=transliterate(holder.names.family_name).replace(FILLER, " "),
        given_names=transliterate(holder.names.given_name).replace(FILLER, " "),
        nationality=holder.nationality,
        birth_date=holder.birth_date,
        sex=holder.sex.value,
        expiry_date=expires_on,
        optional_data=holder.national_id or "",
    )
