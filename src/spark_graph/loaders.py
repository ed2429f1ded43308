"""Every DataLoader of the graph, listed once and built fresh for each request
(aiodataloader binds the running event loop, and caches must not outlive a request)."""

from __future__ import annotations

from dataclasses import dataclass

from spark_graph.auth.loaders import UserByIdLoader
from spark_graph.catalog.loaders import (
    IdeaListByIdLoader,
    IdeaListsByOwnerLoader,
    IdeaListsByProductLoader,
    ItemsByIdeaListLoader,
    ProductByIdLoader,
    SimilarProductsLoader,
)
from spark_graph.clock import Clock
from spark_graph.db import SessionFactory
from spark_graph.storefronts.badges import BadgesByUserIdLoader
from spark_graph.storefronts.loaders import (
    AffiliateLinkByIdLoader,
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
    similar_products: SimilarProductsLoader
    idea_list_by_id: IdeaListByIdLoader
    items_by_idea_list: ItemsByIdeaListLoader
    idea_lists_by_owner: IdeaListsByOwnerLoader
    idea_lists_by_product: IdeaListsByProductLoader
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
    affiliate_link_by_id: AffiliateLinkByIdLoader


def build_loaders(sessions: SessionFactory, *, viewer_id: int | None, clock: Clock) -> Loaders:
    return Loaders(
        user_by_id=UserByIdLoader(sessions),
        product_by_id=ProductByIdLoader(sessions),
        similar_products=SimilarProductsLoader(sessions),
        idea_list_by_id=IdeaListByIdLoader(sessions),
        items_by_idea_list=ItemsByIdeaListLoader(sessions),
        # These two hide other members' private lists, so they know the viewer.
        idea_lists_by_owner=IdeaListsByOwnerLoader(sessions, viewer_id=viewer_id),
        idea_lists_by_product=IdeaListsByProductLoader(sessions, viewer_id=viewer_id),
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
        affiliate_link_by_id=AffiliateLinkByIdLoader(sessions),
    )
