"""Cheap private copies of aggregates read on every booking (a day's slots, a pool's entries).

The register hands each command a deep copy of a cached aggregate, so a refused command cannot
corrupt the cache. These aggregates hold only immutable values (ids, numbers) inside lists and
dicts, so copying the containers is enough: a day of a thousand slots copies in microseconds,
where `copy.deepcopy` walks every UUID (milliseconds, under the day's lock).
"""

from __future__ import annotations

import copy
from typing import TypeVar

T = TypeVar("T")


def containers_copy(aggregate: T) -> T:
    """A copy sharing immutable values, with its own lists, dicts and sets."""
    twin = copy.copy(aggregate)
    for name, value in vars(aggregate).items():
        if isinstance(value, list | dict | set):
            vars(twin)[name] = copy.copy(value)
    return twin
