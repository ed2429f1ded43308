"""DataLoaders of the influencer domain. Each batch is one statement, whatever the number of
keys: a storefront page costs the same few statements with 2 sections or 50."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

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


# A page of picks: (section id, how many rows, the position to start after or None).
PicksKey = tuple[int, int, int | None]
# A pick: (position, product id).
Pick = tuple[int, int]


class SectionPicksPageLoader(SessionLoader[PicksKey, list[Pick]]):
    """The first `limit` picks of each section after a position, with ROW_NUMBER() OVER
    (PARTITION BY section): one statement per distinct (limit, after) in a batch, and the
    sections of one page all ask with the same arguments. (Mirrored idea lists page through
    the catalog's ItemsByIdeaListLoader.)"""

    async def load_batch(self, session: AsyncSession, keys: list[PicksKey]) -> list[list[Pick]]:
        groups: dict[tuple[int, int | None], list[int]] = defaultdict(list)
        for section_id, limit, after in keys:
            groups[(limit, after)].append(section_id)
        found: dict[PicksKey, list[Pick]] = {}
        section, position = col(SectionProduct.section_id), col(SectionProduct.position)
        for (limit, after), section_ids in groups.items():
            rank = func.row_number().over(partition_by=section, order_by=position).label("rank")
            inner = select(section, position, col(SectionProduct.product_id), rank).where(
                section.in_(section_ids)
            )
            if after is not None:
                inner = inner.where(position > after)
            page = inner.subquery()
            rows = await session.execute(
                select(page.c.section_id, page.c.position, page.c.product_id)
                .where(page.c.rank <= limit)
                .order_by(page.c.section_id, page.c.position)
            )
            by_section: dict[int, list[Pick]] = defaultdict(list)
            for section_id, pick_position, product_id in rows.all():
                by_section[section_id].append((pick_position, product_id))
            for section_id in section_ids:
                found[(section_id, limit, after)] = by_section.get(section_id, [])
        return [found[key] for key in keys]
