"""Marriage, divorce, and the deaths that end marriages (the Citizen's commands about them, bound
into its body; the rules they apply are in domain.civil_status.rules)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from domain.civil_status import rules
from domain.errors import CitizenDeceased, DateRuleViolated

if TYPE_CHECKING:
    from datetime import date
    from uuid import UUID

    from domain.base import Recording
    from domain.civil_status.citizen import Citizen
    from domain.civil_status.values import Marriage

SPOUSE_DEATH = "death-of-spouse"
"""MarriageEnded's reason on the survivor's record; `death` on the deceased's, `divorce`."""


def check_may_marry(
    citizen: Citizen,
    *,
    spouse_id: UUID | None,
    authorisation: str | None,
    by: Recording,
    today: date,
) -> None:
    citizen.check_may_record(by, today)
    rules.may_marry(
        sex=citizen.sex,
        birth_date=citizen.birth_date,
        married_on=by.effective_date,
        marriages=citizen.marriages,
        spouse_id=spouse_id,
        authorisation=authorisation,
    )


def record_marriage(  # noqa: PLR0913  # the record, and a marriage's facts
    citizen: Citizen,
    *,
    marriage_id: UUID,
    spouse_id: UUID | None,
    spouse_name: str,
    spouse_nationality: str,
    place: str,
    authorisation: str | None,
    by: Recording,
    today: date,
) -> None:
    citizen.check_may_marry(spouse_id=spouse_id, authorisation=authorisation, by=by, today=today)
    citizen.trigger_event(
        citizen.MarriageRecorded,
        marriage_id=marriage_id,
        spouse_id=spouse_id,
        spouse_name=spouse_name,
        spouse_nationality=spouse_nationality,
        place=place,
        authorisation_reference=authorisation,
        **by.fields(),
    )


def record_divorce(citizen: Citizen, *, marriage_id: UUID, by: Recording, today: date) -> None:
    citizen.check_may_record(by, today)
    marriage = citizen.marriage(marriage_id)
    if not marriage.is_active:
        msg = "the marriage has already ended"
        raise DateRuleViolated(msg, field="marriage_id", code="MARRIAGE_ALREADY_ENDED")
    if by.effective_date < marriage.married_on:
        msg = "a divorce cannot precede the marriage"
        raise DateRuleViolated(msg, field="effective_date", code="DIVORCE_BEFORE_MARRIAGE")
    citizen.trigger_event(
        citizen.MarriageEnded, marriage_id=marriage_id, reason="divorce", **by.fields()
    )


def record_death(citizen: Citizen, *, place: str, by: Recording, today: date) -> list[Marriage]:
    """Record the death; returns the marriages it ends, for the spouses' records."""
    citizen.check_may_record(by, today)
    if citizen.date_of_death is not None:
        msg = "the citizen's death is already recorded; correct it instead"
        raise CitizenDeceased(msg, field="citizen_id")
    ended = [m for m in citizen.marriages if m.is_active]
    for m in ended:
        if by.effective_date < m.married_on:
            msg = "a death cannot precede a marriage it ends"
            raise DateRuleViolated(msg, field="effective_date", code="DEATH_BEFORE_MARRIAGE")
    for m in ended:
        citizen.trigger_event(
            citizen.MarriageEnded, marriage_id=m.marriage_id, reason="death", **by.fields()
        )
    citizen.trigger_event(citizen.DeathRecorded, place=place, **by.fields())
    return ended


def end_by_recorded_death(
    citizen: Citizen, *, marriage_id: UUID, spouse_died_on: date | None, by: Recording
) -> None:
    """End a marriage recorded after a death it predates, on that death: the record's own
    (`death`) or the spouse's (`death-of-spouse`), whichever came first, as if the death had
    been recorded after the marriage. Nothing happens when neither has died."""
    ends = [
        (day, reason)
        for day, reason in ((citizen.date_of_death, "death"), (spouse_died_on, SPOUSE_DEATH))
        if day is not None
    ]
    if not ends or not citizen.marriage(marriage_id).is_active:
        return
    day, reason = min(ends)  # the same day: the record's own death ("death" sorts first)
    citizen.trigger_event(
        citizen.MarriageEnded,
        marriage_id=marriage_id,
        reason=reason,
        **replace(by, effective_date=day).fields(),
    )


def spouse_died(citizen: Citizen, *, marriage_id: UUID, by: Recording) -> None:
    marriage = citizen.marriage(marriage_id)
    if marriage.is_active:
        citizen.trigger_event(
            citizen.MarriageEnded,
            marriage_id=marriage_id,
            reason=SPOUSE_DEATH,
            **by.fields(),
        )
