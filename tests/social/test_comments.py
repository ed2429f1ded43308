from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from spark_graph.social.models import Comment
from tests.social.helpers import create_post
from tests.social.operations import ADD_COMMENT_MUTATION, POST_QUERY

COMMENT_NODE_QUERY = """
query CommentNode($id: ID!) {
  node(id: $id) { id ... on Comment { body author { handle } post { id commentCount } } }
}
"""


async def comment(gql, member, post_id, body):
    variables = {"input": {"postId": post_id, "body": body}}
    return (await gql.data(ADD_COMMENT_MUTATION, variables, token=member.token))["addComment"]


async def comment_rows(sessions) -> int:
    async with sessions() as session:
        return (await session.execute(select(func.count()).select_from(Comment))).scalar_one()


async def test_comments_list_oldest_first_with_pages(gql, make_member, clock):
    # given
    maya = await make_member(prime=True, handle="maya")
    post = await create_post(gql, maya.token)
    for i in range(5):
        clock.advance(timedelta(minutes=1))
        result = await comment(gql, maya, post["id"], f"comment {i}")
        assert result["errors"] == []
    # when
    first = (await gql.data(POST_QUERY, {"id": post["id"], "first": 3}))["node"]
    after = first["comments"]["pageInfo"]["endCursor"]
    rest = (await gql.data(POST_QUERY, {"id": post["id"], "first": 3, "after": after}))["node"]
    # then
    assert first["commentCount"] == 5
    assert [e["node"]["body"] for e in first["comments"]["edges"]] == [
        "comment 0",
        "comment 1",
        "comment 2",
    ]
    assert first["comments"]["edges"][0]["node"]["author"] == {"handle": "maya"}
    assert first["comments"]["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["body"] for e in rest["comments"]["edges"]] == ["comment 3", "comment 4"]
    assert rest["comments"]["pageInfo"]["hasNextPage"] is False


async def test_comment_round_trips_through_node(gql, make_member):
    # given
    maya = await make_member(prime=True, handle="maya")
    post = await create_post(gql, maya.token)
    added = (await comment(gql, maya, post["id"], "  Nice!  "))["comment"]
    # when
    node = (await gql.data(COMMENT_NODE_QUERY, {"id": added["id"]}))["node"]
    # then
    assert node == {
        "id": added["id"],
        "body": "Nice!",
        "author": {"handle": "maya"},
        "post": {"id": post["id"], "commentCount": 1},
    }


async def test_non_prime_member_cannot_comment_and_nothing_is_written(gql, make_member, sessions):
    # given
    maya = await make_member(prime=True)
    sam = await make_member(prime=False)
    post = await create_post(gql, maya.token)
    # when
    result = await comment(gql, sam, post["id"], "me too")
    # then
    assert result["comment"] is None
    assert [e["code"] for e in result["errors"]] == ["PRIME_REQUIRED"]
    assert await comment_rows(sessions) == 0
    detail = (await gql.data(POST_QUERY, {"id": post["id"]}))["node"]
    assert detail["commentCount"] == 0


async def test_comment_length_is_limited(gql, make_member, sessions):
    maya = await make_member(prime=True)
    post = await create_post(gql, maya.token)
    for body in ["   ", "x" * 1001]:
        result = await comment(gql, maya, post["id"], body)
        assert [(e["field"], e["code"]) for e in result["errors"]] == [("body", "INVALID")]
    assert await comment_rows(sessions) == 0


async def test_comment_needs_a_viewer_and_a_post(gql, make_member):
    maya = await make_member(prime=True)
    unknown = await comment(gql, maya, "UG9zdDo5OTk=", "hello")
    anonymous = await gql.execute(
        ADD_COMMENT_MUTATION, {"input": {"postId": "UG9zdDo5OTk=", "body": "x"}}, expect_errors=True
    )
    assert [(e["field"], e["code"]) for e in unknown["errors"]] == [("postId", "NOT_FOUND")]
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
