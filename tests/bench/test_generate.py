"""The synthetic legacy export follows the format's rules, and a seed always gives the same file."""

from __future__ import annotations

import io
import json

from bench.generate import EXPORT_DATE, generate
from tests.bench.legacy_rules import problems


def export(citizens: int, seed: int = 1) -> str:
    out = io.StringIO()
    generate(citizens, out, seed=seed)
    return out.getvalue()


def test_generated_lines_follow_the_legacy_format_rules() -> None:
    text = export(300)
    assert len(text.splitlines()) == 300
    assert problems(text, EXPORT_DATE) == []


def test_generated_register_has_families_marriages_deaths_and_documents() -> None:
    lines = [json.loads(x) for x in export(300).splitlines()]
    events = [e for x in lines for e in x.get("events", [])]
    assert {"marriage", "divorce", "widowed", "death", "residence", "transfer"} <= {
        e["type"] for e in events
    }
    spouses = {key for e in events if e["type"] == "marriage" for key in e["spouse"]}
    assert spouses == {"legacyId", "name", "nationality"}
    assert all(any(key in x for x in lines) for key in ("birth", "children", "requests"))
    kinds = {d["kind"] for x in lines for d in x.get("documents", [])}
    assert kinds == {"PASSPORT", "NATIONAL_ID"}
    assert len({x["mission"] for x in lines}) > 20


def test_a_seed_gives_the_same_file_and_another_seed_another() -> None:
    assert export(200, seed=5) == export(200, seed=5)
    assert export(200, seed=5) != export(200, seed=6)
