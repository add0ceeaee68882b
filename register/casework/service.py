"""Confidential casework: written by the mission holding a case, read by those who held it.

Reading a case needs more than a role: officers and admins may read only cases their mission
holds or held; auditors read every case; clerks none. Writing needs the mission that holds it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import structlog

from domain.casework.case import Case, CaseKind
from domain.errors import CaseNotFound
from register.access import allowed, authorize, authorize_at
from register.casework.operations import CaseworkOperation
from register.errors import Conflict, Forbidden

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date
    from uuid import UUID

    from domain.base import Recording
    from register.access import Account
    from register.casework.inputs import (
        AddCaseNote,
        CloseCase,
        HandOverCase,
        OnCase,
        OpenCase,
        RecordCaseVisit,
    )
    from register.unit_of_work import Decision, Given, Outcome, UnitOfWork

    K = TypeVar("K", bound=OnCase)

log = structlog.get_logger(__name__)


class Casework:
    """Cases: opened on a citizen, noted, visited, handed over between missions, closed."""

    def __init__(self, store: UnitOfWork) -> None:
        self.store = store

    def open_case(self, account: Account, given: Given[OpenCase]) -> Outcome:
        def decide(cmd: OpenCase) -> Decision:
            citizen = self.store.load_citizen(cmd.citizen_id)
            by = self.store.recording(account, cmd.effective_date)
            case = Case.open(
                citizen_id=citizen.id,
                kind=CaseKind[cmd.kind],
                summary=cmd.summary,
                by=by,
                today=self.store.today(),
            )
            dossier = self.store.link_to_dossier(
                citizen.id, kind="case", aggregate_id=case.id, by=by
            )
            return [case, dossier], {"caseId": str(case.id)}

        return self.store.execute(account, CaseworkOperation.OPEN_CASE, given, decide)

    def _on_case(
        self,
        account: Account,
        operation: CaseworkOperation,
        given: Given[K],
        act: Callable[[Case, Recording, K], None],
        effective_date: Callable[[K], date | None] = lambda _: None,
    ) -> Outcome:
        def decide(cmd: K) -> Decision:
            case = self.load_case(cmd.case_id, expected_version=cmd.expected_version)
            authorize_at(
                account,
                operation,
                own_mission=account.mission == case.holding_mission,
                refusal="only the mission holding the case may record on it",
                field="case_id",
            )
            act(case, self.store.recording(account, effective_date(cmd)), cmd)
            return [case], {"caseId": str(case.id)}

        return self.store.execute(account, operation, given, decide)

    def add_case_note(self, account: Account, given: Given[AddCaseNote]) -> Outcome:
        return self._on_case(
            account,
            CaseworkOperation.ADD_CASE_NOTE,
            given,
            lambda case, by, cmd: case.add_note(text=cmd.text, by=by, today=self.store.today()),
        )

    def record_case_visit(self, account: Account, given: Given[RecordCaseVisit]) -> Outcome:
        return self._on_case(
            account,
            CaseworkOperation.RECORD_CASE_VISIT,
            given,
            lambda case, by, cmd: case.record_visit(
                place=cmd.place, text=cmd.text, by=by, today=self.store.today()
            ),
            lambda cmd: cmd.effective_date,
        )

    def hand_over_case(self, account: Account, given: Given[HandOverCase]) -> Outcome:
        def act(case: Case, by: Recording, cmd: HandOverCase) -> None:
            mission = self.store.missions.get(cmd.to_mission, field="to_mission")
            case.hand_over(
                to_mission=mission.code, reason=cmd.reason, by=by, today=self.store.today()
            )

        return self._on_case(account, CaseworkOperation.HAND_OVER_CASE, given, act)

    def close_case(self, account: Account, given: Given[CloseCase]) -> Outcome:
        return self._on_case(
            account,
            CaseworkOperation.CLOSE_CASE,
            given,
            lambda case, by, cmd: case.close(outcome=cmd.outcome, by=by, today=self.store.today()),
            lambda cmd: cmd.effective_date,
        )

    # -- reading ----------------------------------------------------------------------------

    def load_case(self, case_id: UUID, *, expected_version: int | None = None) -> Case:
        case = self.store.find(Case, case_id)
        if case is None:
            raise CaseNotFound(f"no case with id {case_id}", field="case_id")
        if expected_version is not None and case.version != expected_version:
            msg = (
                f"the case is at version {case.version}, not {expected_version}:"
                " it changed since it was read"
            )
            raise Conflict(msg, field="expected_version")
        return case

    def case(self, account: Account, case_id: UUID) -> Case | None:
        """One case, for an auditor or an officer of a mission that holds or held it.

        Anyone else is refused (FORBIDDEN) even when the case exists. Every read goes to the
        read log (kind `case`), every refusal to the log; ids only, never the case's text.
        """
        authorize(account, CaseworkOperation.CASE)
        case = self.store.find(Case, case_id)
        if case is None:
            return None
        if not allowed(
            account.role, CaseworkOperation.CASE, own_mission=case.held_by(account.mission)
        ):
            log.warning(
                "case.read_refused",
                case_id=str(case.id),
                read_by=account.name,
                read_at_mission=account.mission,
            )
            msg = "only a mission that holds or held the case, or an auditor, may read it"
            raise Forbidden(msg, field="id")
        self.store.record_reads(account, "case", [case.id])
        return case
