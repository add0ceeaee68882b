"""Every benchmark runs through the harness at the tiny scale and produces its rows (CI's smoke).

No time and no ratio is asserted: those depend on the machine; the README's table reports them.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest

from bench import run
from bench.harness import END, HEADER, START, owner
from tests.conftest import postgres_server_url

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("name", list(run.BENCHMARKS))
def test_each_benchmark_produces_its_rows_with_positive_figures(name: str) -> None:
    rows = run.run(name, postgres_server_url(), "tiny")
    assert rows
    for row in rows:
        assert all((row.metric, row.ratio, row.scale))
        assert min(row.sijill.value, row.baseline.value) > 0
        assert row.command.endswith(f"--scale tiny --only {name}")
        assert row.markdown().startswith(f"| {row.metric} | {row.sijill.text} |")


def test_write_readme_puts_the_table_between_the_markers_and_leaves_the_rest(
    tmp_path: Path,
) -> None:
    readme = tmp_path / "README.md"
    shutil.copy(run.README, readme)
    before = readme.read_text(encoding="utf-8")

    run.main(["--url", postgres_server_url(), "--scale", "tiny", "--only", "asof",
              "--write-readme", "--readme", str(readme)])  # fmt: skip

    after = readme.read_text(encoding="utf-8")
    head, rest = after.split(START)
    table, tail = rest.split(END)
    assert (head, tail) == (before.split(START)[0], before.split(END)[1])
    lines = table.strip().splitlines()
    assert "\n".join(lines[:2]) == HEADER
    assert [x[:9] for x in lines if "--only asof" in x] == ["| as-of, "]
    others = before.split(START)[1].split(END)[0].strip().splitlines()[2:]
    assert {x for x in others if owner(x) not in (None, "asof")} <= set(lines)
