"""Every limit through the HTTP front door, each with small values set explicitly."""

from __future__ import annotations

from datetime import timedelta

VIEWER_QUERY = "query { viewer { id } }"
THREE_VIEWERS_QUERY = "query { a: viewer { id } b: viewer { id } c: viewer { id } }"
JOIN_PRIME_MUTATION = "mutation { joinPrime { user { id isPrime } errors { code } } }"
IS_PRIME_QUERY = "query { viewer { isPrime } }"
LOG_IN_MUTATION = """
mutation LogIn($input: LogInInput!) {
  logIn(input: $input) { token errors { field code } }
}
"""
INTROSPECTION_QUERY = "query { __schema { queryType { name } } }"


def codes(body):
    return [e.get("extensions", {}).get("code") for e in body.get("errors", [])]


async def test_depth_over_the_limit_is_refused(gql_with):
    async with gql_with(max_query_depth=0) as gql:
        # when
        refused = await gql.execute(VIEWER_QUERY, expect_errors=True)
        shallow = await gql.execute("query { __typename }")
    # then
    assert refused["data"] is None
    assert "exceeds maximum operation depth of 0" in refused["errors"][0]["message"]
    assert shallow["data"] == {"__typename": "Query"}


async def test_depth_limit_defaults_to_twelve(settings):
    assert settings.max_query_depth == 12


async def test_aliases_over_the_limit_are_refused(gql_with):
    async with gql_with(max_aliases=2) as gql:
        body = await gql.execute(THREE_VIEWERS_QUERY, expect_errors=True)
        two = await gql.execute("query { a: viewer { id } b: viewer { id } }")
    assert body["errors"][0]["message"] == "3 aliases found. Allowed: 2"
    assert two["data"] == {"a": None, "b": None}


async def test_tokens_over_the_limit_stop_parsing(gql_with):
    async with gql_with(max_tokens=8) as gql:
        body = await gql.execute(THREE_VIEWERS_QUERY, expect_errors=True)
        small = await gql.execute(VIEWER_QUERY)
    assert "Document contains more than 8 tokens" in body["errors"][0]["message"]
    assert small["data"] == {"viewer": None}


async def test_costly_query_is_refused_before_any_resolver_runs(gql_with, make_member):
    # given: joinPrime + user + errors cost 3 points
    member = await make_member()
    async with gql_with(max_query_cost=2) as gql:
        # when
        body = await gql.execute(JOIN_PRIME_MUTATION, token=member.token, expect_errors=True)
        after = await gql.data(IS_PRIME_QUERY, token=member.token)
    # then: refused with the cost and the limit, and nothing was written
    assert body["data"] is None
    error = body["errors"][0]
    assert error["extensions"] == {"code": "QUERY_TOO_COSTLY", "cost": 3, "limit": 2}
    assert "costs 3 points; the limit is 2" in error["message"]
    assert body["extensions"]["cost"] == {"requested": 3, "limit": 2}
    assert after == {"viewer": {"isPrime": False}}


FEED_PAGE_QUERY = """
query Feed($first: Int) {
  feed(first: $first) { edges { node { author { id } topics { slug } } } }
}
"""


async def test_a_page_is_multiplied_by_first(gql_with, make_member):
    # given: feed 1 + first x (edge 1 + post 1 + author 1 + topics 1)
    member = await make_member(prime=True)
    async with gql_with(max_query_cost=400) as gql:
        # when
        refused = await gql.execute(
            FEED_PAGE_QUERY, {"first": 100}, token=member.token, expect_errors=True
        )
        allowed = await gql.execute(FEED_PAGE_QUERY, {"first": 99}, token=member.token)
    # then
    assert refused["errors"][0]["extensions"] == {
        "code": "QUERY_TOO_COSTLY",
        "cost": 401,
        "limit": 400,
    }
    assert allowed["extensions"]["cost"]["requested"] == 397


async def test_a_page_over_the_cap_is_invalid_before_anything_runs(gql, make_member):
    member = await make_member(prime=True)
    body = await gql.execute(
        FEED_PAGE_QUERY, {"first": 101}, token=member.token, expect_errors=True
    )
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": "first"}
    assert body["errors"][0]["message"] == "`first` may not exceed 100."


