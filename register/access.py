"""Who may do what: the one table every command and sensitive query is checked against."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from register.errors import Forbidden


class Role(Enum):
    CLERK = "clerk"
    OFFICER = "officer"
    AUDITOR = "auditor"
    ADMIN = "admin"


@dataclass(frozen=True)
class Account:
    """The authenticated caller: every event it records carries its name and mission."""

    name: str
    role: Role
    mission: str


_RECORDERS = frozenset({Role.CLERK, Role.OFFICER, Role.ADMIN})
_EVERYONE = frozenset(Role)

# Any mission serves any citizen, so the matrix is by role alone; auditors never write.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "enrollCitizen": _RECORDERS,
    "registerBirth": _RECORDERS,
    "recordMarriage": _RECORDERS,
    "recordDivorce": _RECORDERS,
    "recordDeath": _RECORDERS,
    "changeName": _RECORDERS,
    "changeResidence": _RECORDERS,
    "transferRegistration": _RECORDERS,
    "correctEntry": frozenset({Role.OFFICER, Role.ADMIN}),
    "citizen": _EVERYONE,
    "searchCitizens": _EVERYONE,
    "missionRoll": _EVERYONE,
    "missionActivity": _EVERYONE,
    "missionStatistics": _EVERYONE,
    "projectionStatus": _EVERYONE,
}


PUBLIC_FIELDS: frozenset[str] = frozenset({"__typename", "__schema", "__type"})
"""Root fields anyone may query without a token (rate-limited per client address)."""


def authorize(account: Account, operation: str) -> None:
    """Refuse `operation` unless the account's role may perform it."""
    if account.role not in PERMISSIONS[operation]:
        msg = f"role {account.role.value} may not perform {operation}"
        raise Forbidden(msg)
