"""Subscriptions over WebSocket (graphql-transport-ws): a poll's results and a post's
counts change live, for anonymous and authenticated connections."""

from __future__ import annotations

import pytest

from tests.graphql_ws import GraphQLWebSocket, asgi_websocket
from tests.social.helpers import create_poll, create_post
from tests.social.operations import (
    ADD_COMMENT_MUTATION,
    DELETE_POST_MUTATION,
    SMILE_MUTATION,
    UNSMILE_MUTATION,
    VOTE_MUTATION,
)

POLL_UPDATED_SUBSCRIPTION = """
subscription PollUpdated($pollId: ID!) {
  pollUpdated(pollId: $pollId) {
    id
    totalVotes
    viewerVote { id }
    options { label voteCount percentage }
  }
}
"""

POST_UPDATED_SUBSCRIPTION = """
subscription PostUpdated($postId: ID!) {
  postUpdated(postId: $postId) { id smileCount commentCount viewerHasSmiled }
}
"""


def vote_input(option_id: str) -> dict:
    return {"input": {"optionId": option_id}}


def counts(poll: dict) -> list[tuple[str, int, float]]:
    return [(o["label"], o["voteCount"], o["percentage"]) for o in poll["options"]]


async def test_poll_updated_sends_the_poll_then_each_vote(app, gql, make_member):
    # given
    author = await make_member(prime=True)
    voters = [await make_member(), await make_member()]
    poll = await create_poll(gql, author.token, "Syrup", "Jam")
    syrup, jam = (option["id"] for option in poll["options"])
    async with asgi_websocket(app) as socket:
        ws = GraphQLWebSocket(socket)
        await ws.init()
        operation = await ws.subscribe(POLL_UPDATED_SUBSCRIPTION, {"pollId": poll["id"]})
        initial = (await ws.next_data(operation))["pollUpdated"]
        # when
        await gql.data(VOTE_MUTATION, vote_input(syrup), token=voters[0].token)
        after_first = (await ws.next_data(operation))["pollUpdated"]
        await gql.data(VOTE_MUTATION, vote_input(jam), token=voters[1].token)
        after_second = (await ws.next_data(operation))["pollUpdated"]
        await ws.complete(operation)
    # then
    assert initial["totalVotes"] == 0
    assert counts(initial) == [("Syrup", 0, 0.0), ("Jam", 0, 0.0)]
    assert after_first["totalVotes"] == 1
    assert counts(after_first) == [("Syrup", 1, 100.0), ("Jam", 0, 0.0)]
    assert after_second["totalVotes"] == 2
    assert counts(after_second) == [("Syrup", 1, 50.0), ("Jam", 1, 50.0)]
    assert after_second["viewerVote"] is None


async def test_connection_init_authorization_makes_the_viewer(app, gql, make_member):
    # given
    author = await make_member(prime=True)
    voter = await make_member()
    poll = await create_poll(gql, author.token, "Yes", "No")
    no = poll["options"][1]["id"]
    async with asgi_websocket(app) as socket:
        ws = GraphQLWebSocket(socket)
        await ws.init(token=voter.token)
        operation = await ws.subscribe(POLL_UPDATED_SUBSCRIPTION, {"pollId": poll["id"]})
        initial = (await ws.next_data(operation))["pollUpdated"]
        # when
        await gql.data(VOTE_MUTATION, vote_input(no), token=voter.token)
        updated = (await ws.next_data(operation))["pollUpdated"]
    # then
    assert initial["viewerVote"] is None
    assert updated["viewerVote"] == {"id": no}


async def test_post_updated_follows_smiles_and_comments(app, gql, make_member):
    # given
    author = await make_member(prime=True)
    fan = await make_member(prime=True)
    post = await create_post(gql, author.token, body="Sunday pancakes")
    post_input = {"input": {"postId": post["id"]}}
    async with asgi_websocket(app) as socket:
        ws = GraphQLWebSocket(socket)
        await ws.init(token=fan.token)
        operation = await ws.subscribe(POST_UPDATED_SUBSCRIPTION, {"postId": post["id"]})
        initial = (await ws.next_data(operation))["postUpdated"]
        # when
        await gql.data(SMILE_MUTATION, post_input, token=fan.token)
        smiled = (await ws.next_data(operation))["postUpdated"]
        await gql.data(
            ADD_COMMENT_MUTATION,
            {"input": {"postId": post["id"], "body": "Yum"}},
            token=author.token,
        )
        commented = (await ws.next_data(operation))["postUpdated"]
        await gql.data(UNSMILE_MUTATION, post_input, token=fan.token)
        unsmiled = (await ws.next_data(operation))["postUpdated"]
    # then
    assert (initial["smileCount"], initial["commentCount"]) == (0, 0)
    assert (smiled["smileCount"], smiled["viewerHasSmiled"]) == (1, True)
    assert (commented["smileCount"], commented["commentCount"]) == (1, 1)
    assert (unsmiled["smileCount"], unsmiled["viewerHasSmiled"]) == (0, False)


async def test_post_updated_completes_when_the_post_is_deleted(app, gql, make_member):
    # given
    author = await make_member(prime=True)
    post = await create_post(gql, author.token, body="Here today")
    async with asgi_websocket(app) as socket:
        ws = GraphQLWebSocket(socket)
        await ws.init()
        operation = await ws.subscribe(POST_UPDATED_SUBSCRIPTION, {"postId": post["id"]})
        await ws.next_data(operation)
        # when
        await gql.data(DELETE_POST_MUTATION, {"input": {"postId": post["id"]}}, token=author.token)
        message = await ws.next_message()
    # then
    assert message == {"id": operation, "type": "complete"}


@pytest.mark.parametrize(
    ("subscription", "variables"),
    [
        (POLL_UPDATED_SUBSCRIPTION, {"pollId": "UG9sbDo5OTk5"}),  # Poll:9999
        (POST_UPDATED_SUBSCRIPTION, {"postId": "UG9zdDo5OTk5"}),  # Post:9999
        (POLL_UPDATED_SUBSCRIPTION, {"pollId": "not-an-id"}),
    ],
)
async def test_unknown_ids_are_not_found(app, subscription, variables):
    # given
    async with asgi_websocket(app) as socket:
        ws = GraphQLWebSocket(socket)
        await ws.init()
        # when
        await ws.subscribe(subscription, variables)
        message = await ws.next_message()
    # then
    errors = message["payload"]["errors"] if message["type"] == "next" else message["payload"]
    assert errors[0]["message"].startswith("No Po")
