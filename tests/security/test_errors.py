"""Unexpected exceptions are masked with a request id and logged in full; deliberate errors
keep their messages and codes; every response carries an X-Request-ID."""

from __future__ import annotations

import logging

import pytest

from spark_graph.auth.loaders import UserByIdLoader
from spark_graph.limits import extensions as limit_extensions

NODE_QUERY = "query Node($id: ID!) { node(id: $id) { id } }"
VIEWER_QUERY = "query { viewer { id } }"
USER_ID = "VXNlcjox"  # User:1
SECRET_SQL = "SELECT password_hash FROM user WHERE id = 1"


@pytest.fixture
def broken_user_loader(monkeypatch):
    async def broken(self, keys):
        raise RuntimeError(SECRET_SQL)

    monkeypatch.setattr(UserByIdLoader, "batch_load_fn", broken)


async def test_unexpected_error_is_masked_with_the_request_id(http, broken_user_loader, caplog):
    # when
    with caplog.at_level(logging.ERROR, logger="spark_graph.errors"):
        response = await http.post(
            "/graphql",
            json={"query": NODE_QUERY, "variables": {"id": USER_ID}},
            headers={"X-Request-ID": "req-123"},
        )
    # then: the client sees no SQL and no traceback, but the id to quote
    assert response.status_code == 200
    assert SECRET_SQL not in response.text
    assert "Traceback" not in response.text
    error = response.json()["errors"][0]
    assert error["message"] == "Internal server error"
    assert error["extensions"] == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-123"}
    assert response.headers["x-request-id"] == "req-123"
    # and the log has the whole story under that id
    record = next(r for r in caplog.records if r.name == "spark_graph.errors")
    assert "req-123" in record.getMessage()
    assert record.exc_info is not None
    assert SECRET_SQL in str(record.exc_info[1])


async def test_a_crashing_limit_is_masked_too(http, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError(SECRET_SQL)

    monkeypatch.setattr(limit_extensions.COSTS, "cost", broken)
    response = await http.post("/graphql", json={"query": VIEWER_QUERY})
    assert response.status_code == 200
    assert SECRET_SQL not in response.text
    assert response.json()["errors"][0]["message"] == "Internal server error"


async def test_deliberate_errors_keep_message_and_code(gql):
    # given: a permission error, a validation error and a variable coercion error
    permission = await gql.execute("mutation { joinPrime { errors { code } } }", expect_errors=True)
    validation = await gql.execute("query { nope }", expect_errors=True)
    coercion = await gql.execute(NODE_QUERY, {"id": {"not": "an id"}}, expect_errors=True)
    # then
    assert permission["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert permission["errors"][0]["message"].startswith("Log in first")
    assert "Cannot query field 'nope'" in validation["errors"][0]["message"]
    assert coercion["errors"][0]["message"].startswith("Variable '$id' has invalid value")


async def test_malformed_ids_are_client_errors_not_internal_ones(gql):
    # given: found by the fuzzer: "1446" decodes to no type; "" does not decode at all
    no_type = await gql.execute(NODE_QUERY, {"id": "1446"}, expect_errors=True)
    empty = await gql.execute(NODE_QUERY, {"id": ""}, expect_errors=True)
    # then
    assert no_type["errors"][0]["extensions"] == {"code": "NOT_FOUND"}
    assert empty["errors"][0]["extensions"] == {"code": "INVALID"}


async def test_request_id_is_generated_when_absent_or_unsafe(http):
    plain = await http.post("/graphql", json={"query": VIEWER_QUERY})
    unsafe = await http.post(
        "/graphql", json={"query": VIEWER_QUERY}, headers={"X-Request-ID": "bad id\nforged"}
    )
    assert len(plain.headers["x-request-id"]) == 32
    assert unsafe.headers["x-request-id"] != "bad id\nforged"
    assert len(unsafe.headers["x-request-id"]) == 32
