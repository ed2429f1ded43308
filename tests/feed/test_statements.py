"""The contract's list screens cost a constant number of SQL statements, at most 8, whatever
the page size or the amount of data behind them (the N+1 guard)."""

from __future__ import annotations

from datetime import timedelta

from spark_graph.ids import global_id
from tests.catalog.operations import CREATE_IDEA_LIST, SAVE_TO_IDEA_LIST
from tests.catalog.statements import count_statements
from tests.feed.contract import SOCIAL_OPERATIONS
from tests.social.helpers import create_post
from tests.social.operations import (
    ADD_COMMENT_MUTATION,
    CHOOSE_INTERESTS_MUTATION,
    FOLLOW_MUTATION,
    SMILE_MUTATION,
    VOTE_MUTATION,
)

FEED_OPERATION = SOCIAL_OPERATIONS["Feed"]
TOPIC_FEED_OPERATION = SOCIAL_OPERATIONS["TopicFeed"]
POST_DETAIL_OPERATION = SOCIAL_OPERATIONS["PostDetail"]
MY_IDEA_LISTS_OPERATION = SOCIAL_OPERATIONS["MyIdeaLists"]
MAX_STATEMENTS = 8
SLUGS = ["kitchen", "garden", "books", "travel", "coffee"]


async def member_with_interests(gql, make_member, make_topic):
    topic_ids = [await make_topic(slug) for slug in SLUGS]
    viewer = await make_member(prime=True)
    payload = (
        await gql.data(
            CHOOSE_INTERESTS_MUTATION, {"input": {"topicIds": topic_ids}}, token=viewer.token
        )
    )["chooseInterests"]
    assert payload["errors"] == []
    return viewer


async def make_rich_posts(gql, make_member, make_product, clock, viewer, count):
    """Posts with photos, hashtags, a product tag and a poll; the viewer follows some
    authors, smiles at and votes in some posts."""
    authors = [await make_member(prime=True) for _ in range(12)]
    for author in authors[:3]:
        variables = {"input": {"userId": global_id("User", author.id)}}
        await gql.data(FOLLOW_MUTATION, variables, token=viewer.token)
    products = [await make_product(title=f"Thing {i}") for i in range(3)]
    posts = []
    for i in range(count):
        clock.advance(timedelta(minutes=3))
        post = await create_post(
            gql,
            authors[i % len(authors)].token,
            body=f"post {i} #{SLUGS[i % len(SLUGS)]}",
            mediaUrls=["https://img.example.com/1.jpg"],
            productTags=[{"productId": products[i % 3], "x": 0.5, "y": 0.5}],
            poll={"options": ["A", "B"]},
        )
        posts.append(post)
        if i % 4 == 0:
            await gql.data(SMILE_MUTATION, {"input": {"postId": post["id"]}}, token=viewer.token)
            option = post["poll"]["options"][0]["id"]
            await gql.data(VOTE_MUTATION, {"input": {"optionId": option}}, token=viewer.token)
    return posts


async def test_feed_costs_the_same_few_statements_for_10_and_100_posts(
    gql, make_member, make_topic, make_product, clock, engine
):
    # given a member with interests and follows, and 110 rich posts
    viewer = await member_with_interests(gql, make_member, make_topic)
    await make_rich_posts(gql, make_member, make_product, clock, viewer, 110)
    # when
    with count_statements(engine) as ten:
        small = (await gql.data(FEED_OPERATION, {"first": 10}, token=viewer.token))["feed"]
    with count_statements(engine) as hundred:
        large = (await gql.data(FEED_OPERATION, {"first": 100}, token=viewer.token))["feed"]
    with count_statements(engine) as next_page:
        variables = {"first": 100, "after": small["pageInfo"]["endCursor"]}
        await gql.data(FEED_OPERATION, variables, token=viewer.token)
    # then
    assert (len(small["edges"]), len(large["edges"])) == (10, 100)
    assert {edge["reason"] for edge in large["edges"]} >= {"FOLLOWING", "INTEREST"}
    assert any(edge["node"]["viewerHasSmiled"] for edge in large["edges"])
    assert any(edge["node"]["poll"]["viewerVote"] for edge in large["edges"])
    assert len(ten) == len(hundred) <= MAX_STATEMENTS, hundred
    assert len(next_page) <= len(hundred), next_page


