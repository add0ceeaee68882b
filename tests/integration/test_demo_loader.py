"""The demo data never dates an event in the future, even for the youngest couple it can draw
(`sijill demo --citizens 3000` once failed: a marriage dated after today)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import TYPE_CHECKING

import pytest

from register.demo.loader import DemoLoader

if TYPE_CHECKING:
    from register.bootstrap import Container


class Youngest(random.Random):
    """Random but for the two draws that date a couple: the husband born on the last day of
    his range and the wife as much younger as she can be; and no early single or death."""

    HUSBAND_RANGE = (date(1998, 1, 1) - date(1950, 1, 1)).days

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:
        if (start, stop) in ((self.HUSBAND_RANGE, None), (-1500, 3600)):
            return (stop if stop is not None else start) - 1
        return super().randrange(start, stop, step)

    def random(self) -> float:
        return 0.5 + super().random() / 2  # never below 0.5: no single, divorce or death


def test_the_youngest_couple_it_can_draw_is_married_in_the_past(container: Container) -> None:
    loader = DemoLoader(container.register)
    loader.rng = Youngest()

    # The register refuses a marriage dated in the future, so recording it proves the date.
    assert loader.family(room=2) == 2
    assert (loader.load.citizens, loader.load.marriages) == (2, 1)


def test_a_day_is_never_drawn_after_its_end(container: Container) -> None:
    loader = DemoLoader(container.register)
    today = container.register.store.today()

    with pytest.raises(ValueError, match="no day from"):
        loader._day(today, today - timedelta(days=1))  # the guard itself
