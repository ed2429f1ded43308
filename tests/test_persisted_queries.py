"""Automatic persisted queries: a client sends a hash, and the query text only once."""

from __future__ import annotations

import json
from typing import Any

from spark_graph.persisted_queries import PersistedQueryStore, query_hash

# The store lives as long as the process's schema, so each test uses its own query text.
VIEWER_QUERY = "query PersistedViewer%s { viewer { handle } }"
SIGN_UP_MUTATION = """
mutation PersistedSignUp($input: SignUpInput!) {
  signUp(input: $input) { user { handle } errors { code } }
}
"""
LOG_IN_MUTATION = """
mutation PersistedLogIn($input: LogInInput!) { logIn(input: $input) { errors { code } } }
"""


def _persisted(query: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": query_hash(query)}}


async def _post(http, body: dict[str, Any], token: str | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await http.post("/graphql", json=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def _get(http, params: dict[str, Any], token: str) -> Any:
    encoded = {
        key: json.dumps(value) if key == "extensions" else value for key, value in params.items()
    }
    return await http.get(
        "/graphql",
        params=encoded,
        headers={"Authorization": f"Bearer {token}", "Accept": "*/*"},
    )


async def test_an_unknown_hash_alone_asks_for_the_query(http):
    # given
    query = VIEWER_QUERY % "Unknown"

    # when
    body = await _post(http, {"extensions": _persisted(query)})

    # then
    assert body["data"] is None
    [error] = body["errors"]
    assert error["message"] == "PersistedQueryNotFound"
    assert error["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_hash_with_query_is_stored_then_the_hash_alone_runs_over_post_and_get(
    http, make_member
):
    # given
    member = await make_member(handle="apq_reader")
    query = VIEWER_QUERY % "Stored"
    registered = await _post(
        http, {"query": query, "extensions": _persisted(query)}, token=member.token
    )

    # when
    over_post = await _post(http, {"extensions": _persisted(query)}, token=member.token)
    over_get = await _get(http, {"extensions": _persisted(query)}, token=member.token)

    # then
    expected = {"data": {"viewer": {"handle": "apq_reader"}}}
    assert registered == expected
    assert over_post == expected
    assert over_get.status_code == 200, over_get.text
    assert over_get.json() == expected


async def test_a_hash_that_does_not_match_the_query_is_refused_and_not_stored(http):
    # given
    query = VIEWER_QUERY % "Mismatch"
    wrong = {"persistedQuery": {"version": 1, "sha256Hash": query_hash(query + " ")}}

    # when
    refused = await _post(http, {"query": query, "extensions": wrong})
    afterwards = await _post(http, {"extensions": wrong})

    # then
    assert refused["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_HASH_MISMATCH"
    assert "data" not in refused or refused["data"] is None
    assert afterwards["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


async def test_another_protocol_version_is_not_supported(http):
    # given
    query = VIEWER_QUERY % "Version"
    extensions = {"persistedQuery": {"version": 2, "sha256Hash": query_hash(query)}}

    # when
    body = await _post(http, {"query": query, "extensions": extensions})

    # then
    assert body["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"


async def test_a_persisted_mutation_cannot_run_over_get(http, make_member):
    # given: the mutation is stored through POST
    member = await make_member(handle="apq_writer")
    variables = {"input": {"handle": "apq_new", "displayName": "New", "password": "pw-123456"}}
    stored = await _post(
        http,
        {
            "query": SIGN_UP_MUTATION,
            "variables": variables,
            "extensions": _persisted(SIGN_UP_MUTATION),
        },
    )
    assert stored["data"]["signUp"]["errors"] == [], stored

    # when: a GET (cacheable, replayable by any link) sends its hash
    variables["input"]["handle"] = "apq_again"
    response = await _get(
        http,
        {"variables": json.dumps(variables), "extensions": _persisted(SIGN_UP_MUTATION)},
        token=member.token,
    )

    # then
    assert response.status_code == 400
    log_in = await _post(
        http,
        {
            "query": LOG_IN_MUTATION,
            "variables": {"input": {"handle": "apq_again", "password": "pw-123456"}},
        },
    )
    assert log_in["data"]["logIn"]["errors"] == [{"code": "INVALID_CREDENTIALS"}]


def test_the_store_forgets_the_least_recently_used_query_first():
    # given
    store = PersistedQueryStore(capacity=2)
    store.put("a", "{ a }")
    store.put("b", "{ b }")
    assert store.get("a") == "{ a }"  # a is now the most recently used

    # when
    store.put("c", "{ c }")

    # then
    assert store.get("b") is None
    assert store.get("a") == "{ a }"
    assert store.get("c") == "{ c }"
    assert len(store) == 2
