"""Counts stay exact when requests race (the guards are in SQL, not in Python)."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from spark_graph.social.models import PollOption, Vote
from tests.social.helpers import create_post
from tests.social.operations import (
    CHOOSE_INTERESTS_MUTATION,
    DELETE_POST_MUTATION,
    TOPICS_QUERY,
    VOTE_MUTATION,
)


async def test_racing_votes_of_one_member_leave_one_counted_vote(gql, make_member, sessions):
    # given
    author = await make_member(prime=True)
    voter = await make_member()
    post = await create_post(gql, author.token, body="Pick", poll={"options": ["A", "B", "C"]})
    options = [o["id"] for o in post["poll"]["options"]]
    # when: the same member votes ten times at once, for different options
    results = await asyncio.gather(
        *(
            gql.data(VOTE_MUTATION, {"input": {"optionId": options[i % 3]}}, token=voter.token)
            for i in range(10)
        )
    )
    # then
    assert all(r["vote"]["errors"] == [] for r in results)
    async with sessions() as session:
        votes = (await session.execute(select(Vote))).scalars().all()
        counts = {o.id: o.vote_count for o in (await session.execute(select(PollOption))).scalars()}
    assert len(votes) == 1
    assert counts[votes[0].option_id] == 1
    assert sum(counts.values()) == 1


async def test_racing_voters_are_all_counted(gql, make_member):
    # given
    author = await make_member(prime=True)
    post = await create_post(gql, author.token, body="Pick", poll={"options": ["A", "B"]})
    a, b = (o["id"] for o in post["poll"]["options"])
    voters = [await make_member() for _ in range(20)]
    # when: everyone votes A, then everyone moves to B, all at once
    await asyncio.gather(
        *(gql.data(VOTE_MUTATION, {"input": {"optionId": a}}, token=v.token) for v in voters)
    )
    moved = await asyncio.gather(
        *(gql.data(VOTE_MUTATION, {"input": {"optionId": b}}, token=v.token) for v in voters[:15])
    )
    # then
    final = max(moved, key=lambda r: r["vote"]["poll"]["options"][1]["voteCount"])
    poll = final["vote"]["poll"]
    assert poll["totalVotes"] == 20
    assert [o["voteCount"] for o in poll["options"]] == [5, 15]
    assert [o["percentage"] for o in poll["options"]] == [25.0, 75.0]


async def test_racing_deletes_of_one_post_give_back_its_counts_once(gql, make_member, make_topic):
    # given
    author = await make_member(prime=True)
    await make_topic("kitchen")
    await create_post(gql, author.token, body="stays #kitchen")
    doomed = await create_post(gql, author.token, body="goes #kitchen")
    variables = {"input": {"postId": doomed["id"]}}
    # when
    results = await asyncio.gather(
        *(gql.data(DELETE_POST_MUTATION, variables, token=author.token) for _ in range(5))
    )
    # then
    outcomes = sorted(
        "deleted" if r["deletePost"]["deletedPostId"] else r["deletePost"]["errors"][0]["code"]
        for r in results
    )
    assert outcomes == ["NOT_FOUND"] * 4 + ["deleted"]
    topics = (await gql.data(TOPICS_QUERY))["topics"]["edges"]
    assert topics[0]["node"]["postCount"] == 1


async def test_racing_interest_choices_count_followers_exactly(gql, make_member, make_topic):
    # given
    topic_ids = [await make_topic(slug) for slug in ["a-1", "b-2", "c-3", "d-4", "e-5", "f-6"]]
    members = [await make_member() for _ in range(12)]
    # when: each member chooses twice at once (two different sets)
    await asyncio.gather(
        *(
            gql.data(
                CHOOSE_INTERESTS_MUTATION,
                {"input": {"topicIds": topic_ids[:5] if i % 2 else topic_ids[1:]}},
                token=member.token,
            )
            for member in members
            for i in range(2)
        )
    )
    # then: every topic's count equals the members whose final set holds it
    viewer_query = "query { viewer { interests { slug } } }"
    chosen: dict[str, int] = {}
    for member in members:
        viewer = (await gql.data(viewer_query, token=member.token))["viewer"]
        assert len(viewer["interests"]) == 5
        for topic in viewer["interests"]:
            chosen[topic["slug"]] = chosen.get(topic["slug"], 0) + 1
    edges = (await gql.data(TOPICS_QUERY))["topics"]["edges"]
    counts = {e["node"]["slug"]: e["node"]["followerCount"] for e in edges}
    assert counts == {slug: chosen.get(slug, 0) for slug in counts}


async def test_members_following_each_other_at_once_are_all_counted(gql, make_member):
    # given
    from spark_graph.ids import global_id
    from tests.social.operations import FOLLOW_MUTATION, USER_QUERY

    members = [await make_member() for _ in range(6)]
    pairs = [(a, b) for a in members for b in members if a is not b]
    # when: everyone follows everyone else, all at once (A->B races B->A)
    results = await asyncio.gather(
        *(
            gql.data(FOLLOW_MUTATION, {"input": {"userId": global_id("User", b.id)}}, token=a.token)
            for a, b in pairs
        )
    )
    # then
    assert all(r["follow"]["errors"] == [] for r in results)
    for member in members:
        node = (await gql.data(USER_QUERY, {"id": global_id("User", member.id)}))["node"]
        assert (node["followerCount"], node["followingCount"]) == (5, 5)


async def test_votes_moving_in_opposite_directions_at_once_stay_exact(gql, make_member):
    # given
    author = await make_member(prime=True)
    post = await create_post(gql, author.token, body="Pick", poll={"options": ["A", "B"]})
    a, b = (o["id"] for o in post["poll"]["options"])
    on_a = [await make_member() for _ in range(8)]
    on_b = [await make_member() for _ in range(8)]
    for voter in on_a:
        await gql.data(VOTE_MUTATION, {"input": {"optionId": a}}, token=voter.token)
    for voter in on_b:
        await gql.data(VOTE_MUTATION, {"input": {"optionId": b}}, token=voter.token)
    # when: the A voters move to B while the B voters move to A
    await asyncio.gather(
        *(gql.data(VOTE_MUTATION, {"input": {"optionId": b}}, token=v.token) for v in on_a),
        *(gql.data(VOTE_MUTATION, {"input": {"optionId": a}}, token=v.token) for v in on_b),
    )
    # then
    final = await gql.data(VOTE_MUTATION, {"input": {"optionId": a}}, token=on_b[0].token)
    poll = final["vote"]["poll"]
    assert poll["totalVotes"] == 16
    assert [o["voteCount"] for o in poll["options"]] == [8, 8]


async def test_deleting_a_post_while_members_engage_leaves_no_orphans(gql, make_member, sessions):
    # given
    from sqlalchemy import func

    from spark_graph.social.models import Comment, Smile
    from tests.social.operations import ADD_COMMENT_MUTATION, SMILE_MUTATION

    author = await make_member(prime=True)
    post = await create_post(gql, author.token, body="Going", poll={"options": ["A", "B"]})
    option = post["poll"]["options"][0]["id"]
    fans = [await make_member(prime=True) for _ in range(8)]
    post_input = {"input": {"postId": post["id"]}}
    # when: the author deletes while fans smile, comment and vote
    engage = [
        *(gql.data(SMILE_MUTATION, post_input, token=f.token) for f in fans),
        *(
            gql.data(
                ADD_COMMENT_MUTATION, {"input": {"postId": post["id"], "body": "hi"}}, token=f.token
            )
            for f in fans
        ),
        *(gql.data(VOTE_MUTATION, {"input": {"optionId": option}}, token=f.token) for f in fans),
    ]
    results = await asyncio.gather(
        *engage[:12], gql.data(DELETE_POST_MUTATION, post_input, token=author.token), *engage[12:]
    )
    # then: every request answered with data (no crash), and nothing points at the post
    codes = {e["code"] for r in results for payload in r.values() for e in payload["errors"]}
    assert codes <= {"NOT_FOUND"}
    async with sessions() as session:
        for model in (Smile, Comment, Vote):
            count = (await session.execute(select(func.count()).select_from(model))).scalar_one()
            assert count == 0, model
