"""Legalisations: officers attest a signature or seal; anyone holding the code may verify it."""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

import structlog

from domain.base import name_id
from domain.errors import LegalisationNotFound
from domain.services.legalisation import Legalisation, LegalisationCodeIndex, normalise_code
from register.access import authorize
from register.errors import Conflict
from register.services.operations import ServicesOperation

if TYPE_CHECKING:
    from datetime import date
    from uuid import UUID

    from register.access import Account
    from register.services.legalisation_inputs import LegaliseDocument, RevokeLegalisation
    from register.unit_of_work import Decision, Given, Outcome, UnitOfWork

log = structlog.get_logger(__name__)
DECOY_CODE = "0000-0000-0000-0000"
"""Looked up in place of a malformed code, so every verification does the same work."""
NOWHERE = name_id("legalisation", "nowhere")
"""An id no legalisation has: loaded when the code names none, for the same reason."""


class Legalisations:
    """Legalising a document, revoking it; staff read it, anyone with the code verifies it."""

    def __init__(self, store: UnitOfWork) -> None:
        self.store = store

    def legalise_document(self, account: Account, given: Given[LegaliseDocument]) -> Outcome:
        def decide(cmd: LegaliseDocument) -> Decision:
            citizen = self.store.load_citizen(cmd.citizen_id)
            by = self.store.recording(account, None)
            legalisation = Legalisation.legalise(
                citizen_id=citizen.id,
                document_kind=cmd.document_kind,
                issuing_authority=cmd.issuing_authority,
                signer_name=cmd.signer_name,
                signer_capacity=cmd.signer_capacity,
                sealing_authority=cmd.sealing_authority,
                document_sha256=cmd.document_sha256,
                by=by,
            )
            index = LegalisationCodeIndex.assign(legalisation, by=by)
            dossier = self.store.link_to_dossier(
                citizen.id, kind="legalisation", aggregate_id=legalisation.id, by=by
            )
            return [legalisation, index, dossier], {
                "legalisationId": str(legalisation.id),
                "code": legalisation.code,
            }

        return self.store.execute(account, ServicesOperation.LEGALISE_DOCUMENT, given, decide)

    def revoke_legalisation(self, account: Account, given: Given[RevokeLegalisation]) -> Outcome:
        def decide(cmd: RevokeLegalisation) -> Decision:
            legalisation = self.load_legalisation(
                cmd.legalisation_id, expected_version=cmd.expected_version
            )
            legalisation.revoke(reason=cmd.reason, by=self.store.recording(account, None))
            return [legalisation], {"legalisationId": str(legalisation.id)}

        return self.store.execute(account, ServicesOperation.REVOKE_LEGALISATION, given, decide)

    # -- reading ----------------------------------------------------------------------------

    def load_legalisation(
        self, legalisation_id: UUID, *, expected_version: int | None = None
    ) -> Legalisation:
        legalisation = self.store.find(Legalisation, legalisation_id)
        if legalisation is None:
            msg = f"no legalisation with id {legalisation_id}"
            raise LegalisationNotFound(msg, field="legalisation_id")
        if expected_version is not None and legalisation.version != expected_version:
            msg = (
                f"the legalisation is at version {legalisation.version}, not {expected_version}:"
                " it changed since it was read"
            )
            raise Conflict(msg, field="expected_version")
        return legalisation

    def legalisation(self, account: Account, legalisation_id: UUID) -> Legalisation | None:
        authorize(account, ServicesOperation.LEGALISATION)
        found = self.store.find(Legalisation, legalisation_id)
        if found is not None:
            self.store.record_reads(account, "legalisation", [found.id])
        return found

    def verify_legalisation(self, code: str, on: date | None) -> Legalisation | None:
        """The e-Register lookup: the legalisation only if the code and its date both match.

        Every path loads an index and a legalisation and compares codes in constant time, so
        the work done does not tell a malformed, unknown or wrong-date code from a good one.
        """
        normalised = normalise_code(code)
        probe = normalised or DECOY_CODE
        index = self.store.find(LegalisationCodeIndex, LegalisationCodeIndex.id_for(probe))
        found = self.store.find(Legalisation, index.legalisation_id if index else NOWHERE)
        same_code = hmac.compare_digest(
            (found.code if found else DECOY_CODE).encode(), probe.encode()
        )
        matches = (
            normalised is not None and found is not None and same_code and found.legalised_on == on
        )
        log.info("legalisation.verified", found=matches)
        return found if matches else None
