"""A record at another time: as the register held it then, or as things stood on a date.

Two clocks run through every event (bitemporal): when it was *recorded* (the library's
`timestamp`) and when the fact *took effect* (`effective_date`). Both functions here are pure
replays of a record's events, oldest first, as the store returns them.

- `as_recorded(events, at)` — what the register said at instant `at`: the events recorded
  by then, replayed as usual. Later corrections do not exist yet.
- `as_effective(events, on)` — what was true on day `on`, given everything known now:
  * the record's creation holds identity facts true from birth, so it always applies (and a
    person not yet born on `on`, by the corrected birth date, has no record: None);
  * every other fact applies if it took effect on or before `on`, in order of effect (then of
    recording): a backdated change of residence lands where it belongs;
  * a marriage whose date was corrected takes effect on the corrected date;
  * an entry correction says what an entry *always should have said*, so it is applied right
    after the event that set the value it corrects (the creation, a name change, or an earlier
    correction of the same entry), and only when that event applies on `on`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from domain.civil_status.citizen import Citizen
from domain.civil_status.correction import NAME_FIELDS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from eventsourcing.domain import Aggregate


def as_recorded(events: Sequence[Aggregate.Event], at: datetime) -> Any:
    """The aggregate as recorded at `at` (None: not yet recorded)."""
    aggregate: Any = None
    for event in events:
        if event.timestamp > at:
            break
        aggregate = event.mutate(aggregate)
    return aggregate


def _sources(events: Sequence[Any]) -> dict[int, list[Any]]:
    """Entry corrections by the version of the event that set the value each one corrects."""
    attached: dict[int, list[Any]] = {}
    setter: dict[str, int] = {}
    creation = events[0].originator_version
    for event in events[1:]:
        if isinstance(event, Citizen.NameChanged):
            setter.update(dict.fromkeys(NAME_FIELDS, event.originator_version))
        elif isinstance(event, Citizen.EntryCorrected):
            source = setter.get(event.field, creation)
            attached.setdefault(source, []).append(event)
            setter[event.field] = source  # a correction of a correction follows it
    return attached


def as_effective(events: Sequence[Any], on: date) -> Citizen | None:
    """The citizen's record as it stood on `on`, with every correction known now applied."""
    if not events:
        return None
    corrections = _sources(events)
    marriage_dates: dict[Any, list[Any]] = {}
    for event in events:
        if isinstance(event, Citizen.MarriageCorrected):
            marriage_dates.setdefault(event.marriage_id, []).append(event)

    def effective(event: Any) -> date:
        fixes = marriage_dates.get(getattr(event, "marriage_id", None), [])
        if isinstance(event, Citizen.MarriageRecorded) and fixes:
            return date.fromisoformat(fixes[-1].new_value)
        result: date = event.effective_date
        return result

    citizen: Citizen = events[0].mutate(None)
    for correction in corrections.get(events[0].originator_version, []):
        correction.apply(citizen)
    if citizen.birth_date > on:
        return None
    facts = [
        e
        for e in events[1:]
        if not isinstance(e, Citizen.EntryCorrected | Citizen.MarriageCorrected)
        and effective(e) <= on
    ]
    for event in sorted(facts, key=lambda e: (effective(e), e.originator_version)):
        event.apply(citizen)
        for fix in marriage_dates.get(getattr(event, "marriage_id", None), []):
            if isinstance(event, Citizen.MarriageRecorded):
                fix.apply(citizen)
        for correction in corrections.get(event.originator_version, []):
            correction.apply(citizen)
    citizen.version = max(
        (e.originator_version for e in [events[0], *facts]), default=citizen.version
    )
    return citizen
