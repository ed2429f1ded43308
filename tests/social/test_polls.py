from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from spark_graph.social.models import Vote
from spark_graph.social.polls import poll_percentages
from tests.social.helpers import create_poll, create_post
from tests.social.operations import DELETE_POST_MUTATION, POST_QUERY, VOTE_MUTATION

REASONS_QUERY = """
query Reasons($id: ID!, $first: Int, $after: String) {
  node(id: $id) {
    ... on PollOption {
      id
      label
      voteCount
      percentage
      reasons(first: $first, after: $after) {
        edges { node { reason voter { handle } createdAt } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}
"""

POLL_NODE_QUERY = """
query PollNode($id: ID!) {
  node(id: $id) { ... on Poll { id totalVotes options { label voteCount } } }
}
"""


async def vote(gql, member, option_id, reason=None):
    variables = {"input": {"optionId": option_id, "reason": reason}}
    return (await gql.data(VOTE_MUTATION, variables, token=member.token))["vote"]


async def vote_rows(sessions) -> list[tuple[int, str | None]]:
    async with sessions() as session:
        rows = await session.execute(select(Vote.option_id, Vote.reason).order_by(Vote.id))
        return [tuple(row) for row in rows.all()]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ([0, 0, 0], [0.0, 0.0, 0.0]),
        ([1, 1, 1], [33.4, 33.3, 33.3]),
        ([2, 1], [66.7, 33.3]),
        ([1, 0], [100.0, 0.0]),
        ([1, 1, 1, 1, 1, 1], [16.7, 16.7, 16.7, 16.7, 16.6, 16.6]),
        ([7, 5, 3], [46.7, 33.3, 20.0]),
    ],
)
def test_percentages_have_one_decimal_and_add_up_to_100(counts, expected):
    shares = poll_percentages(counts)
    assert shares == expected
    if sum(counts):
        assert round(sum(shares) * 10) == 1000


async def test_any_member_votes_and_voting_again_moves_the_vote(gql, make_member, sessions):
    # given
    maya = await make_member(prime=True)
    sam = await make_member(prime=False)
    poll = await create_poll(gql, maya.token, "Red", "Green", "Blue")
    red, green, blue = (o["id"] for o in poll["options"])
    # when
    first = await vote(gql, sam, red)
    moved = await vote(gql, sam, green)
    await vote(gql, maya, blue)
    third = await vote(gql, maya, blue)
    # then
    assert first["errors"] == []
    assert first["poll"]["totalVotes"] == 1
    assert first["poll"]["viewerVote"] == {"id": red}
    assert [o["voteCount"] for o in first["poll"]["options"]] == [1, 0, 0]
    assert moved["poll"]["totalVotes"] == 1
    assert moved["poll"]["viewerVote"] == {"id": green}
    assert [o["voteCount"] for o in moved["poll"]["options"]] == [0, 1, 0]
    assert [o["percentage"] for o in moved["poll"]["options"]] == [0.0, 100.0, 0.0]
    assert third["poll"]["totalVotes"] == 2
    assert [o["voteCount"] for o in third["poll"]["options"]] == [0, 1, 1]
    assert [o["percentage"] for o in third["poll"]["options"]] == [0.0, 50.0, 50.0]
    assert len(await vote_rows(sessions)) == 2


async def test_three_way_split_adds_up_to_exactly_100(gql, make_member):
    # given
    author = await make_member(prime=True)
    voters = [await make_member() for _ in range(3)]
    poll = await create_poll(gql, author.token, "A", "B", "C")
    # when
    for voter, option in zip(voters, poll["options"]):
        result = await vote(gql, voter, option["id"])
    # then
    shares = [o["percentage"] for o in result["poll"]["options"]]
    assert shares == [33.4, 33.3, 33.3]
    assert round(sum(shares), 1) == 100.0


async def test_reason_is_for_prime_members_only(gql, make_member, sessions):
    # given
    maya = await make_member(prime=True, handle="maya")
    sam = await make_member(prime=False)
    poll = await create_poll(gql, maya.token)
    option = poll["options"][0]["id"]
    # when
    refused = await vote(gql, sam, option, reason="Because")
    given = await vote(gql, maya, option, reason="  Lovely colour  ")
    # then
    assert refused["poll"] is None
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("reason", "PRIME_REQUIRED")]
    assert given["errors"] == []
    assert await vote_rows(sessions) == [(int_id(option), "Lovely colour")]


def int_id(global_id: str) -> int:
    import base64

    return int(base64.b64decode(global_id).decode().split(":")[1])


