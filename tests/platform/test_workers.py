"""`spark-graph serve --workers 2` serves from several processes on the same database:
nothing a request needs lives only in one process's memory."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.servers import running_server, wall_clock

pytestmark = pytest.mark.slow
clock = pytest.fixture(wall_clock)

VIEWER_QUERY = "query Viewer { viewer { handle } }"
LOG_OUT_MUTATION = "mutation LogOut { logOut { errors { code } } }"


async def test_two_workers_answer_health_checks_and_graphql(
    settings, engine, make_member, tmp_path: Path
):
    # given
    member = await make_member(handle="worker_test")
    with running_server(settings, tmp_path, workers=2) as server:
        # when
        async with httpx.AsyncClient(base_url=server.base_url, timeout=10.0) as client:
            health = await client.get("/healthz")
            handles = []
            for _ in range(8):
                response = await client.post(
                    "/graphql",
                    json={"query": VIEWER_QUERY},
                    headers={"Authorization": f"Bearer {member.token}", "Connection": "close"},
                )
                handles.append(response.json()["data"]["viewer"]["handle"])
        workers = server.worker_pids()
    # then
    assert health.json() == {"status": "ok"}
    assert handles == ["worker_test"] * 8
    assert len(workers) == 2, workers
