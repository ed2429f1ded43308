"""The ranked home feed through HTTP: personal order and reasons, the trending feed, stable
pagination while others post and smile, cursors that are not the viewer's."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select

from spark_graph.ids import global_id
from spark_graph.social.models import Smile
from tests.feed.contract import SOCIAL_OPERATIONS
from tests.social.helpers import create_post
from tests.social.operations import (
    CHOOSE_INTERESTS_MUTATION,
    DELETE_POST_MUTATION,
    FOLLOW_MUTATION,
    SMILE_MUTATION,
)

FEED_OPERATION = SOCIAL_OPERATIONS["Feed"]
INTEREST_SLUGS = ["kitchen", "garden", "books", "travel", "coffee"]


async def choose_interests(gql, member, topic_ids):
    result = await gql.data(
        CHOOSE_INTERESTS_MUTATION, {"input": {"topicIds": topic_ids}}, token=member.token
    )
    assert result["chooseInterests"]["errors"] == []


async def follow(gql, follower, followee):
    variables = {"input": {"userId": global_id("User", followee.id)}}
    await gql.data(FOLLOW_MUTATION, variables, token=follower.token)


async def make_topics(make_topic, slugs=(*INTEREST_SLUGS, "cars")):
    return {slug: await make_topic(slug) for slug in slugs}


async def smile_many(gql, make_member, post_id, count):
    for _ in range(count):
        fan = await make_member(prime=True)
        await gql.data(SMILE_MUTATION, {"input": {"postId": post_id}}, token=fan.token)


async def read_feed(gql, first, after=None, token=None):
    variables = {"first": first, "after": after}
    return (await gql.data(FEED_OPERATION, variables, token=token))["feed"]


def bodies(feed):
    return [edge["node"]["body"] for edge in feed["edges"]]


async def test_member_sees_follows_and_interests_first_with_reasons(
    gql, make_member, make_topic, clock
):
    # given a viewer with five interests who follows one author
    topics = await make_topics(make_topic)
    viewer = await make_member(prime=True)
    await choose_interests(gql, viewer, [topics[s] for s in INTEREST_SLUGS])
    friend, stranger, popular = [await make_member(prime=True) for _ in range(3)]
    await gql.data(
        FOLLOW_MUTATION, {"input": {"userId": global_id("User", friend.id)}}, token=viewer.token
    )
    await create_post(gql, friend.token, body="friend's quiet post")
    clock.advance(timedelta(minutes=10))
    await create_post(gql, stranger.token, body="about #kitchen")
    clock.advance(timedelta(minutes=10))
    busy = await create_post(gql, popular.token, body="busy #cars")
    await smile_many(gql, make_member, busy["id"], 12)
    clock.advance(timedelta(minutes=10))
    await create_post(gql, stranger.token, body="fresh #cars")
    # when
    feed = await read_feed(gql, 10, token=viewer.token)
    # then
    reasons = {edge["node"]["body"]: edge["reason"] for edge in feed["edges"]}
    assert bodies(feed)[:2] == ["friend's quiet post", "about #kitchen"]
    assert reasons == {
        "friend's quiet post": "FOLLOWING",
        "about #kitchen": "INTEREST",
        "busy #cars": "TRENDING",
        "fresh #cars": "NEW",
    }


async def test_anonymous_and_members_without_interests_get_the_trending_feed(
    gql, make_member, make_topic, clock
):
    # given a busy post an hour old and a quiet one just now, by a followed author
    await make_topics(make_topic)
    viewer = await make_member(prime=True)
    author, other = await make_member(prime=True), await make_member(prime=True)
    await gql.data(
        FOLLOW_MUTATION, {"input": {"userId": global_id("User", author.id)}}, token=viewer.token
    )
    busy = await create_post(gql, other.token, body="busy #kitchen")
    await smile_many(gql, make_member, busy["id"], 15)
    clock.advance(timedelta(hours=1))
    await create_post(gql, author.token, body="quiet #kitchen")
    # when
    anonymous = await read_feed(gql, 10)
    without_interests = await read_feed(gql, 10, token=viewer.token)
    # then
    for feed in (anonymous, without_interests):
        assert bodies(feed) == ["busy #kitchen", "quiet #kitchen"]
        assert [edge["reason"] for edge in feed["edges"]] == ["TRENDING", "NEW"]


async def test_paging_on_while_others_post_and_smile_never_repeats_or_skips(
    gql, make_member, make_topic, clock
):
    # given 30 posts by 15 authors and a viewer with interests
    topics = await make_topics(make_topic)
    viewer = await make_member(prime=True)
    await choose_interests(gql, viewer, [topics[s] for s in INTEREST_SLUGS])
    authors = [await make_member(prime=True) for _ in range(15)]
    posts = []
    for i in range(30):
        clock.advance(timedelta(minutes=7))
        tag = "#kitchen" if i % 3 == 0 else "#cars"
        posts.append(await create_post(gql, authors[i % 15].token, body=f"post {i} {tag}"))
    first_page = await read_feed(gql, 10, token=viewer.token)
    # when others smile at the last posts of the ranking and post new ones between pages
    seen = [edge["node"]["id"] for edge in first_page["edges"]]
    unseen = [post for post in posts if post["id"] not in seen]
    after = first_page["pageInfo"]["endCursor"]
    posts_since = []
    while after:
        for post in unseen[-3:]:
            await smile_many(gql, make_member, post["id"], 4)
        clock.advance(timedelta(minutes=1))
        posts_since.append(await create_post(gql, authors[0].token, body="breaking #kitchen"))
        page = await read_feed(gql, 10, after=after, token=viewer.token)
        seen += [edge["node"]["id"] for edge in page["edges"]]
        after = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None
    # then every post of the moment the feed started is seen exactly once, nothing newer
    assert sorted(seen) == sorted(post["id"] for post in posts)
    # and a fresh feed starts over, with the new posts in it
    fresh = await read_feed(gql, 100, token=viewer.token)
    assert len(posts_since) == 2
    assert sorted(bodies(fresh)) == sorted(p["body"] for p in posts + posts_since)


async def test_a_cursor_works_only_for_its_viewer_and_for_a_day(gql, make_member, clock):
    # given
    viewer, other = await make_member(prime=True), await make_member(prime=True)
    for i in range(3):
        await create_post(gql, other.token, body=f"post {i}")
    cursor = (await read_feed(gql, 1, token=viewer.token))["pageInfo"]["endCursor"]
    # when
    stolen = await gql.execute(
        FEED_OPERATION, {"first": 1, "after": cursor}, token=other.token, expect_errors=True
    )
    clock.advance(timedelta(hours=25))
    expired = await gql.execute(
        FEED_OPERATION, {"first": 1, "after": cursor}, token=viewer.token, expect_errors=True
    )
    garbage = await gql.execute(
        FEED_OPERATION, {"first": 1, "after": "bm9wZQ"}, token=viewer.token, expect_errors=True
    )
    # then
    for body in (stolen, expired, garbage):
        assert body["errors"][0]["extensions"]["code"] == "INVALID"
        assert body["errors"][0]["extensions"]["field"] == "after"


async def test_a_deleted_post_leaves_the_feed_page(gql, make_member):
    # given
    author = await make_member(prime=True)
    kept = await create_post(gql, author.token, body="kept")
    gone = await create_post(gql, author.token, body="gone")
    first = await read_feed(gql, 1, token=author.token)
    # when
    await gql.data(DELETE_POST_MUTATION, {"input": {"postId": gone["id"]}}, token=author.token)
    rest = await read_feed(gql, 5, after=first["pageInfo"]["endCursor"], token=author.token)
    # then
    assert [e["node"]["id"] for e in first["edges"] + rest["edges"]] in (
        [gone["id"], kept["id"]],
        [kept["id"]],
    )
    assert gone["id"] not in [e["node"]["id"] for e in rest["edges"]]


async def test_concurrent_smiles_leave_the_feed_counter_exact(gql, make_member, sessions):
    # given a post and 30 members
    author = await make_member(prime=True)
    post = await create_post(gql, author.token, body="smile at me")
    fans = [await make_member(prime=True) for _ in range(30)]
    # when all of them smile at once, and a third of them twice
    await asyncio.gather(
        *(
            gql.data(SMILE_MUTATION, {"input": {"postId": post["id"]}}, token=fan.token)
            for fan in fans + fans[:10]
        )
    )
    # then the feed's counter equals the rows
    feed = await read_feed(gql, 5)
    async with sessions() as session:
        rows = (await session.execute(select(func.count()).select_from(Smile))).scalar_one()
    assert feed["edges"][0]["node"]["smileCount"] == rows == 30
