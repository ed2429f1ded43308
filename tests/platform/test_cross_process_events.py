"""Events cross processes through PostgreSQL LISTEN/NOTIFY: a subscriber on one server
process sees a vote cast through another within 2 seconds."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from tests.databases import TEST_DATABASE_URL_VARIABLE, on_postgres
from tests.graphql_ws import GraphQLWebSocket, real_websocket
from tests.platform.test_subscriptions import POLL_UPDATED_SUBSCRIPTION, counts
from tests.servers import running_servers, wall_clock
from tests.social.helpers import create_poll
from tests.social.operations import VOTE_MUTATION

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not on_postgres(),
        reason=f"needs PostgreSQL (LISTEN/NOTIFY): set {TEST_DATABASE_URL_VARIABLE}="
        "postgresql+asyncpg://..., or run the suite under `bash .ci/postgres`",
    ),
]
clock = pytest.fixture(wall_clock)


async def test_a_vote_through_one_server_reaches_a_subscriber_on_another(
    settings, gql, make_member, tmp_path: Path
):
    # given
    author = await make_member(prime=True)
    voter = await make_member()
    poll = await create_poll(gql, author.token, "Left", "Right")
    right = poll["options"][1]["id"]
    with running_servers(settings, tmp_path, count=2) as (watched, voted_on):
        async with real_websocket(watched.websocket_url) as socket:
            ws = GraphQLWebSocket(socket)
            await ws.init()
            operation = await ws.subscribe(POLL_UPDATED_SUBSCRIPTION, {"pollId": poll["id"]})
            initial = (await ws.next_data(operation, within=10.0))["pollUpdated"]
            # when
            async with httpx.AsyncClient(base_url=voted_on.base_url, timeout=10.0) as client:
                response = await client.post(
                    "/graphql",
                    json={"query": VOTE_MUTATION, "variables": {"input": {"optionId": right}}},
                    headers={"Authorization": f"Bearer {voter.token}"},
                )
            voted_at = time.monotonic()
            updated = (await ws.next_data(operation, within=2.0))["pollUpdated"]
            latency = time.monotonic() - voted_at
    # then
    assert response.json()["data"]["vote"]["errors"] == []
    assert counts(initial) == [("Left", 0, 0.0), ("Right", 0, 0.0)]
    assert counts(updated) == [("Left", 0, 0.0), ("Right", 1, 100.0)]
    assert latency < 2.0
    print(f"cross-process event latency: {latency * 1000:.0f} ms")
