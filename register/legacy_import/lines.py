"""Reading a legacy export and deciding its lines, in worker processes when there are cores.

A line's decision is pure: JSON, validation, the domain's rules and events, and the stored
form of those events depend only on the line and on what the first pass learnt (every legacy
id's birth date, date of death and first line; the guide; the missions). So lines are decided
in a pool of forked processes, in order, while the parent writes the batches before them;
the parent alone talks to the database.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import Mapper
from pydantic import ValidationError

from register.civil_status.inputs import rule_code
from register.legacy_import.line_events import LegacyDecider
from register.legacy_import.line_format import LegacyLine
from register.legacy_import.line_terms import LineRejected, citizen_id_for
from register.store.bulk import Prepared

if TYPE_CHECKING:
    from collections.abc import Generator, Iterator
    from pathlib import Path


People = dict[str, tuple[date, date | None, int]]
"""Legacy id → (birth date, date of death, first line; 0: a citizen already in the register)."""

_TASK_LINES = 100
_REFERENCE = re.compile(
    rb'"(?:fatherId|motherId|legacyId)"\s*:\s*"([^"]*)"|"children"\s*:\s*\[([^\]]*)\]'
)


@dataclass
class DecidedLine:
    """A valid line's stored events, and the aggregates it creates (for uniqueness)."""

    number: int
    legacy_id: str
    citizen_id: UUID
    events: list[Prepared]
    created: dict[UUID, type[Any]] = field(default_factory=dict)


def reject(
    number: int, legacy_id: str | None, where: str, reason: str, code: str | None = None
) -> dict[str, Any]:
    """A refused line's row; `code` is the input models' typed code when a value's rule refused."""
    row = {"line": number, "legacyId": legacy_id, "field": where, "reason": reason}
    return row if code is None else {**row, "code": code}


@dataclass(frozen=True)
class LineJudge:
    """Everything a line's decision needs; forked into the workers as it is."""

    decider: LegacyDecider
    people: People
    mapper: Mapper[UUID]

    def judge(self, number: int, raw: str) -> DecidedLine | dict[str, Any]:
        """The line's events, or its reject row."""
        legacy_id = None
        try:
            data = json.loads(raw)
            legacy_id = data.get("legacyId") if isinstance(data, dict) else None
            line = LegacyLine.model_validate(data)
            first = self.people.get(line.legacy_id, (None, None, number))[2]
            if first != number:
                raise LineRejected("legacyId", f"duplicate of line {first}")
            aggregates = self.decider.decide(line)
        except json.JSONDecodeError as error:
            return reject(number, None, "line", f"not valid JSON: {error.msg}")
        except ValidationError as error:
            problem = error.errors()[0]
            where = ".".join(str(p) for p in problem["loc"]) or "line"
            return reject(number, legacy_id, where, problem["msg"], rule_code(problem["type"]))
        except LineRejected as error:
            return reject(number, legacy_id, error.field, error.reason)
        decided = DecidedLine(number, line.legacy_id, citizen_id_for(line.legacy_id), [])
        for aggregate in aggregates:
            for event in aggregate.collect_events():
                decided.events.append(Prepared.of(self.mapper.to_stored_event(event)))
                if event.originator_version == 1:
                    decided.created[event.originator_id] = type(aggregate)
        return decided

    def judge_all(self, lines: list[tuple[int, str]]) -> list[DecidedLine | dict[str, Any]]:
        return [self.judge(number, raw) for number, raw in lines]


_JUDGE: LineJudge | None = None  # the workers' copy, inherited at fork


def _judge_in_worker(lines: list[tuple[int, str]]) -> list[DecidedLine | dict[str, Any]]:
    assert _JUDGE is not None  # noqa: S101  # set before the pool forks
    return _JUDGE.judge_all(lines)


def decided(
    judge: LineJudge, path: Path, *, after: int, workers: int
) -> Generator[DecidedLine | dict[str, Any], None, None]:
    """Every line after `after`, decided, in the file's order."""
    if workers <= 1:
        for number, raw in lines_of(path, after=after):
            yield judge.judge(number, raw)
        return
    global _JUDGE  # noqa: PLW0603  # what fork hands the workers
    _JUDGE = judge
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        for results in pool.imap(_judge_in_worker, _tasks(path, after), chunksize=1):
            yield from results
    _JUDGE = None


def _tasks(path: Path, after: int) -> Iterator[list[tuple[int, str]]]:
    task: list[tuple[int, str]] = []
    for item in lines_of(path, after=after):
        task.append(item)
        if len(task) == _TASK_LINES:
            yield task
            task = []
    if task:
        yield task


def lines_of(path: Path, *, after: int = 0) -> Iterator[tuple[int, str]]:
    """The file's non-blank lines with their 1-based numbers, after line `after`."""
    # A byte that is not UTF-8 becomes a lone surrogate, which the line's rules refuse, rather
    # than an exception that would stop the whole import.
    with path.open(encoding="utf-8", errors="surrogateescape") as f:
        for number, raw in enumerate(f, start=1):
            if number > after and raw.strip():
                yield number, raw


def first_pass(path: Path) -> tuple[str, People, set[str], int]:
    """The file's SHA-256; each legacy id's birth date, date of death and first line; the
    legacy ids the lines refer to; the number of lines. Lines that do not parse are left to
    the second pass to reject."""
    digest = hashlib.sha256()
    people: People = {}
    referred: set[str] = set()
    total = 0
    with path.open("rb") as f:
        for total, raw in enumerate(f, start=1):  # the count is the last number
            digest.update(raw)
            facts = _facts(raw)
            if facts is not None and facts[0] not in people:
                people[facts[0]] = (facts[1], facts[2], total)
            for single, listed in _REFERENCE.findall(raw):
                referred.update(
                    [single.decode()] if single else re.findall(r'"([^"]*)"', listed.decode())
                )
    return digest.hexdigest(), people, referred - people.keys(), total


def _facts(raw: bytes) -> tuple[str, date, date | None] | None:
    try:
        data = json.loads(raw)
        events = data.get("events") or []
        death = next((e["date"] for e in events if e.get("type") == "death"), None)
        return (
            str(data["legacyId"]),
            date.fromisoformat(data["birthDate"]),
            date.fromisoformat(death) if death else None,
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
