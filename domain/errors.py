"""The register's domain errors: every refusal is named in the register's own words.

DomainError                      (code: a stable string, field: the offending input)
├── CitizenNotFound              NOT_FOUND
├── NationalIdTaken              NATIONAL_ID_TAKEN
├── CitizenDeceased              CITIZEN_DECEASED
├── DateRuleViolated             DATE_IN_FUTURE, DATE_BEFORE_BIRTH, CHILD_BORN_BEFORE_PARENT, …
├── MarriageRuleViolated         CONCURRENT_MARRIAGE_*, ALREADY_MARRIED, UNDER_MARRIAGE_AGE, …
├── MarriageNotFound             MARRIAGE_NOT_FOUND
├── RegistrationRuleViolated     SAME_MISSION
└── CorrectionRuleViolated       FIELD_NOT_CORRECTABLE, INVALID_VALUE
"""

from __future__ import annotations

from typing import ClassVar


class DomainError(Exception):
    """A command the register refuses; `code` is stable, `field` names the input at fault."""

    code: ClassVar[str] = "INVALID"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
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
