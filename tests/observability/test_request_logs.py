"""Each request logs one record with its request id, operation, duration and SQL count."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
from sqlalchemy import event
from strawberry.relay import to_base64

from spark_graph.observability.logs import JsonLinesFormatter

# `node` goes through a dataloader, whose batch runs in a task of its own.
VIEWER_QUERY = """
query LoggedViewer($id: ID!) { viewer { handle } node(id: $id) { ... on User { handle } } }
"""


def _request_records(caplog) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "spark_graph.requests"]


async def test_a_request_logs_its_id_operation_duration_and_statement_count(
    http, make_member, engine, caplog
):
    # given: an independent count of the statements the engine runs
    member = await make_member(handle="logged")
    executed: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        executed.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    caplog.set_level(logging.INFO, logger="spark_graph.requests")

    # when
    try:
        response = await http.post(
            "/graphql",
            json={"query": VIEWER_QUERY, "variables": {"id": to_base64("User", member.id)}},
            headers={"Authorization": f"Bearer {member.token}", "X-Request-ID": "trace-42"},
        )
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)

    # then
    assert response.json()["data"] == {"viewer": {"handle": "logged"}, "node": {"handle": "logged"}}
    assert response.headers["X-Request-ID"] == "trace-42"
    [record] = _request_records(caplog)
    assert record.request_id == "trace-42"
    assert record.operation == "LoggedViewer"
    assert record.status == 200
    assert record.duration_ms > 0
    assert len(executed) >= 2  # the viewer (token check included), the loader's batch
    assert record.statement_count == len(executed)
    assert record.error_codes == []


async def test_a_missing_or_unsafe_request_id_is_replaced_by_a_fresh_one(http, caplog):
    # given
    caplog.set_level(logging.INFO, logger="spark_graph.requests")

    # when
    plain = await http.post("/graphql", json={"query": "{ viewer { handle } }"})
    unsafe = await http.post(
        "/graphql",
        json={"query": "{ viewer { handle } }"},
        headers={"X-Request-ID": 'forged" level="error'},
    )

    # then
    ids = [plain.headers["X-Request-ID"], unsafe.headers["X-Request-ID"]]
    assert all(len(request_id) == 32 for request_id in ids)
    assert ids[0] != ids[1]
    assert [record.request_id for record in _request_records(caplog)] == ids
    assert [record.operation for record in _request_records(caplog)] == ["anonymous"] * 2


def test_json_lines_carry_the_request_fields():
    # given
    record = logging.LogRecord("spark_graph.requests", logging.INFO, "", 0, "POST", (), None)
    for name, value in {
        "request_id": "trace-7",
        "operation": "Feed",
        "duration_ms": 12.5,
        "statement_count": 3,
    }.items():
        setattr(record, name, value)

    # when
    line = JsonLinesFormatter().format(record)

    # then
    assert "\n" not in line
    fields = json.loads(line)
    assert fields["level"] == "info"
    assert fields["message"] == "POST"
    assert (fields["request_id"], fields["operation"]) == ("trace-7", "Feed")
    assert (fields["duration_ms"], fields["statement_count"]) == (12.5, 3)


async def test_an_id_given_by_an_outer_middleware_is_kept(app, caplog):
    # given: an outer middleware that has already assigned the request its id
    async def assign_id(scope, receive, send):
        scope.setdefault("state", {})["request_id"] = "assigned-outside"
        await app(scope, receive, send)

    caplog.set_level(logging.INFO, logger="spark_graph.requests")
    transport = httpx.ASGITransport(app=assign_id)

    # when
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.post("/graphql", json={"query": "{ viewer { handle } }"})

    # then
    assert response.headers["X-Request-ID"] == "assigned-outside"
    assert [record.request_id for record in _request_records(caplog)] == ["assigned-outside"]
