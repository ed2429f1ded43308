"""Every DataLoader of the graph, listed once and built fresh for each request
(aiodataloader binds the running event loop, and caches must not outlive a request)."""

from __future__ import annotations

from dataclasses import dataclass

from spark_graph.auth.loaders import UserByIdLoader
from spark_graph.catalog.loaders import ProductByIdLoader
from spark_graph.clock import Clock
from spark_graph.db import SessionFactory
from spark_graph.storefronts.badges import BadgesByUserIdLoader
from spark_graph.storefronts.loaders import (
    AffiliateLinkByIdLoader,
    IdeaListItemsPageLoader,
    InfluencerProfileByIdLoader,
    InfluencerProfileByUserIdLoader,
    SectionPicksPageLoader,
    SectionsByStorefrontIdLoader,
    SocialAccountsByProfileIdLoader,
    StorefrontByIdLoader,
    StorefrontByOwnerIdLoader,
    StorefrontBySlugLoader,
    StorefrontSectionByIdLoader,
)


@dataclass
class Loaders:
    user_by_id: UserByIdLoader
    product_by_id: ProductByIdLoader
    badges_by_user_id: BadgesByUserIdLoader
    influencer_profile_by_id: InfluencerProfileByIdLoader
    influencer_profile_by_user_id: InfluencerProfileByUserIdLoader
    social_accounts_by_profile_id: SocialAccountsByProfileIdLoader
    storefront_by_id: StorefrontByIdLoader
    storefront_by_owner_id: StorefrontByOwnerIdLoader
    storefront_by_slug: StorefrontBySlugLoader
    storefront_section_by_id: StorefrontSectionByIdLoader
    sections_by_storefront_id: SectionsByStorefrontIdLoader
    section_picks_page: SectionPicksPageLoader
    idea_list_items_page: IdeaListItemsPageLoader
    affiliate_link_by_id: AffiliateLinkByIdLoader


def build_loaders(sessions: SessionFactory, *, viewer_id: int | None, clock: Clock) -> Loaders:
    return Loaders(
        user_by_id=UserByIdLoader(sessions),
        product_by_id=ProductByIdLoader(sessions),
        badges_by_user_id=BadgesByUserIdLoader(sessions, clock=clock),
        influencer_profile_by_id=InfluencerProfileByIdLoader(sessions),
        influencer_profile_by_user_id=InfluencerProfileByUserIdLoader(sessions),
        social_accounts_by_profile_id=SocialAccountsByProfileIdLoader(sessions),
        storefront_by_id=StorefrontByIdLoader(sessions),
        storefront_by_owner_id=StorefrontByOwnerIdLoader(sessions),
        storefront_by_slug=StorefrontBySlugLoader(sessions),
        storefront_section_by_id=StorefrontSectionByIdLoader(sessions),
        sections_by_storefront_id=SectionsByStorefrontIdLoader(sessions),
        section_picks_page=SectionPicksPageLoader(sessions),
        idea_list_items_page=IdeaListItemsPageLoader(sessions),
        affiliate_link_by_id=AffiliateLinkByIdLoader(sessions),
    )
