"""Catalog loaders. Page loaders take `(parent id, first, after)` keys and fetch one page
for every parent of a batch in one statement (ROW_NUMBER() OVER (PARTITION BY parent)), so a
page of lists with a page of items each costs a constant number of statements."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlmodel import col

from spark_graph.catalog.models import IdeaList, IdeaListItem, Product
from spark_graph.dataloading import RowByIdLoader, SessionLoader
from spark_graph.pagination import InvalidArgumentError, PageRequest, encode_cursor

# (parent id, rows to fetch = first + 1, keyset position after which to start, or None)
PageKey = tuple[int, int, tuple[datetime, int] | None]
# (category, product id, how many)
SimilarKey = tuple[str, int, int]


class ProductByIdLoader(RowByIdLoader):
    model = Product


class IdeaListByIdLoader(RowByIdLoader):
    model = IdeaList


def page_key(parent_id: int, page: PageRequest) -> PageKey:
    """A hashable loader key for one page of a parent's list, newest first."""
    return (parent_id, page.limit, time_id_position(page.after))


def time_id_position(after: list[Any] | None) -> tuple[datetime, int] | None:
    """Decode the (time, id) keyset position inside a cursor."""
    if after is None:
        return None
    try:
        moment = datetime.fromisoformat(str(after[0]))
        if moment.tzinfo is None:
            raise ValueError("naive time")
        return moment, int(after[1])
    except (ValueError, TypeError, IndexError) as exc:
        raise InvalidArgumentError("The cursor is not one this API gave out.", "after") from exc


def time_id_cursor(moment: datetime, row_id: int | None) -> str:
    return encode_cursor(moment.isoformat(), row_id)


def _older_than(
    time_column: Any, id_column: Any, position: tuple[datetime, int] | None
) -> ColumnElement[bool]:
    """Rows after `position` in newest-first order."""
    if position is None:
        return true()
    moment, row_id = position
    return or_(time_column < moment, and_(time_column == moment, id_column < row_id))


def _grouped_by_page(keys: list[PageKey]) -> dict[tuple[int, Any], list[int]]:
    """Keys asking for the same page shape share one statement."""
    groups: dict[tuple[int, Any], list[int]] = defaultdict(list)
    for parent_id, limit, position in keys:
        groups[(limit, position)].append(parent_id)
    return groups


async def _pages(
    session: AsyncSession,
    keys: list[PageKey],
    statement_for: Any,
) -> list[list[Any]]:
    """Run `statement_for(parent_ids, limit, position)` once per page shape; its rows are
    (parent id, *values) and come back grouped per key, in key order."""
    found: dict[PageKey, list[Any]] = defaultdict(list)
    for (limit, position), parent_ids in _grouped_by_page(keys).items():
        statement: Select[Any] = statement_for(sorted(set(parent_ids)), limit, position)
        for row in (await session.execute(statement)).all():
            found[(row[0], limit, position)].append(tuple(row[1:]))
    return [found.get(key, []) for key in keys]


def _newest_first_rank(parent: Any, time_column: Any, id_column: Any) -> Any:
    """Each row's place in its parent's list, newest first (ties broken by id)."""
    return (
        func.row_number()
        .over(partition_by=parent, order_by=(time_column.desc(), id_column.desc()))
        .label("rank")
    )


class ItemsByIdeaListLoader(SessionLoader[PageKey, list[Any]]):
    """A page of a list's items, newest first: [(IdeaListItem,)] per key."""

    async def load_batch(self, session: AsyncSession, keys: list[PageKey]) -> list[list[Any]]:
        def statement(parent_ids: list[int], limit: int, position: Any) -> Select[Any]:
            rank = _newest_first_rank(
                col(IdeaListItem.idea_list_id), col(IdeaListItem.added_at), col(IdeaListItem.id)
            )
            inner = (
                select(IdeaListItem, rank)
                .where(
                    col(IdeaListItem.idea_list_id).in_(parent_ids),
                    _older_than(col(IdeaListItem.added_at), col(IdeaListItem.id), position),
                )
                .subquery()
            )
            item = aliased(IdeaListItem, inner)
            return (
                select(inner.c.idea_list_id, item)
                .where(inner.c.rank <= limit)
                .order_by(inner.c.idea_list_id, inner.c.rank)
            )

        return await _pages(session, keys, statement)


