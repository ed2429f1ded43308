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
from spark_graph.db import SessionFactory
from spark_graph.moments.loaders import (
    AccountSpendByMonthLoader,
    ApiKeyByIdLoader,
    BrandAccountByIdLoader,
    CampaignByIdLoader,
    CampaignCountsLoader,
    CampaignSpendByMonthLoader,
    RewardGrantByIdLoader,
)
from spark_graph.storefronts.badges import BadgesByUserIdLoader


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
    brand_account_by_id: BrandAccountByIdLoader
    api_key_by_id: ApiKeyByIdLoader
    campaign_by_id: CampaignByIdLoader
    reward_grant_by_id: RewardGrantByIdLoader
    campaign_spend_by_month: CampaignSpendByMonthLoader
    account_spend_by_month: AccountSpendByMonthLoader
    campaign_counts: CampaignCountsLoader


def build_loaders(sessions: SessionFactory, *, viewer_id: int | None) -> Loaders:
    return Loaders(
        user_by_id=UserByIdLoader(sessions),
        product_by_id=ProductByIdLoader(sessions),
        similar_products=SimilarProductsLoader(sessions),
        idea_list_by_id=IdeaListByIdLoader(sessions),
        items_by_idea_list=ItemsByIdeaListLoader(sessions),
        # These two hide other members' private lists, so they know the viewer.
        idea_lists_by_owner=IdeaListsByOwnerLoader(sessions, viewer_id=viewer_id),
        idea_lists_by_product=IdeaListsByProductLoader(sessions, viewer_id=viewer_id),
        badges_by_user_id=BadgesByUserIdLoader(sessions),
        brand_account_by_id=BrandAccountByIdLoader(sessions),
        api_key_by_id=ApiKeyByIdLoader(sessions),
        campaign_by_id=CampaignByIdLoader(sessions),
        reward_grant_by_id=RewardGrantByIdLoader(sessions),
        campaign_spend_by_month=CampaignSpendByMonthLoader(sessions),
        account_spend_by_month=AccountSpendByMonthLoader(sessions),
        campaign_counts=CampaignCountsLoader(sessions),
    )
