from __future__ import annotations

from sqlalchemy import func, select

from spark_graph.social.models import Post, PostTopic
from tests.social.helpers import create_post
from tests.social.operations import (
    CREATE_POST_MUTATION,
    DELETE_POST_MUTATION,
    FEED_QUERY,
    POST_QUERY,
    TOPIC_QUERY,
)

LONG_AGO = "2020-01-01T00:00:00+00:00"


async def post_count(sessions) -> int:
    async with sessions() as session:
        return (await session.execute(select(func.count()).select_from(Post))).scalar_one()


async def test_prime_member_posts_text_photos_tags_and_poll(gql, make_member, make_product):
    # given
    maya = await make_member(prime=True, handle="maya")
    skillet = await make_product(title="Skillet")
    # when
    post = await create_post(
        gql,
        maya.token,
        body="Sunday pancakes #Kitchen #brunch",
        mediaUrls=["https://img.example.com/a.jpg?w=800&h=600", "http://img.example.com/b.png"],
        productTags=[{"productId": skillet, "x": 0.25, "y": 1.0}],
        poll={"options": ["Syrup", "Jam"]},
    )
    # then
    assert post["body"] == "Sunday pancakes #Kitchen #brunch"
    assert post["author"]["handle"] == "maya"
    assert post["media"] == [
        {"url": "https://img.example.com/a.jpg?w=800&h=600", "width": 800, "height": 600},
        {"url": "http://img.example.com/b.png", "width": None, "height": None},
    ]
    assert post["hashtags"] == ["kitchen", "brunch"]
    assert post["badges"] == []
    assert post["smileCount"] == 0
    assert post["viewerHasSmiled"] is False
    assert post["commentCount"] == 0
    assert post["productTags"] == [
        {"x": 0.25, "y": 1.0, "product": {"id": skillet, "title": "Skillet", "savedCount": 0}}
    ]
    assert [o["label"] for o in post["poll"]["options"]] == ["Syrup", "Jam"]
    assert post["poll"]["isClosed"] is False
    assert post["poll"]["viewerVote"] is None


async def test_hashtags_route_posts_into_every_matching_topic(gql, make_member, make_topic):
    # given
    maya = await make_member(prime=True)
    await make_topic("home-decor", aliases=["decor"])
    await make_topic("kitchen")
    await make_topic("garden")
    # when
    post = await create_post(gql, maya.token, body="New shelf #HomeDecor #DECOR #kitchen #nope")
    # then
    assert post["topics"] == [
        {"slug": "home-decor", "name": "Home Decor"},
        {"slug": "kitchen", "name": "Kitchen"},
    ]
    decor = (await gql.data(TOPIC_QUERY, {"slug": "home-decor"}))["topic"]
    garden = (await gql.data(TOPIC_QUERY, {"slug": "garden"}))["topic"]
    assert decor["postCount"] == 1
    assert [e["node"]["id"] for e in decor["posts"]["edges"]] == [post["id"]]
    assert garden["postCount"] == 0
    assert garden["posts"]["edges"] == []


async def test_hashtags_are_unicode_and_case_insensitive(gql, make_member, make_topic):
    # given
    maya = await make_member(prime=True)
    await make_topic("german-kitchen", aliases=["#Küche"])
    # when
    post = await create_post(gql, maya.token, body="#KÜCHE und #Café, not a#tag nor ##double")
    # then
    assert post["hashtags"] == ["küche", "café"]
    assert post["topics"] == [{"slug": "german-kitchen", "name": "German Kitchen"}]


async def test_non_prime_member_cannot_post_and_nothing_is_written(gql, make_member, sessions):
    # given
    sam = await make_member(prime=False)
    # when
    result = (
        await gql.data(CREATE_POST_MUTATION, {"input": {"body": "hello #kitchen"}}, token=sam.token)
    )["createPost"]
    # then
    assert result["post"] is None
    assert [e["code"] for e in result["errors"]] == ["PRIME_REQUIRED"]
    assert await post_count(sessions) == 0


