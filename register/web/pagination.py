"""Cursor pagination shared by every connection: page sizes, opaque cursors, `pageInfo`, and
the generic connection over a list already in memory."""

from __future__ import annotations

import base64
from typing import TYPE_CHECKING, Generic, TypeVar

import strawberry

from register.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Sequence

T = TypeVar("T")
MAX_PAGE = 100
DEFAULT_PAGE = 20
_BIGINT = 2**63
"""Cursors hold offsets and positions: beyond a BIGINT they are none this API returned."""


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[T]):
    cursor: str = strawberry.field(description="Pass as `after` to continue after this node.")
    node: T


@strawberry.type
class Connection(Generic[T]):
    """A page of a list, in the list's order; strawberry names it after the node type
    (`HistoryEntryConnection`, `DocumentConnection`, …)."""

    total_count: int = strawberry.field(description="Nodes on every page, filters applied.")
    edges: list[Edge[T]]
    nodes: list[T]
    page_info: PageInfo


def page_size(first: int | None) -> int:
    """`first`, or the default page; more than MAX_PAGE (or less than 1) is OUT_OF_RANGE."""
    if first is None:
        return DEFAULT_PAGE
    if not 1 <= first <= MAX_PAGE:
        msg = f"first must be between 1 and {MAX_PAGE}"
        raise InvalidInput(msg, field="first", code="OUT_OF_RANGE")
    return first


def encode_cursor(value: int) -> str:
    return base64.urlsafe_b64encode(f"o:{value}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    """The number inside a cursor this API returned (0 without one); else INVALID_FORMAT."""
    if cursor is None:
        return 0
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind != "o" or not 0 <= int(value) < _BIGINT:
            raise ValueError(kind)
        return int(value)
    except ValueError:
        msg = "after is not a cursor this API returned"
        raise InvalidInput(msg, field="after", code="INVALID_FORMAT") from None


def page_of(items: Sequence[T], first: int | None, after: str | None) -> Connection[T]:
    """The page of `items` after the cursor `after`: offsets into the (filtered) list."""
    size, offset = page_size(first), decode_cursor(after)
    shown = list(items[offset : offset + size])
    edges = [Edge(cursor=encode_cursor(offset + i + 1), node=n) for i, n in enumerate(shown)]
    return Connection(
        total_count=len(items),
        edges=edges,
        nodes=shown,
        page_info=PageInfo(
            has_next_page=offset + len(shown) < len(items),
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )
