"""The register's domain errors: every refusal is named in the register's own words.

DomainError                      (code: a stable string, field: the domain's name at fault)
├── CitizenNotFound              NOT_FOUND
├── NationalIdTaken              NATIONAL_ID_TAKEN
├── CitizenDeceased              CITIZEN_DECEASED
├── DateRuleViolated             DATE_IN_FUTURE, DATE_BEFORE_BIRTH, CHILD_BORN_BEFORE_PARENT, …
├── MarriageRuleViolated         CONCURRENT_MARRIAGE_*, ALREADY_MARRIED, UNDER_MARRIAGE_AGE, …
├── MarriageNotFound             MARRIAGE_NOT_FOUND
├── RegistrationRuleViolated     SAME_MISSION
├── CorrectionRuleViolated       FIELD_NOT_CORRECTABLE, INVALID_VALUE
├── ValueRuleViolated            INVALID_CHARACTER, SCRIPT, TOO_LONG, REQUIRED, UNKNOWN_COUNTRY, …
├── DocumentNotFound             DOCUMENT_NOT_FOUND
├── DocumentNumberTaken          DUPLICATE
├── DocumentTransitionRefused    INVALID_TRANSITION
├── DocumentRuleViolated         APPLICATION_PENDING, NOT_A_NATIONAL
├── GuideRuleViolated            UNKNOWN_SERVICE, SERVICE_EXISTS, SERVICE_RETIRED, …
├── ServiceRequestNotFound       NOT_FOUND
├── RequestTransitionRefused     ALREADY_COMPLETED, NOT_COMPLETED, NOT_DISPATCHED, FEE_NOT_PAID, …
├── PaymentRefused               CURRENCY_MISMATCH, AMOUNT_MISMATCH, FEE_ALREADY_PAID, NO_FEE_DUE
├── LegalisationNotFound         NOT_FOUND
├── LegalisationRuleViolated     ALREADY_REVOKED, REQUIRED (signer or seal)
├── CaseNotFound                 NOT_FOUND
├── CaseRuleViolated             CASE_CLOSED, SAME_MISSION
├── CalendarRuleViolated         INVALID_SHARES, OUT_OF_RANGE, ALREADY_CLOSED, NOT_CLOSED, …
├── AppointmentRefused           SLOT_NO_LONGER_AVAILABLE, ALREADY_BOOKED, DAY_CLOSED, …
├── AppointmentNotFound          NOT_FOUND
├── IdentityNotConfirmed         OTP_INVALID, OTP_EXPIRED, OTP_ATTEMPTS_EXCEEDED, OTP_USED
└── MrzInvalid                   MRZ_FORMAT, MRZ_CHARACTER, MRZ_CHECK_DIGIT, MRZ_DATE, …
"""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    """A command the register refuses; `code` is stable, `field` names what is at fault in the
    domain's own words (`married_on`, `spouse_id`; a dotted path when nested): clients are told
    their API's name for it where the refusal leaves the register (register.errors.api_field).

    A refusal `about_field` says its message of the field: "2030-01-01 is in the future" reads
    "married_on 2030-01-01 is in the future" here, and with the API's name at the boundary.
    """

    code: ClassVar[str] = "INVALID"

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: str | None = None,
        about_field: bool = False,
    ):
        self.predicate = message if about_field and field is not None else None
        """What the message says of the field, when it names it first; else None."""
        self.message = message if self.predicate is None else f"{field} {message}"
        super().__init__(self.message)
        self.field = field
        if code is not None:
            self.code = code  # type: ignore[misc]  # a rule family narrows its code per instance


class CitizenNotFound(DomainError):
    code = "NOT_FOUND"


class NationalIdTaken(DomainError):
    code = "NATIONAL_ID_TAKEN"


class CitizenDeceased(DomainError):
    code = "CITIZEN_DECEASED"


class DateRuleViolated(DomainError):
    code = "INVALID_DATE"


class MarriageRuleViolated(DomainError):
    code = "MARRIAGE_NOT_PERMITTED"


class MarriageNotFound(DomainError):
    code = "MARRIAGE_NOT_FOUND"


class RegistrationRuleViolated(DomainError):
    code = "INVALID_REGISTRATION"


class CorrectionRuleViolated(DomainError):
    code = "INVALID_CORRECTION"


class ValueRuleViolated(DomainError):
    """A value that breaks the rule of its kind (domain.value_rules); the code names the rule."""

    code = "INVALID_VALUE"


class DocumentNotFound(DomainError):
    code = "DOCUMENT_NOT_FOUND"


class DocumentNumberTaken(DomainError):
    code = "DUPLICATE"


class DocumentTransitionRefused(DomainError):
    """A lifecycle step out of order: issuing before approval, delivering twice, …"""

    code = "INVALID_TRANSITION"


class DocumentRuleViolated(DomainError):
    code = "DOCUMENT_NOT_PERMITTED"


class MrzInvalid(DomainError):
    """A machine-readable zone that breaks ICAO Doc 9303; the code names the broken rule."""

    code = "MRZ_INVALID"


class GuideRuleViolated(DomainError):
    """The consular guide refuses: unknown or retired service, not offered there, …"""

    code = "GUIDE_RULE_VIOLATED"


class ServiceRequestNotFound(DomainError):
    code = "NOT_FOUND"


class RequestTransitionRefused(DomainError):
    """A service request's step out of order; the code names the state that forbids it."""

    code = "INVALID_TRANSITION"


class PaymentRefused(DomainError):
    code = "PAYMENT_REFUSED"


class LegalisationNotFound(DomainError):
    code = "NOT_FOUND"


class LegalisationRuleViolated(DomainError):
    code = "LEGALISATION_REFUSED"


class CaseNotFound(DomainError):
    code = "NOT_FOUND"


class CaseRuleViolated(DomainError):
    code = "CASE_RULE_VIOLATED"


class CalendarRuleViolated(DomainError):
    """A mission's appointment calendar refuses a configuration."""

    code = "CALENDAR_RULE_VIOLATED"


class AppointmentRefused(DomainError):
    """A booking, cancellation or mark refused; the code names the rule."""

    code = "APPOINTMENT_REFUSED"


class AppointmentNotFound(DomainError):
    code = "NOT_FOUND"


class IdentityNotConfirmed(DomainError):
    """National ID, birth date and one-time code do not prove who the caller is."""

    code = "OTP_INVALID"
