"""What a correction changes beyond the entry: the spouse's copy of a marriage, the index of
national ID numbers; both saved in the correction's transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from domain.civil_status import correction

if TYPE_CHECKING:
    from uuid import UUID

    from domain.base import Recording
    from domain.civil_status.citizen import Citizen
    from register.civil_status.inputs import CorrectEntry
    from register.unit_of_work import UnitOfWork


def correct_marriage(  # where, the records, the marriage, the command, which field, who
    store: UnitOfWork,
    citizen: Citizen,
    marriage_id: UUID,
    cmd: CorrectEntry,
    field: str,
    by: Recording,
) -> list[Citizen]:
    """Correct the marriage on the citizen's record and on the spouse's, if registered; the
    spouse's record, to save with the citizen's."""
    spouse_id = citizen.marriage(marriage_id).spouse_id
    spouse = [] if spouse_id is None else [store.load_citizen(spouse_id, field="marriage_id")]
    for record in (citizen, *spouse):
        record.correct_marriage(
            marriage_id=marriage_id,
            field=field,
            new_value=cmd.new_value,
            legal_basis=cmd.legal_basis,
            by=by,
            today=store.today(),
        )
    return spouse


def move_national_id(
    store: UnitOfWork, citizen: Citizen, new_value: str | None, by: Recording
) -> tuple[str | None, list[Any]]:
    """Release the old number and claim the new one, in the correction's transaction."""
    indexes: list[Any] = []
    if new_value:
        new_value = correction.read_value("national_id", new_value)
        if new_value == citizen.national_id:
            return new_value, indexes
        indexes.append(store.claim_national_id(new_value, citizen.id, by))
    if citizen.national_id:
        released = store.release_national_id(citizen.national_id, by)
        if released is not None:
            indexes.append(released)
    return new_value, indexes
