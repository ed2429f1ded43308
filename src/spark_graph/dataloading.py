"""Base classes for per-request DataLoaders that read through a session factory.

Each batch opens its own short session: resolvers run concurrently, and one AsyncSession
shared between them fails ("concurrent operations are not permitted")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from aiodataloader import DataLoader
from sqlalchemy import Select, func, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from spark_graph.db import SessionFactory

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
RowT = TypeVar("RowT")


class SessionLoader(DataLoader, Generic[K, V]):  # type: ignore[misc]
    """A DataLoader that runs `load_batch` in a fresh session for each batch."""

    def __init__(self, sessions: SessionFactory, *, viewer_id: int | None = None) -> None:
        super().__init__()
        self.sessions = sessions
        self.viewer_id = viewer_id

    async def batch_load_fn(self, keys: Sequence[K]) -> list[V]:
        async with self.sessions() as session:
            return await self.load_batch(session, list(keys))

    async def load_batch(self, session: AsyncSession, keys: list[K]) -> list[V]:
        raise NotImplementedError


class RowByIdLoader(SessionLoader[int, Any]):
    """One row per primary key, None for a miss. Subclasses name the model."""

    model: ClassVar[Any]

    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[Any]:
        result = await session.execute(select(self.model).where(self.model.id.in_(keys)))
        by_id = {row.id: row for row in result.scalars()}
        return [by_id.get(key) for key in keys]


def group_rows(
    rows: Iterable[RowT], keys: Sequence[K], key_of: Callable[[RowT], K]
) -> list[list[RowT]]:
    """Rows grouped per key, in key order, [] for keys without rows."""
    grouped: dict[K, list[RowT]] = defaultdict(list)
    for row in rows:
        grouped[key_of(row)].append(row)
    return [grouped.get(key, []) for key in keys]


async def scalars(session: AsyncSession, statement: Select[Any]) -> list[Any]:
    return list((await session.execute(statement)).scalars())


@dataclass(frozen=True)
class PageKey:
    """One parent's page: the first `limit` children after the keyset `after`."""

    parent_id: int
    limit: int
    after: tuple[Any, ...] | None = None


@dataclass(frozen=True)
class PageColumns:
    """How a ChildPageLoader finds and sorts children (kept in a dataclass because ORM
    attributes set directly on a class would act as descriptors on its instances)."""

    parent: Any
    child_id: Any
    # The sort key, most significant first; the last column must be unique (an ID).
    sort: tuple[Any, ...]
    descending: bool = False


class ChildPageLoader(SessionLoader[PageKey, list[tuple[Any, ...]]]):
    """Pages of children for many parents in one statement (ROW_NUMBER() per parent).

    Returns, per key, up to `limit` tuples `(child_id, *sort_values)` in list order; the
    resolver turns them into rows through a by-ID loader and into cursors from the sort
    values. Keys asking for different pages are grouped, one statement per group, so a
    page of parents costs a constant number of statements."""

    columns: ClassVar[PageColumns]

    def __init__(
        self,
        sessions: SessionFactory,
        *,
        viewer_id: int | None = None,
        rows: RowByIdLoader | None = None,
    ) -> None:
        """With `rows`, the page statement also fetches the children's rows and primes that
        by-ID loader, so the resolver's `load_many` costs no second statement."""
        super().__init__(sessions, viewer_id=viewer_id)
        self.rows = rows

    def where(self) -> list[Any]:
        """Extra conditions on the children (e.g. only votes that carry a reason)."""
        return []

    async def load_batch(
        self, session: AsyncSession, keys: list[PageKey]
    ) -> list[list[tuple[Any, ...]]]:
        groups: dict[tuple[int, tuple[Any, ...] | None], list[int]] = defaultdict(list)
        for key in keys:
            groups[(key.limit, key.after)].append(key.parent_id)
        pages: dict[tuple[int, int, tuple[Any, ...] | None], list[tuple[Any, ...]]] = {}
        columns = self.columns
        order = [c.desc() if columns.descending else c.asc() for c in columns.sort]
        for (limit, after), parent_ids in groups.items():
            rank = func.row_number().over(partition_by=columns.parent, order_by=order)
            inner = select(
                columns.parent.label("parent_id"),
                columns.child_id.label("child_id"),
                *(c.label(f"sort_{i}") for i, c in enumerate(columns.sort)),
                rank.label("rank"),
            ).where(columns.parent.in_(parent_ids), *self.where())
            if after is not None:
                position = tuple_(*columns.sort)
                inner = inner.where(position < after if columns.descending else position > after)
            ranked = inner.subquery()
            sort_labels = [ranked.c[f"sort_{i}"] for i in range(len(columns.sort))]
            statement = (
                select(ranked.c.parent_id, ranked.c.child_id, *sort_labels)
                .where(ranked.c.rank <= limit)
                .order_by(ranked.c.parent_id, ranked.c.rank)
            )
            if self.rows is not None:
                model = self.rows.model
                statement = statement.add_columns(model).join_from(
                    ranked, model, model.id == ranked.c.child_id
                )
            for parent_id, child_id, *values in (await session.execute(statement)).all():
                if self.rows is not None:
                    self.rows.prime(child_id, values.pop())
                pages.setdefault((parent_id, limit, after), []).append((child_id, *values))
        return [pages.get((key.parent_id, key.limit, key.after), []) for key in keys]