async def test_cost_and_remaining_budget_are_reported(gql_with):
    async with gql_with(rate_limit_capacity=100, rate_limit_refill_per_second=10) as gql:
        first = await gql.execute(THREE_VIEWERS_QUERY)
        second = await gql.execute(THREE_VIEWERS_QUERY)
    assert first["extensions"]["cost"] == {
        "requested": 3,
        "limit": 1000,
        "remaining": 97,
        "restoreRate": 10,
    }
    assert second["extensions"]["cost"]["remaining"] == 94


async def test_empty_bucket_is_rate_limited_until_it_refills(gql_with, clock):
    async with gql_with(rate_limit_capacity=3, rate_limit_refill_per_second=1) as gql:
        # given: the bucket is emptied
        await gql.execute(THREE_VIEWERS_QUERY)
        # when
        limited = await gql.execute(VIEWER_QUERY, expect_errors=True)
        clock.advance(timedelta(seconds=1))
        refilled = await gql.execute(VIEWER_QUERY)
    # then
    assert limited["data"] is None
    assert limited["errors"][0]["extensions"] == {"code": "RATE_LIMITED", "retryAfter": 1}
    assert refilled["data"] == {"viewer": None}


async def test_retry_after_counts_the_missing_points(gql_with):
    async with gql_with(rate_limit_capacity=4, rate_limit_refill_per_second=1) as gql:
        await gql.execute(THREE_VIEWERS_QUERY)
        limited = await gql.execute(THREE_VIEWERS_QUERY, expect_errors=True)
    assert limited["errors"][0]["extensions"]["retryAfter"] == 2


async def test_each_member_has_its_own_bucket(gql_with, make_member):
    member, other = await make_member(), await make_member()
    async with gql_with(rate_limit_capacity=1, rate_limit_refill_per_second=1) as gql:
        await gql.execute(VIEWER_QUERY, token=member.token)
        limited = await gql.execute(VIEWER_QUERY, token=member.token, expect_errors=True)
        others = await gql.execute(VIEWER_QUERY, token=other.token)
        anonymous = await gql.execute(VIEWER_QUERY)
    assert codes(limited) == ["RATE_LIMITED"]
    assert others["data"]["viewer"] is not None
    assert anonymous["data"] == {"viewer": None}


async def test_api_keys_have_their_own_bucket(gql_with):
    async with gql_with(rate_limit_capacity=1, rate_limit_refill_per_second=1) as gql:
        await gql.execute(VIEWER_QUERY, token="brand-key-one")
        limited = await gql.execute(VIEWER_QUERY, token="brand-key-one", expect_errors=True)
        other_key = await gql.execute(VIEWER_QUERY, token="brand-key-two")
    assert codes(limited) == ["RATE_LIMITED"]
    assert "errors" not in other_key


async def test_forgotten_buckets_come_back_full(gql_with, make_member):
    # given: room for one client's bucket only
    member, other = await make_member(), await make_member()
    async with gql_with(
        rate_limit_capacity=1, rate_limit_refill_per_second=1, rate_limit_max_clients=1
    ) as gql:
        await gql.execute(VIEWER_QUERY, token=member.token)
        # when: another client pushes the member's bucket out
        await gql.execute(VIEWER_QUERY, token=other.token)
        again = await gql.execute(VIEWER_QUERY, token=member.token)
    # then
    assert again["data"]["viewer"] is not None


async def test_limits_can_be_switched_off(gql_with):
    async with gql_with(
        limits_enabled=False, max_query_cost=1, max_aliases=0, max_query_depth=0
    ) as gql:
        body = await gql.execute(THREE_VIEWERS_QUERY)
    assert body["data"] == {"a": None, "b": None, "c": None}
    assert "cost" not in (body.get("extensions") or {})


async def test_overlong_string_variable_is_invalid(gql_with):
    async with gql_with(max_string_length=5) as gql:
        body = await gql.execute(
            LOG_IN_MUTATION,
            {"input": {"handle": "abcdef", "password": "x"}},
            expect_errors=True,
        )
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "INVALID", "field": "input.handle"}


async def test_overlong_inline_string_is_invalid(gql_with):
    query = 'mutation { logIn(input: {handle: "abcdef", password: "x"}) { token } }'
    async with gql_with(max_string_length=5) as gql:
        body = await gql.execute(query, expect_errors=True)
    assert codes(body) == ["INVALID"]


