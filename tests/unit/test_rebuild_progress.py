"""The rebuild's progress bar: its rate on a run too short for rich to measure a speed."""

from __future__ import annotations

from rich.progress import Progress

from register.cli.views import RateColumn


def test_the_rate_column_shows_the_average_rate_until_rich_measures_a_speed() -> None:
    now = [0.0]
    progress = Progress(get_time=lambda: now[0])
    task_id = progress.add_task("rebuild", total=3000)
    task = progress.tasks[0]

    assert RateColumn().render(task).plain == "        0 events/s"
    now[0] = 0.5
    progress.advance(task_id, 1000)

    assert task.speed is None
    assert RateColumn().render(task).plain == "    2,000 events/s"