async def test_anonymous_feed_costs_no_more(
    gql, make_member, make_topic, make_product, clock, engine
):
    # given
    viewer = await member_with_interests(gql, make_member, make_topic)
    await make_rich_posts(gql, make_member, make_product, clock, viewer, 30)
    # when
    with count_statements(engine) as ten:
        await gql.data(FEED_OPERATION, {"first": 10})
    with count_statements(engine) as thirty:
        feed = (await gql.data(FEED_OPERATION, {"first": 30}))["feed"]
    # then
    assert len(feed["edges"]) == 30
    assert len(ten) == len(thirty) <= MAX_STATEMENTS, thirty


async def test_topic_feed_costs_the_same_few_statements_for_10_and_100_posts(
    gql, make_member, make_topic, make_product, clock, engine
):
    # given 110 posts in #kitchen... and other topics
    viewer = await member_with_interests(gql, make_member, make_topic)
    posts = await make_rich_posts(gql, make_member, make_product, clock, viewer, 500 // 5 + 10)
    assert len(posts) == 110
    variables = {"slug": "kitchen"}
    # when
    with count_statements(engine) as ten:
        small = await gql.data(TOPIC_FEED_OPERATION, {**variables, "first": 10}, token=viewer.token)
    with count_statements(engine) as many:
        large = await gql.data(
            TOPIC_FEED_OPERATION, {**variables, "first": 100}, token=viewer.token
        )
    # then
    assert len(small["topic"]["posts"]["edges"]) == 10
    assert len(large["topic"]["posts"]["edges"]) == 22  # every fifth post is #kitchen
    assert len(ten) == len(many) <= MAX_STATEMENTS, many


async def test_post_detail_costs_the_same_few_statements_with_more_comments_and_votes(
    gql, make_member, make_topic, make_product, clock, engine
):
    # given
    viewer = await member_with_interests(gql, make_member, make_topic)
    post = (await make_rich_posts(gql, make_member, make_product, clock, viewer, 1))[0]
    option = post["poll"]["options"][1]["id"]

    async def engage(count):
        for i in range(count):
            fan = await make_member(prime=True)
            await gql.data(
                VOTE_MUTATION, {"input": {"optionId": option, "reason": f"r{i}"}}, token=fan.token
            )
            await gql.data(
                ADD_COMMENT_MUTATION,
                {"input": {"postId": post["id"], "body": "hi"}},
                token=fan.token,
            )

    await engage(1)
    with count_statements(engine) as few:
        await gql.data(POST_DETAIL_OPERATION, {"id": post["id"]}, token=viewer.token)
    await engage(8)
    # when
    with count_statements(engine) as many:
        detail = await gql.data(POST_DETAIL_OPERATION, {"id": post["id"]}, token=viewer.token)
    # then
    node = detail["node"]
    assert len(node["comments"]["edges"]) == 9
    assert len(node["poll"]["options"][1]["reasons"]["edges"]) == 5
    assert len(few) == len(many) <= MAX_STATEMENTS, "\n".join(s[:150] for s in many)


async def test_my_idea_lists_cost_the_same_few_statements_with_more_lists_and_items(
    gql, make_member, make_product, engine
):
    # given
    owner = await make_member(prime=True)
    products = [await make_product(title=f"Thing {i}") for i in range(12)]

    async def add_lists(count):
        for i in range(count):
            variables = {"input": {"title": f"List {i}", "description": "", "isPublic": True}}
            created = await gql.data(CREATE_IDEA_LIST, variables, token=owner.token)
            list_id = created["createIdeaList"]["ideaList"]["id"]
            for product in products[: 2 + i]:
                save = {"input": {"ideaListId": list_id, "productId": product, "note": "n"}}
                await gql.data(SAVE_TO_IDEA_LIST, save, token=owner.token)

    await add_lists(1)
    with count_statements(engine) as few:
        await gql.data(MY_IDEA_LISTS_OPERATION, token=owner.token)
    await add_lists(6)
    # when
    with count_statements(engine) as many:
        mine = await gql.data(MY_IDEA_LISTS_OPERATION, token=owner.token)
    # then
    lists = mine["viewer"]["ideaLists"]["edges"]
    assert len(lists) == 7
    assert max(len(edge["node"]["items"]["edges"]) for edge in lists) == 7
    assert len(few) == len(many) <= MAX_STATEMENTS, "\n".join(s[:150] for s in many)