async def test_string_limit_defaults_to_ten_thousand(gql):
    body = await gql.execute(
        LOG_IN_MUTATION, {"input": {"handle": "a" * 10_001, "password": "x"}}, expect_errors=True
    )
    allowed = await gql.data(LOG_IN_MUTATION, {"input": {"handle": "a" * 10_000, "password": "x"}})
    assert codes(body) == ["INVALID"]
    assert allowed["logIn"]["errors"][0]["code"] == "INVALID_CREDENTIALS"


async def test_body_over_the_limit_is_413(http_with):
    async with http_with(max_body_bytes=200) as http:
        # when: a declared length, then a chunked body with no length
        declared = await http.post("/graphql", json={"query": VIEWER_QUERY + " " * 300})

        async def chunks():
            for _ in range(5):
                yield b" " * 100

        chunked = await http.post(
            "/graphql", content=chunks(), headers={"content-type": "application/json"}
        )
        small = await http.post("/graphql", json={"query": VIEWER_QUERY})
    # then
    assert declared.status_code == 413
    assert declared.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert chunked.status_code == 413
    assert small.status_code == 200


async def test_batched_operations_are_refused(http):
    response = await http.post("/graphql", json=[{"query": VIEWER_QUERY}] * 2)
    assert response.status_code == 400
    assert "Batching is not enabled" in response.text


async def test_mutations_are_refused_over_get(http, make_member):
    member = await make_member()
    headers = {"Authorization": f"Bearer {member.token}"}
    refused = await http.get("/graphql", params={"query": JOIN_PRIME_MUTATION}, headers=headers)
    query = await http.get("/graphql", params={"query": IS_PRIME_QUERY}, headers=headers)
    assert refused.status_code == 400
    assert "mutations are not allowed when using GET" in refused.text
    assert query.status_code == 200
    assert query.json()["data"] == {"viewer": {"isPrime": False}}


async def test_introspection_can_be_turned_off(gql_with, gql):
    async with gql_with(introspection=False) as closed:
        refused = await closed.execute(INTROSPECTION_QUERY, expect_errors=True)
    allowed = await gql.data(INTROSPECTION_QUERY)
    assert "introspection has been disabled" in refused["errors"][0]["message"]
    assert allowed == {"__schema": {"queryType": {"name": "Query"}}}


async def test_graphiql_can_be_turned_off(http_with, http):
    async with http_with(graphiql=False) as closed:
        off = await closed.get("/graphql", headers={"accept": "text/html"})
    on = await http.get("/graphql", headers={"accept": "text/html"})
    assert off.status_code == 404
    assert on.status_code == 200
    assert "graphiql" in on.text.lower()


async def test_settings_read_the_limits_from_the_environment():
    from spark_graph.settings import Settings

    settings = Settings.from_env(
        {
            "SPARK_LIMITS_ENABLED": "false",
            "SPARK_MAX_QUERY_DEPTH": "7",
            "SPARK_MAX_ALIASES": "3",
            "SPARK_MAX_TOKENS": "99",
            "SPARK_MAX_QUERY_COST": "500",
            "SPARK_RATE_LIMIT_CAPACITY": "600",
            "SPARK_RATE_LIMIT_REFILL": "60",
            "SPARK_RATE_LIMIT_MAX_CLIENTS": "10",
            "SPARK_MAX_STRING_LENGTH": "50",
            "SPARK_MAX_BODY_BYTES": "1000",
            "SPARK_LOGIN_MAX_FAILURES": "3",
            "SPARK_LOGIN_FAILURE_WINDOW": "60",
        }
    )
    assert (
        settings.limits_enabled,
        settings.max_query_depth,
        settings.max_aliases,
        settings.max_tokens,
        settings.max_query_cost,
        settings.rate_limit_capacity,
        settings.rate_limit_refill_per_second,
        settings.rate_limit_max_clients,
        settings.max_string_length,
        settings.max_body_bytes,
        settings.login_max_failures,
        settings.login_failure_window_seconds,
    ) == (False, 7, 3, 99, 500, 600, 60, 10, 50, 1000, 3, 60)
