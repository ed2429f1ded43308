"""Base classes for per-request DataLoaders that read through a session factory.

Each batch opens its own short session: resolvers run concurrently, and one AsyncSession
shared between them fails ("concurrent operations are not permitted")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from aiodataloader import DataLoader
from sqlalchemy import Select, select
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
