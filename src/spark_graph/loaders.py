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
from spark_graph.moments.loaders import (
    AccountSpendByMonthLoader,
    ApiKeyByIdLoader,
    BrandAccountByIdLoader,
    CampaignByIdLoader,
    CampaignCountsLoader,
    CampaignSpendByMonthLoader,
    RewardGrantByIdLoader,
)
from spark_graph.social.loaders import (
    AliasesByTopicIdLoader,
    CommentByIdLoader,
    CommentPageByPostIdLoader,
    InterestsByUserIdLoader,
    OptionsByPollIdLoader,
    PollByIdLoader,
    PollByPostIdLoader,
    PollOptionByIdLoader,
    PostByIdLoader,
    PostPageByTopicIdLoader,
    ProductTagsByPostIdLoader,
    ReasonPageByOptionIdLoader,
    TopicByIdLoader,
    TopicsByPostIdLoader,
    ViewerHasSmiledLoader,
    ViewerIsFollowingLoader,
    ViewerVoteByPollIdLoader,
    VoteByIdLoader,
)
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
    # social
    topic_by_id: TopicByIdLoader
    post_by_id: PostByIdLoader
    comment_by_id: CommentByIdLoader
    poll_by_id: PollByIdLoader
    poll_option_by_id: PollOptionByIdLoader
    vote_by_id: VoteByIdLoader
    topics_by_post_id: TopicsByPostIdLoader
    aliases_by_topic_id: AliasesByTopicIdLoader
    interests_by_user_id: InterestsByUserIdLoader
    product_tags_by_post_id: ProductTagsByPostIdLoader
    poll_by_post_id: PollByPostIdLoader
    options_by_poll_id: OptionsByPollIdLoader
    post_page_by_topic_id: PostPageByTopicIdLoader
    comment_page_by_post_id: CommentPageByPostIdLoader
    reason_page_by_option_id: ReasonPageByOptionIdLoader
    viewer_vote_by_poll_id: ViewerVoteByPollIdLoader
    viewer_has_smiled: ViewerHasSmiledLoader
    viewer_is_following: ViewerIsFollowingLoader
    # storefronts
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
    brand_account_by_id: BrandAccountByIdLoader
    api_key_by_id: ApiKeyByIdLoader
    campaign_by_id: CampaignByIdLoader
    reward_grant_by_id: RewardGrantByIdLoader
    campaign_spend_by_month: CampaignSpendByMonthLoader
    account_spend_by_month: AccountSpendByMonthLoader
    campaign_counts: CampaignCountsLoader


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
        topic_by_id=TopicByIdLoader(sessions),
        post_by_id=PostByIdLoader(sessions),
        comment_by_id=CommentByIdLoader(sessions),
        poll_by_id=PollByIdLoader(sessions),
        poll_option_by_id=PollOptionByIdLoader(sessions),
        vote_by_id=VoteByIdLoader(sessions),
        topics_by_post_id=TopicsByPostIdLoader(sessions),
        aliases_by_topic_id=AliasesByTopicIdLoader(sessions),
        interests_by_user_id=InterestsByUserIdLoader(sessions),
        product_tags_by_post_id=ProductTagsByPostIdLoader(sessions),
        poll_by_post_id=PollByPostIdLoader(sessions),
        options_by_poll_id=OptionsByPollIdLoader(sessions),
        post_page_by_topic_id=PostPageByTopicIdLoader(sessions),
        comment_page_by_post_id=CommentPageByPostIdLoader(sessions),
        reason_page_by_option_id=ReasonPageByOptionIdLoader(sessions),
        viewer_vote_by_poll_id=ViewerVoteByPollIdLoader(sessions, viewer_id=viewer_id),
        viewer_has_smiled=ViewerHasSmiledLoader(sessions, viewer_id=viewer_id),
        viewer_is_following=ViewerIsFollowingLoader(sessions, viewer_id=viewer_id),
        brand_account_by_id=BrandAccountByIdLoader(sessions),
        api_key_by_id=ApiKeyByIdLoader(sessions),
        campaign_by_id=CampaignByIdLoader(sessions),
        reward_grant_by_id=RewardGrantByIdLoader(sessions),
        campaign_spend_by_month=CampaignSpendByMonthLoader(sessions),
        account_spend_by_month=AccountSpendByMonthLoader(sessions),
        campaign_counts=CampaignCountsLoader(sessions),
    )