async def test_each_option_lists_its_reasons_newest_first_with_pages(gql, make_member, clock):
    # given
    author = await make_member(prime=True)
    poll = await create_poll(gql, author.token, "Yes", "No")
    yes = poll["options"][0]["id"]
    voters = [await make_member(prime=True, handle=f"voter_{i}") for i in range(3)]
    for i, voter in enumerate(voters):
        clock.advance(timedelta(minutes=1))
        await vote(gql, voter, yes, reason=f"reason {i}")
    await vote(gql, await make_member(), yes)  # no reason: not listed
    # when
    first = (await gql.data(REASONS_QUERY, {"id": yes, "first": 2}))["node"]
    after = first["reasons"]["pageInfo"]["endCursor"]
    second = (await gql.data(REASONS_QUERY, {"id": yes, "first": 2, "after": after}))["node"]
    # then
    assert first["voteCount"] == 4
    assert first["percentage"] == 100.0
    assert [e["node"]["reason"] for e in first["reasons"]["edges"]] == ["reason 2", "reason 1"]
    assert first["reasons"]["edges"][0]["node"]["voter"] == {"handle": "voter_2"}
    assert first["reasons"]["pageInfo"]["hasNextPage"] is True
    assert [e["node"]["reason"] for e in second["reasons"]["edges"]] == ["reason 0"]
    assert second["reasons"]["pageInfo"]["hasNextPage"] is False


async def test_closed_poll_refuses_votes(gql, make_member, clock, sessions):
    # given
    author = await make_member(prime=True)
    voter = await make_member()
    poll = await create_poll(gql, author.token, "A", "B", durationHours=2)
    clock.advance(timedelta(hours=2))
    # when
    result = await vote(gql, voter, poll["options"][0]["id"])
    # then
    assert result["poll"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("optionId", "POLL_CLOSED")]
    assert await vote_rows(sessions) == []


async def test_poll_stays_open_seven_days_by_default(gql, make_member, clock):
    # given
    author = await make_member(prime=True)
    poll = await create_poll(gql, author.token)
    clock.advance(timedelta(days=7) - timedelta(seconds=1))
    voter = await make_member()  # a token fresh at that time
    # when
    open_vote = await vote(gql, voter, poll["options"][0]["id"])
    clock.advance(timedelta(seconds=1))
    closed_vote = await vote(gql, voter, poll["options"][1]["id"])
    # then
    assert open_vote["errors"] == []
    assert open_vote["poll"]["isClosed"] is False
    assert [e["code"] for e in closed_vote["errors"]] == ["POLL_CLOSED"]


async def test_poll_closes_at_the_given_time(gql, make_member, clock):
    # given
    author = await make_member(prime=True)
    closes_at = (clock.now() + timedelta(hours=1)).isoformat()
    post = await create_post(
        gql, author.token, body="Quick one", poll={"options": ["A", "B"], "closesAt": closes_at}
    )
    # when
    clock.advance(timedelta(hours=1))
    detail = (await gql.data(POST_QUERY, {"id": post["id"]}))["node"]
    # then
    assert post["poll"]["isClosed"] is False
    assert detail["poll"]["isClosed"] is True


async def test_vote_needs_a_viewer_and_a_known_option(gql, make_member):
    # given
    voter = await make_member()
    missing = "UG9sbE9wdGlvbjo5OTk="  # PollOption:999
    # when
    anonymous = await gql.execute(
        VOTE_MUTATION, {"input": {"optionId": missing}}, expect_errors=True
    )
    unknown = await vote(gql, voter, missing)
    # then
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert [(e["field"], e["code"]) for e in unknown["errors"]] == [("optionId", "NOT_FOUND")]


async def test_poll_and_option_round_trip_through_node(gql, make_member):
    # given
    author = await make_member(prime=True)
    voter = await make_member()
    poll = await create_poll(gql, author.token, "A", "B")
    await vote(gql, voter, poll["options"][1]["id"])
    # when
    poll_node = (await gql.data(POLL_NODE_QUERY, {"id": poll["id"]}))["node"]
    option_node = (await gql.data(REASONS_QUERY, {"id": poll["options"][1]["id"]}))["node"]
    # then
    assert poll_node == {
        "id": poll["id"],
        "totalVotes": 1,
        "options": [{"label": "A", "voteCount": 0}, {"label": "B", "voteCount": 1}],
    }
    assert option_node["label"] == "B"
    assert option_node["percentage"] == 100.0


async def test_deleting_the_post_removes_its_poll_and_votes(gql, make_member, sessions):
    # given
    author = await make_member(prime=True)
    voter = await make_member()
    post = await create_post(gql, author.token, body="Pick", poll={"options": ["A", "B"]})
    option = post["poll"]["options"][0]["id"]
    await vote(gql, voter, option)
    assert len(await vote_rows(sessions)) == 1
    # when
    await gql.data(DELETE_POST_MUTATION, {"input": {"postId": post["id"]}}, token=author.token)
    # then
    assert await vote_rows(sessions) == []
    assert (await gql.data(POLL_NODE_QUERY, {"id": post["poll"]["id"]}))["node"] is None
    assert (await gql.data(REASONS_QUERY, {"id": option}))["node"] is None
