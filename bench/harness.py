"""What every benchmark shares: its scales, its result rows, a database of its own, the README.

A benchmark is a module with `run(url, scale) -> list[Row]`: `url` names a new, empty
PostgreSQL database, and each row holds one metric measured with Sijill and its raw baseline
side by side, in the same run.
"""

from __future__ import annotations

import re
import sys
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NoReturn

import psycopg
from psycopg import sql

from register.civil_status import inputs as c

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

Scale = Literal["tiny", "small", "large"]
SCALES: tuple[Scale, ...] = ("tiny", "small", "large")
"""tiny: seconds, for CI's smoke test; small: the README's figures; large: national scale."""
SIJILL = Path(sys.executable).parent / "sijill"
"""The command line installed beside this Python: servers and followers run as in production."""
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
HEADER = "| metric | Sijill | raw baseline | ratio | scale | command |\n|---|---|---|---|---|---|"


BORN = "1985-03-04"
"""The birth date of every benchmark citizen (the appointment burst's identity check asks it)."""


def enrolment(national_id: str | None = None) -> c.EnrollCitizen:
    """The enrolment every benchmark records: one citizen, both scripts, a national ID or none."""
    return c.parse(
        c.EnrollCitizen,
        {
            "givenName": "Youssef",
            "familyName": "El Amrani",
            "givenNameAr": "يوسف",
            "familyNameAr": "العمراني",
            "sex": "M",
            "birthDate": BORN,
            "birthPlace": "Fes",
            "birthCountry": "MAR",
            "nationalId": national_id,
        },
    )


def require(ok: bool, what: str) -> None:  # noqa: FBT001  # a condition, named
    """Stop the run if a side did not do the job: a figure for a wrong result means nothing."""
    if not ok:
        invalid(what)


def invalid(what: str) -> NoReturn:
    """Stop the run: WHAT is not true (`require` where the condition narrows a type)."""
    raise SystemExit(f"benchmark invalid: not true that {what}")


@dataclass(frozen=True)
class Figure:
    value: float
    """The number the ratio is made of (a rate, a time, a size: see `text`)."""
    text: str
    """As the table shows it, with its unit and what else the side measured."""


@dataclass(frozen=True)
class Check:
    target: str
    """The issue's target in words, e.g. "target 75%"."""
    met: bool


@dataclass(frozen=True)
class Row:
    metric: str
    sijill: Figure
    baseline: Figure
    ratio: str
    scale: str
    checks: tuple[Check, ...] = ()
    command: str = ""
    """How to reproduce the row; the harness or the module's own command line fills it in."""

    def markdown(self) -> str:
        verdicts = "; ".join(f"{c.target} {'met' if c.met else 'missed'}" for c in self.checks)
        ratio = f"{self.ratio} — {verdicts}" if verdicts else self.ratio
        return (
            f"| {self.metric} | {self.sijill.text} | {self.baseline.text} | {ratio} "
            f"| {self.scale} | `{self.command}` |"
        )


def percent(ours: float, raw: float) -> str:
    return f"{ours / raw:.0%}"


@contextmanager
def fresh_database(url: str, label: str) -> Iterator[str]:
    """A new database on the server of `url`, for one benchmark; dropped afterwards."""
    base = url.rpartition("/")[0]
    name = f"sijill_bench_{label}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


OWNER = re.compile(r"--only (\w+)|python -m bench\.(?!run\b)(\w+)")


def owner(line: str) -> str | None:
    """The benchmark a README row belongs to: the one its command names."""
    found = OWNER.search(line)
    return (found[1] or found[2]) if found else None


def write_readme(path: Path, fresh: dict[str, list[Row]], order: Sequence[str]) -> None:
    """Put the table between the markers: fresh rows, and the old rows of benchmarks not run.

    So running one benchmark refreshes its own rows only. Rows are in `order`; an old row whose
    command names no benchmark is dropped.
    """
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        msg = f"{path} has no {START} … {END} markers"
        raise SystemExit(msg)
    head, rest = text.split(START, 1)
    old, tail = rest.split(END, 1)
    kept: dict[str, list[str]] = {}
    for line in old.strip().splitlines()[2:]:
        if name := owner(line):
            kept.setdefault(name, []).append(line)
    lines = [HEADER]
    for name in order:
        lines += [r.markdown() for r in fresh[name]] if name in fresh else kept.get(name, [])
    table = "\n".join(lines)
    path.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")
