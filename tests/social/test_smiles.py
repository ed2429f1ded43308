from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from spark_graph.social.models import Smile
from tests.social.helpers import create_post
from tests.social.operations import FEED_QUERY, SMILE_MUTATION, UNSMILE_MUTATION


async def smile_rows(sessions) -> int:
    async with sessions() as session:
        return (await session.execute(select(func.count()).select_from(Smile))).scalar_one()


async def test_smile_is_idempotent_and_unsmile_takes_it_back(gql, make_member):
    # given
    author = await make_member(prime=True)
    fan = await make_member(prime=True)
    post = await create_post(gql, author.token)
    variables = {"input": {"postId": post["id"]}}
    # when
    first = (await gql.data(SMILE_MUTATION, variables, token=fan.token))["smile"]
    second = (await gql.data(SMILE_MUTATION, variables, token=fan.token))["smile"]
    # then
    expected = {"id": post["id"], "smileCount": 1, "viewerHasSmiled": True}
    assert first == {"post": expected, "errors": []}
    assert second == first
    # when
    undone = (await gql.data(UNSMILE_MUTATION, variables, token=fan.token))["unsmile"]
    again = (await gql.data(UNSMILE_MUTATION, variables, token=fan.token))["unsmile"]
    # then
    assert undone["post"] == {"id": post["id"], "smileCount": 0, "viewerHasSmiled": False}
    assert again == undone


async def test_viewer_has_smiled_is_per_viewer(gql, make_member):
    # given
    author = await make_member(prime=True)
    fan = await make_member(prime=True)
    post = await create_post(gql, author.token)
    await gql.data(SMILE_MUTATION, {"input": {"postId": post["id"]}}, token=fan.token)
    # when
    as_fan = (await gql.data(FEED_QUERY, {"first": 5}, token=fan.token))["feed"]["edges"]
    as_author = (await gql.data(FEED_QUERY, {"first": 5}, token=author.token))["feed"]["edges"]
    anonymous = (await gql.data(FEED_QUERY, {"first": 5}))["feed"]["edges"]
    # then
    assert as_fan[0]["node"]["viewerHasSmiled"] is True
    assert as_author[0]["node"]["viewerHasSmiled"] is False
    assert anonymous[0]["node"]["viewerHasSmiled"] is False
    assert anonymous[0]["node"]["smileCount"] == 1


async def test_non_prime_member_cannot_smile_and_nothing_is_written(gql, make_member, sessions):
    # given
    author = await make_member(prime=True)
    sam = await make_member(prime=False)
    post = await create_post(gql, author.token)
    variables = {"input": {"postId": post["id"]}}
    # when
    smiled = (await gql.data(SMILE_MUTATION, variables, token=sam.token))["smile"]
    unsmiled = (await gql.data(UNSMILE_MUTATION, variables, token=sam.token))["unsmile"]
    # then
    assert smiled["post"] is None
    assert [e["code"] for e in smiled["errors"]] == ["PRIME_REQUIRED"]
    assert [e["code"] for e in unsmiled["errors"]] == ["PRIME_REQUIRED"]
    assert await smile_rows(sessions) == 0


async def test_smile_needs_a_viewer_and_a_post(gql, make_member):
    # given
    fan = await make_member(prime=True)
    # when
    anonymous = await gql.execute(
        SMILE_MUTATION, {"input": {"postId": "UG9zdDo5OTk="}}, expect_errors=True
    )
    unknown = (
        await gql.data(SMILE_MUTATION, {"input": {"postId": "UG9zdDo5OTk="}}, token=fan.token)
    )["smile"]
    # then
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert [(e["field"], e["code"]) for e in unknown["errors"]] == [("postId", "NOT_FOUND")]


async def test_fifty_concurrent_smiles_are_all_counted(gql, make_member, sessions):
    # given
    author = await make_member(prime=True)
    post = await create_post(gql, author.token)
    fans = [await make_member(prime=True) for _ in range(50)]
    variables = {"input": {"postId": post["id"]}}
    # when: every fan smiles twice, all at once
    results = await asyncio.gather(
        *(gql.data(SMILE_MUTATION, variables, token=fan.token) for fan in fans + fans)
    )
    # then
    assert all(result["smile"]["errors"] == [] for result in results)
    feed = (await gql.data(FEED_QUERY, {"first": 1}))["feed"]["edges"]
    assert feed[0]["node"]["smileCount"] == 50
    assert await smile_rows(sessions) == 50
    # when: they all take it back at once
    await asyncio.gather(*(gql.data(UNSMILE_MUTATION, variables, token=f.token) for f in fans))
    # then
    feed = (await gql.data(FEED_QUERY, {"first": 1}))["feed"]["edges"]
    assert feed[0]["node"]["smileCount"] == 0
    assert await smile_rows(sessions) == 0
