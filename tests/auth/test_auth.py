from __future__ import annotations

from datetime import timedelta

SIGN_UP_MUTATION = """
mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) {
    token
    user { id handle displayName isPrime }
    errors { field message code }
  }
}
"""

LOG_IN_MUTATION = """
mutation LogIn($input: LogInInput!) {
  logIn(input: $input) {
    token
    user { id handle }
    errors { field message code }
  }
}
"""

VIEWER_QUERY = "query { viewer { id handle isPrime } }"
JOIN_PRIME_MUTATION = "mutation { joinPrime { user { id isPrime } errors { code } } }"
NODE_QUERY = "query Node($id: ID!) { node(id: $id) { id ... on User { handle } } }"


def sign_up_input(**overrides):
    values = {"handle": "ada", "displayName": "Ada", "password": "s3cret-pass", "country": "US"}
    values.update(overrides)
    return {"input": values}


async def test_sign_up_then_log_in_then_viewer(gql):
    # given
    signed_up = (await gql.data(SIGN_UP_MUTATION, sign_up_input()))["signUp"]
    # when
    logged_in = (
        await gql.data(LOG_IN_MUTATION, {"input": {"handle": "ADA", "password": "s3cret-pass"}})
    )["logIn"]
    viewer = (await gql.data(VIEWER_QUERY, token=logged_in["token"]))["viewer"]
    # then
    assert signed_up["errors"] == []
    assert signed_up["user"]["handle"] == "ada"
    assert signed_up["user"]["isPrime"] is False
    assert viewer == {"id": signed_up["user"]["id"], "handle": "ada", "isPrime": False}


async def test_sign_up_rejects_taken_handle_case_insensitively(gql):
    await gql.data(SIGN_UP_MUTATION, sign_up_input())
    again = (await gql.data(SIGN_UP_MUTATION, sign_up_input(handle="Ada")))["signUp"]
    assert again["token"] is None
    assert again["errors"] == [
        {"field": "handle", "message": "That handle is taken.", "code": "TAKEN"}
    ]


async def test_sign_up_validates_each_field(gql):
    cases = {
        "handle": {"handle": "a!"},
        "displayName": {"displayName": " "},
        "password": {"password": "short"},
        "country": {"country": "USA"},
    }
    for field, overrides in cases.items():
        result = (await gql.data(SIGN_UP_MUTATION, sign_up_input(**overrides)))["signUp"]
        assert result["user"] is None
        assert [(e["field"], e["code"]) for e in result["errors"]] == [(field, "INVALID")]


async def test_wrong_password_is_refused(gql):
    await gql.data(SIGN_UP_MUTATION, sign_up_input())
    result = (
        await gql.data(LOG_IN_MUTATION, {"input": {"handle": "ada", "password": "nope-nope"}})
    )["logIn"]
    assert result["token"] is None
    assert result["errors"][0]["code"] == "INVALID_CREDENTIALS"


async def test_viewer_is_null_when_anonymous_or_token_is_bad(gql):
    assert (await gql.data(VIEWER_QUERY))["viewer"] is None
    assert (await gql.data(VIEWER_QUERY, token="not.a.token"))["viewer"] is None


async def test_expired_token_is_anonymous(gql, make_member, clock, settings):
    member = await make_member()
    clock.advance(timedelta(seconds=settings.token_ttl_seconds + 1))
    assert (await gql.data(VIEWER_QUERY, token=member.token))["viewer"] is None


async def test_join_prime_is_idempotent(gql, make_member):
    member = await make_member()
    first = (await gql.data(JOIN_PRIME_MUTATION, token=member.token))["joinPrime"]
    second = (await gql.data(JOIN_PRIME_MUTATION, token=member.token))["joinPrime"]
    assert first["user"]["isPrime"] is True
    assert second == first


async def test_join_prime_needs_a_viewer(gql):
    body = await gql.execute(JOIN_PRIME_MUTATION, expect_errors=True)
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_user_round_trips_through_node(gql, make_member):
    member = await make_member(handle="grace")
    viewer = (await gql.data(VIEWER_QUERY, token=member.token))["viewer"]
    node = (await gql.data(NODE_QUERY, {"id": viewer["id"]}))["node"]
    assert node == {"id": viewer["id"], "handle": "grace"}
