from __future__ import annotations

from tests.social.operations import FOLLOW_MUTATION, UNFOLLOW_MUTATION, USER_QUERY, VIEWER_QUERY


def user_id(member) -> str:
    from spark_graph.ids import global_id

    return global_id("User", member.id)


async def follow(gql, follower, followee_id, mutation=FOLLOW_MUTATION):
    variables = {"input": {"userId": followee_id}}
    result = await gql.data(mutation, variables, token=follower.token)
    return result["follow" if mutation is FOLLOW_MUTATION else "unfollow"]


async def test_follow_is_idempotent_and_counts_both_sides(gql, make_member):
    # given
    ada = await make_member()
    bob = await make_member()
    # when
    first = await follow(gql, ada, user_id(bob))
    second = await follow(gql, ada, user_id(bob))
    # then
    expected = {"id": user_id(bob), "followerCount": 1, "followingCount": 0}
    assert first == {"user": {**expected, "viewerIsFollowing": True}, "errors": []}
    assert second == first
    ada_now = (await gql.data(VIEWER_QUERY, token=ada.token))["viewer"]
    assert (ada_now["followingCount"], ada_now["followerCount"]) == (1, 0)


async def test_unfollow_is_idempotent(gql, make_member):
    # given
    ada = await make_member()
    bob = await make_member()
    await follow(gql, ada, user_id(bob))
    # when
    first = await follow(gql, ada, user_id(bob), UNFOLLOW_MUTATION)
    second = await follow(gql, ada, user_id(bob), UNFOLLOW_MUTATION)
    # then
    assert first["user"] == {
        "id": user_id(bob),
        "followerCount": 0,
        "followingCount": 0,
        "viewerIsFollowing": False,
    }
    assert second == first
    ada_now = (await gql.data(VIEWER_QUERY, token=ada.token))["viewer"]
    assert ada_now["followingCount"] == 0


async def test_viewer_is_following_depends_on_the_viewer(gql, make_member):
    # given
    ada = await make_member()
    bob = await make_member()
    cy = await make_member()
    await follow(gql, ada, user_id(bob))
    # when
    as_ada = (await gql.data(USER_QUERY, {"id": user_id(bob)}, token=ada.token))["node"]
    as_cy = (await gql.data(USER_QUERY, {"id": user_id(bob)}, token=cy.token))["node"]
    anonymous = (await gql.data(USER_QUERY, {"id": user_id(bob)}))["node"]
    # then
    assert as_ada["viewerIsFollowing"] is True
    assert as_cy["viewerIsFollowing"] is False
    assert anonymous["viewerIsFollowing"] is False
    assert anonymous["followerCount"] == 1


async def test_cannot_follow_self(gql, make_member):
    ada = await make_member()
    result = await follow(gql, ada, user_id(ada))
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("userId", "CANNOT_FOLLOW_SELF")]
    viewer = (await gql.data(VIEWER_QUERY, token=ada.token))["viewer"]
    assert (viewer["followingCount"], viewer["followerCount"]) == (0, 0)


async def test_unknown_member_is_not_found(gql, make_member):
    ada = await make_member()
    for mutation in (FOLLOW_MUTATION, UNFOLLOW_MUTATION):
        result = await follow(gql, ada, "VXNlcjo5OTk=", mutation)  # User:999
        assert [(e["field"], e["code"]) for e in result["errors"]] == [("userId", "NOT_FOUND")]


async def test_follow_needs_a_viewer(gql, make_member):
    bob = await make_member()
    body = await gql.execute(
        FOLLOW_MUTATION, {"input": {"userId": user_id(bob)}}, expect_errors=True
    )
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