class IdeaListsByOwnerLoader(SessionLoader[PageKey, list[Any]]):
    """A page of a member's idea lists, newest first: [(IdeaList,)] per key. The viewer
    sees all of their own lists, and only the public lists of others."""

    async def load_batch(self, session: AsyncSession, keys: list[PageKey]) -> list[list[Any]]:
        viewer_id = self.viewer_id

        def statement(parent_ids: list[int], limit: int, position: Any) -> Select[Any]:
            rank = _newest_first_rank(
                col(IdeaList.owner_id), col(IdeaList.created_at), col(IdeaList.id)
            )
            inner = (
                select(IdeaList, rank)
                .where(
                    col(IdeaList.owner_id).in_(parent_ids),
                    visible_idea_lists(viewer_id),
                    _older_than(col(IdeaList.created_at), col(IdeaList.id), position),
                )
                .subquery()
            )
            idea_list = aliased(IdeaList, inner)
            return (
                select(inner.c.owner_id, idea_list)
                .where(inner.c.rank <= limit)
                .order_by(inner.c.owner_id, inner.c.rank)
            )

        return await _pages(session, keys, statement)


class IdeaListsByProductLoader(SessionLoader[PageKey, list[Any]]):
    """A page of the idea lists holding a product, most recently saved first:
    [(IdeaList, added_at, item id)] per key; private lists only for their owner."""

    async def load_batch(self, session: AsyncSession, keys: list[PageKey]) -> list[list[Any]]:
        viewer_id = self.viewer_id

        def statement(parent_ids: list[int], limit: int, position: Any) -> Select[Any]:
            rank = _newest_first_rank(
                col(IdeaListItem.product_id), col(IdeaListItem.added_at), col(IdeaListItem.id)
            )
            inner = (
                select(
                    col(IdeaListItem.product_id).label("product_id"),
                    col(IdeaListItem.added_at).label("added_at"),
                    col(IdeaListItem.id).label("item_id"),
                    IdeaList,
                    rank,
                )
                .join(IdeaList, col(IdeaList.id) == col(IdeaListItem.idea_list_id))
                .where(
                    col(IdeaListItem.product_id).in_(parent_ids),
                    visible_idea_lists(viewer_id),
                    _older_than(col(IdeaListItem.added_at), col(IdeaListItem.id), position),
                )
                .subquery()
            )
            idea_list = aliased(IdeaList, inner)
            return (
                select(inner.c.product_id, idea_list, inner.c.added_at, inner.c.item_id)
                .where(inner.c.rank <= limit)
                .order_by(inner.c.product_id, inner.c.rank)
            )

        return await _pages(session, keys, statement)


class SimilarProductsLoader(SessionLoader[SimilarKey, list[Product]]):
    """Products of the same category, most saved first (then oldest id), without the
    product itself: one statement per batch for every category asked."""

    async def load_batch(
        self, session: AsyncSession, keys: list[SimilarKey]
    ) -> list[list[Product]]:
        categories = sorted({category for category, _, _ in keys})
        # One more than the largest ask: the product itself may be among the top rows.
        limit = max(first for _, _, first in keys) + 1
        rank = (
            func.row_number()
            .over(
                partition_by=col(Product.category),
                order_by=(col(Product.saved_count).desc(), col(Product.id)),
            )
            .label("rank")
        )
        inner = select(Product, rank).where(col(Product.category).in_(categories)).subquery()
        product = aliased(Product, inner)
        rows = (
            await session.execute(
                select(product).where(inner.c.rank <= limit).order_by(inner.c.rank)
            )
        ).scalars()
        by_category: dict[str, list[Product]] = defaultdict(list)
        for row in rows:
            by_category[row.category].append(row)
        return [
            [p for p in by_category.get(category, []) if p.id != product_id][:first]
            for category, product_id, first in keys
        ]


def visible_idea_lists(viewer_id: int | None) -> ColumnElement[bool]:
    """Public lists, plus the viewer's own private ones."""
    if viewer_id is None:
        return col(IdeaList.is_public).is_(True)
    return or_(col(IdeaList.is_public).is_(True), col(IdeaList.owner_id) == viewer_id)
