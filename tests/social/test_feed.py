from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from tests.social.helpers import create_post
from tests.social.operations import (
    ADD_COMMENT_MUTATION,
    FEED_QUERY,
    SMILE_MUTATION,
    VOTE_MUTATION,
)

EXPLORE_QUERY = """
query Explore {
  topics(first: 20) {
    edges {
      node {
        id slug name followerCount aliases
        posts(first: 3) { edges { node { id body author { handle } topics { slug } } } }
      }
    }
  }
}
"""

POST_DETAIL_QUERY = """
query PostDetail($id: ID!) {
  node(id: $id) {
    ... on Post {
      comments(first: 20) { edges { node { id body author { handle } } } }
      poll { options { id label reasons(first: 5) { edges { node { reason voter { handle } } } } } }
    }
  }
}
"""


@contextmanager
def counting_statements(engine):
    """Counts the SQL statements the app sends while the block runs."""
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)


async def test_feed_pages_newest_first_with_reason_new(gql, make_member, clock):
    # given
    maya = await make_member(prime=True)
    ids = []
    for i in range(5):
        clock.advance(timedelta(seconds=1))
        ids.append((await create_post(gql, maya.token, body=f"post {i}"))["id"])
    # when: anonymous visitors may read the feed
    first = (await gql.data(FEED_QUERY, {"first": 2}))["feed"]
    second = (await gql.data(FEED_QUERY, {"first": 2, "after": first["pageInfo"]["endCursor"]}))[
        "feed"
    ]
    last = (await gql.data(FEED_QUERY, {"first": 2, "after": second["pageInfo"]["endCursor"]}))[
        "feed"
    ]
    # then
    newest_first = ids[::-1]
    assert [e["node"]["id"] for e in first["edges"]] == newest_first[:2]
    assert [e["node"]["id"] for e in second["edges"]] == newest_first[2:4]
    assert [e["node"]["id"] for e in last["edges"]] == newest_first[4:]
    assert {e["reason"] for e in first["edges"] + second["edges"] + last["edges"]} == {"NEW"}
    assert first["pageInfo"]["hasNextPage"] is True
    assert last["pageInfo"]["hasNextPage"] is False
    assert first["edges"][-1]["cursor"] == first["pageInfo"]["endCursor"]


async def test_feed_defaults_to_20_and_caps_at_100(gql, make_member):
    maya = await make_member(prime=True)
    for i in range(21):
        await create_post(gql, maya.token, body=f"post {i}")
    default = (await gql.data(FEED_QUERY))["feed"]
    over = await gql.execute(FEED_QUERY, {"first": 101}, expect_errors=True)
    assert len(default["edges"]) == 20
    assert default["pageInfo"]["hasNextPage"] is True
    assert over["errors"][0]["extensions"]["code"] == "INVALID"


async def make_rich_posts(gql, make_member, make_product, count: int) -> None:
    """Posts with everything a card shows: photos, tags, topics, a poll, smiles, votes."""
    product = await make_product()
    for i in range(count):
        author = await make_member(prime=True)
        post = await create_post(
            gql,
            author.token,
            body=f"post {i} #kitchen #garden",
            mediaUrls=["https://img.example.com/1.jpg?w=10&h=10"],
            productTags=[{"productId": product, "x": 0.5, "y": 0.5}],
            poll={"options": ["A", "B", "C"]},
        )
        await gql.data(SMILE_MUTATION, {"input": {"postId": post["id"]}}, token=author.token)
        option = post["poll"]["options"][0]["id"]
        await gql.data(
            VOTE_MUTATION, {"input": {"optionId": option, "reason": "yes"}}, token=author.token
        )


async def test_a_page_of_posts_costs_a_constant_number_of_statements(
    gql, make_member, make_topic, make_product, engine
):
    # given
    await make_topic("kitchen")
    await make_topic("garden")
    viewer = await make_member(prime=True)
    await make_rich_posts(gql, make_member, make_product, 2)
    with counting_statements(engine) as few:
        await gql.data(FEED_QUERY, {"first": 20}, token=viewer.token)
        await gql.data(EXPLORE_QUERY, token=viewer.token)
    await make_rich_posts(gql, make_member, make_product, 8)
    # when
    with counting_statements(engine) as many:
        feed = (await gql.data(FEED_QUERY, {"first": 20}, token=viewer.token))["feed"]
        await gql.data(EXPLORE_QUERY, token=viewer.token)
    # then
    assert len(feed["edges"]) == 10
    assert 0 < len(many) == len(few), many


async def test_post_detail_costs_a_constant_number_of_statements(
    gql, make_member, make_product, engine
):
    # given
    author = await make_member(prime=True)
    post = await create_post(gql, author.token, body="detail", poll={"options": ["A", "B"]})
    option = post["poll"]["options"][0]["id"]

    async def engage(count: int) -> None:
        for _ in range(count):
            fan = await make_member(prime=True)
            await gql.data(
                VOTE_MUTATION, {"input": {"optionId": option, "reason": "because"}}, token=fan.token
            )
            await gql.data(
                ADD_COMMENT_MUTATION,
                {"input": {"postId": post["id"], "body": "hi"}},
                token=fan.token,
            )

    await engage(1)
    with counting_statements(engine) as few:
        await gql.data(POST_DETAIL_QUERY, {"id": post["id"]})
    await engage(6)
    # when
    with counting_statements(engine) as many:
        detail = (await gql.data(POST_DETAIL_QUERY, {"id": post["id"]}))["node"]
    # then
    assert len(detail["comments"]["edges"]) == 7
    assert len(detail["poll"]["options"][0]["reasons"]["edges"]) == 5
    assert 0 < len(many) == len(few), many