async def test_anonymous_cannot_post(gql):
    body = await gql.execute(CREATE_POST_MUTATION, {"input": {"body": "hello"}}, expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert body["data"] is None


async def test_invalid_values_name_their_field_and_write_nothing(
    gql, make_member, make_product, sessions
):
    # given
    maya = await make_member(prime=True)
    product = await make_product()
    cases = [
        ({"body": "   "}, "body"),
        ({"body": "x" * 2001}, "body"),
        ({"mediaUrls": ["https://a.example/1.jpg", "ftp://a.example/2.jpg"]}, "mediaUrls[1]"),
        ({"mediaUrls": ["javascript:alert(1)"]}, "mediaUrls[0]"),
        ({"mediaUrls": [f"https://a.example/{i}.jpg" for i in range(11)]}, "mediaUrls"),
        ({"productTags": [{"productId": product, "x": 1.5, "y": 0.5}]}, "productTags[0].x"),
        ({"productTags": [{"productId": product, "x": 0.5, "y": -0.1}]}, "productTags[0].y"),
        ({"poll": {"options": ["Only one"]}}, "poll.options"),
        ({"poll": {"options": [str(i) for i in range(7)]}}, "poll.options"),
        ({"poll": {"options": ["Yes", " "]}}, "poll.options[1]"),
        ({"poll": {"options": ["Yes", "yes"]}}, "poll.options[1]"),
        ({"poll": {"options": ["Yes", "No"], "durationHours": 0}}, "poll.durationHours"),
        ({"poll": {"options": ["Yes", "No"], "closesAt": LONG_AGO}}, "poll.closesAt"),
    ]
    for fields, field in cases:
        values = {"body": "Valid body", **fields}
        # when
        result = (await gql.data(CREATE_POST_MUTATION, {"input": values}, token=maya.token))[
            "createPost"
        ]
        # then
        assert result["post"] is None, fields
        assert [(e["field"], e["code"]) for e in result["errors"]] == [(field, "INVALID")], fields
    assert await post_count(sessions) == 0


async def test_unknown_product_is_not_found(gql, make_member, make_product, sessions):
    # given
    maya = await make_member(prime=True)
    real = await make_product()
    tags = [
        {"productId": real, "x": 0.1, "y": 0.1},
        {"productId": "UHJvZHVjdDo5OTk=", "x": 0.2, "y": 0.2},  # Product:999
    ]
    # when
    result = (
        await gql.data(
            CREATE_POST_MUTATION,
            {"input": {"body": "tagged", "productTags": tags}},
            token=maya.token,
        )
    )["createPost"]
    # then
    assert [(e["field"], e["code"]) for e in result["errors"]] == [
        ("productTags[1].productId", "NOT_FOUND")
    ]
    assert await post_count(sessions) == 0


async def test_author_deletes_post_and_it_leaves_feed_topic_and_counts(
    gql, make_member, make_topic, sessions
):
    # given
    maya = await make_member(prime=True)
    await make_topic("kitchen")
    keep = await create_post(gql, maya.token, body="keep #kitchen")
    doomed = await create_post(
        gql, maya.token, body="doomed #kitchen", poll={"options": ["A", "B"]}
    )
    # when
    result = (
        await gql.data(DELETE_POST_MUTATION, {"input": {"postId": doomed["id"]}}, token=maya.token)
    )["deletePost"]
    # then
    assert result == {"deletedPostId": doomed["id"], "errors": []}
    feed = (await gql.data(FEED_QUERY, {"first": 10}))["feed"]
    assert [e["node"]["id"] for e in feed["edges"]] == [keep["id"]]
    topic = (await gql.data(TOPIC_QUERY, {"slug": "kitchen"}))["topic"]
    assert topic["postCount"] == 1
    assert [e["node"]["id"] for e in topic["posts"]["edges"]] == [keep["id"]]
    assert (await gql.data(POST_QUERY, {"id": doomed["id"]}))["node"] is None
    async with sessions() as session:
        links = (await session.execute(select(func.count()).select_from(PostTopic))).scalar_one()
    assert links == 1


async def test_only_the_author_may_delete(gql, make_member, sessions):
    # given
    maya = await make_member(prime=True)
    other = await make_member(prime=True)
    post = await create_post(gql, maya.token)
    # when
    result = (
        await gql.data(DELETE_POST_MUTATION, {"input": {"postId": post["id"]}}, token=other.token)
    )["deletePost"]
    # then
    assert result["deletedPostId"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("postId", "FORBIDDEN")]
    assert await post_count(sessions) == 1


async def test_deleting_unknown_post_is_not_found(gql, make_member):
    maya = await make_member(prime=True)
    for post_id in ["UG9zdDo5OTk=", "garbage"]:
        result = (
            await gql.data(DELETE_POST_MUTATION, {"input": {"postId": post_id}}, token=maya.token)
        )["deletePost"]
        assert [(e["field"], e["code"]) for e in result["errors"]] == [("postId", "NOT_FOUND")]


async def test_post_round_trips_through_node(gql, make_member):
    # given
    maya = await make_member(prime=True)
    post = await create_post(gql, maya.token, body="round trip")
    # when
    node = (await gql.data(POST_QUERY, {"id": post["id"]}))["node"]
    # then
    assert node["id"] == post["id"]
    assert node["body"] == "round trip"
    assert node["comments"]["edges"] == []
