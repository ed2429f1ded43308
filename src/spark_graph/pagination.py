"""Relay connections: opaque keyset cursors, a page-size cap, and the generic types.

A list field fetches `first + 1` rows after the cursor's sort key; the extra row tells
`hasNextPage` without a COUNT."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry.relay import PageInfo

NodeT = TypeVar("NodeT")
RowT = TypeVar("RowT")

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


# The `first` and `after` arguments of every list field, described once.
First = Annotated[
    int | None,
    strawberry.argument(description="How many items to return: 20 when omitted, at most 100."),
]
After = Annotated[
    str | None,
    strawberry.argument(description="A cursor from `pageInfo.endCursor`: the items after it."),
]


class InvalidArgumentError(GraphQLError):
    """A bad argument on a query field: a top-level error with code INVALID."""

    def __init__(self, message: str, argument: str) -> None:
        super().__init__(message, extensions={"code": "INVALID", "field": argument})


def encode_cursor(*values: Any) -> str:
    raw = json.dumps(list(values), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *, arity: int | None = None) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidArgumentError("The cursor is not one this API gave out.", "after") from exc
    if not isinstance(values, list) or (arity is not None and len(values) != arity):
        raise InvalidArgumentError("The cursor is not one this API gave out.", "after")
    return values


@dataclass(frozen=True)
class PageRequest:
    first: int
    after: list[Any] | None

    @classmethod
    def parse(
        cls,
        first: int | None,
        after: str | None,
        *,
        arity: int | None = None,
        max_size: int = MAX_PAGE_SIZE,
    ) -> PageRequest:
        size = DEFAULT_PAGE_SIZE if first is None else first
        if size < 0:
            raise InvalidArgumentError("`first` may not be negative.", "first")
        if size > max_size:
            raise InvalidArgumentError(f"`first` may not exceed {max_size}.", "first")
        return cls(first=size, after=decode_cursor(after, arity=arity) if after else None)

    @property
    def limit(self) -> int:
        """How many rows to fetch: one more than asked, to learn whether there is more."""
        return self.first + 1


@strawberry.type(description="One item of a list, with the cursor to page on from it.")
class Edge(Generic[NodeT]):
    cursor: str = strawberry.field(description="Pass as `after` to continue after this item.")
    node: NodeT = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list, in the Relay connection shape.")
class Connection(Generic[NodeT]):
    edges: list[Edge[NodeT]] = strawberry.field(description="The items of this page.")
    page_info: PageInfo = strawberry.field(description="Where this page stands in the list.")


def build_connection(
    rows: Sequence[RowT],
    page: PageRequest,
    *,
    to_node: Callable[[RowT], NodeT],
    cursor_of: Callable[[RowT], str],
) -> Connection[NodeT]:
    """Turn `page.limit` fetched rows into a connection page."""
    has_next = len(rows) > page.first
    kept = rows[: page.first]
    edges = [Edge(cursor=cursor_of(row), node=to_node(row)) for row in kept]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=page.after is not None,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
    )


def empty_connection() -> Connection[Any]:
    return Connection(
        edges=[],
        page_info=PageInfo(
            has_next_page=False, has_previous_page=False, start_cursor=None, end_cursor=None
        ),
    )


def time_keyset(page: PageRequest) -> tuple[datetime, int] | None:
    """The `(created_at, id)` position inside a cursor made by `time_cursor`."""
    if page.after is None:
        return None
    moment, pk = page.after
    try:
        parsed = datetime.fromisoformat(str(moment))
        if parsed.tzinfo is None or isinstance(pk, bool) or not isinstance(pk, int):
            raise ValueError(moment)
    except ValueError as exc:
        raise InvalidArgumentError("The cursor is not one this API gave out.", "after") from exc
    return parsed, pk


def time_cursor(created_at: datetime, pk: int) -> str:
    """An opaque cursor for lists sorted by `(created_at, id)`."""
    return encode_cursor(created_at.isoformat(), pk)
