"""DataLoaders of the influencer domain. Each batch is one statement, whatever the number of
keys: a storefront page costs the same few statements with 2 sections or 50."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable
from typing import Any, ClassVar

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.catalog.models import IdeaListItem
from spark_graph.dataloading import RowByIdLoader, SessionLoader, group_rows, scalars
from spark_graph.storefronts.models import (
    AffiliateLink,
    InfluencerProfile,
    SectionProduct,
    SocialAccount,
    Storefront,
    StorefrontSection,
)


class InfluencerProfileByIdLoader(RowByIdLoader):
    model = InfluencerProfile


class InfluencerProfileByUserIdLoader(SessionLoader[int, InfluencerProfile | None]):
    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[Any]:
        rows = await scalars(
            session, select(InfluencerProfile).where(col(InfluencerProfile.user_id).in_(keys))
        )
        by_user = {row.user_id: row for row in rows}
        return [by_user.get(key) for key in keys]


class SocialAccountsByProfileIdLoader(SessionLoader[int, list[SocialAccount]]):
    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[list[SocialAccount]]:
        rows = await scalars(
            session,
            select(SocialAccount)
            .where(col(SocialAccount.profile_id).in_(keys))
            .order_by(col(SocialAccount.id)),
        )
        return group_rows(rows, keys, lambda row: row.profile_id)


class StorefrontByIdLoader(RowByIdLoader):
    model = Storefront


class StorefrontByOwnerIdLoader(SessionLoader[int, Storefront | None]):
    async def load_batch(self, session: AsyncSession, keys: list[int]) -> list[Any]:
        rows = await scalars(session, select(Storefront).where(col(Storefront.owner_id).in_(keys)))
        by_owner = {row.owner_id: row for row in rows}
        return [by_owner.get(key) for key in keys]


class StorefrontBySlugLoader(SessionLoader[str, Storefront | None]):
    async def load_batch(self, session: AsyncSession, keys: list[str]) -> list[Any]:
        rows = await scalars(session, select(Storefront).where(col(Storefront.slug).in_(keys)))
        by_slug = {row.slug: row for row in rows}
        return [by_slug.get(key) for key in keys]


class StorefrontSectionByIdLoader(RowByIdLoader):
    model = StorefrontSection


class SectionsByStorefrontIdLoader(SessionLoader[int, list[StorefrontSection]]):
    async def load_batch(
        self, session: AsyncSession, keys: list[int]
    ) -> list[list[StorefrontSection]]:
        rows = await scalars(
            session,
            select(StorefrontSection)
            .where(col(StorefrontSection.storefront_id).in_(keys))
            .order_by(col(StorefrontSection.storefront_id), col(StorefrontSection.position)),
        )
        return group_rows(rows, keys, lambda row: row.storefront_id)


class AffiliateLinkByIdLoader(RowByIdLoader):
    model = AffiliateLink


# A page key: (parent id, how many rows, the sort key to start after or None).
PageKey = tuple[int, int, int | None]
# A page row: (sort key, product id).
PageRow = tuple[int, int]


class FirstRowsPerParentLoader(SessionLoader[PageKey, list[PageRow]]):
    """The first `limit` (sort key, product id) rows of each parent after a sort key, with
    ROW_NUMBER() OVER (PARTITION BY parent): one statement per distinct (limit, after) in a
    batch, and sibling fields on a page all ask with the same arguments."""

    # (parent id, sort key, product id) columns; a tuple, because a mapped attribute set
    # on a class would act as a descriptor.
    columns: ClassVar[tuple[Any, Any, Any]]

    async def load_batch(self, session: AsyncSession, keys: list[PageKey]) -> list[list[PageRow]]:
        groups: dict[tuple[int, int | None], list[int]] = defaultdict(list)
        for parent_id, limit, after in keys:
            groups[(limit, after)].append(parent_id)
        parent, sort, product = self.columns
        found: dict[Hashable, list[PageRow]] = {}
        for (limit, after), parent_ids in groups.items():
            rank = func.row_number().over(partition_by=parent, order_by=sort).label("rank")
            inner = select(
                parent.label("parent_id"),
                sort.label("sort_key"),
                product.label("product_id"),
                rank,
            ).where(parent.in_(parent_ids))
            if after is not None:
                inner = inner.where(sort > after)
            page = inner.subquery()
            rows = await session.execute(
                select(page.c.parent_id, page.c.sort_key, page.c.product_id)
                .where(page.c.rank <= limit)
                .order_by(page.c.parent_id, page.c.sort_key)
            )
            by_parent: dict[int, list[PageRow]] = defaultdict(list)
            for parent_id, sort_key, product_id in rows.all():
                by_parent[parent_id].append((sort_key, product_id))
            for parent_id in parent_ids:
                found[(parent_id, limit, after)] = by_parent.get(parent_id, [])
        return [found[key] for key in keys]


class SectionPicksPageLoader(FirstRowsPerParentLoader):
    """Picked products of sections, by position."""

    columns = (
        col(SectionProduct.section_id),
        col(SectionProduct.position),
        col(SectionProduct.product_id),
    )


class IdeaListItemsPageLoader(FirstRowsPerParentLoader):
    """Items of idea lists (mirrored by sections), in the order they were saved."""

    columns = (
        col(IdeaListItem.idea_list_id),
        col(IdeaListItem.id),
        col(IdeaListItem.product_id),
    )
