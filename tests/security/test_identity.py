"""Tokens can be revoked, failed log-ins for one handle are slowed down, and passwords
never appear in responses or logs."""

from __future__ import annotations

import logging
from datetime import timedelta

VIEWER_QUERY = "query { viewer { id } }"
LOG_OUT_MUTATION = "mutation { logOut { revoked errors { code } } }"
LOG_IN_MUTATION = """
mutation LogIn($input: LogInInput!) {
  logIn(input: $input) { token user { handle } errors { field message code } }
}
"""
SIGN_UP_MUTATION = """
mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { token user { handle } errors { field code } }
}
"""
PASSWORD = "correct-horse-battery"


def log_in(handle, password):
    return {"input": {"handle": handle, "password": password}}


async def test_log_out_revokes_only_the_token_sent(gql, make_member):
    # given: one member, two sessions
    member = await make_member(handle="ada")
    second = (await gql.data(LOG_IN_MUTATION, log_in("ada", PASSWORD)))["logIn"]["token"]
    # when
    result = (await gql.data(LOG_OUT_MUTATION, token=member.token))["logOut"]
    # then
    assert result == {"revoked": True, "errors": []}
    assert (await gql.data(VIEWER_QUERY, token=member.token))["viewer"] is None
    assert (await gql.data(VIEWER_QUERY, token=second))["viewer"] is not None


async def test_a_revoked_token_cannot_log_out_again(gql, make_member):
    member = await make_member()
    await gql.data(LOG_OUT_MUTATION, token=member.token)
    again = await gql.execute(LOG_OUT_MUTATION, token=member.token, expect_errors=True)
    assert again["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_log_out_needs_a_member_token(gql):
    anonymous = await gql.execute(LOG_OUT_MUTATION, expect_errors=True)
    api_key = await gql.execute(LOG_OUT_MUTATION, token="brand-secret", expect_errors=True)
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert api_key["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_failed_log_ins_lock_the_handle_for_the_window(gql, make_member, clock):
    # given: five failures within fifteen minutes
    await make_member(handle="grace")
    for _ in range(5):
        failed = (await gql.data(LOG_IN_MUTATION, log_in("grace", "wrong-password")))["logIn"]
        assert failed["errors"][0]["code"] == "INVALID_CREDENTIALS"
        clock.advance(timedelta(minutes=1))
    # when: even the right password is refused
    locked = (await gql.data(LOG_IN_MUTATION, log_in("GRACE", PASSWORD)))["logIn"]
    # then
    assert locked["token"] is None
    assert locked["errors"][0]["code"] == "RATE_LIMITED"
    assert locked["errors"][0]["field"] == "handle"
    assert "try again in 600 seconds" in locked["errors"][0]["message"]
    # and once the first failure is fifteen minutes old, the handle may try again
    clock.advance(timedelta(minutes=10))
    unlocked = (await gql.data(LOG_IN_MUTATION, log_in("grace", PASSWORD)))["logIn"]
    assert unlocked["token"] is not None


async def test_success_clears_failures_and_other_handles_are_unaffected(gql, make_member):
    await make_member(handle="linus")
    await make_member(handle="alan")
    for _ in range(4):
        await gql.data(LOG_IN_MUTATION, log_in("linus", "wrong-password"))
    await gql.data(LOG_IN_MUTATION, log_in("linus", PASSWORD))
    for _ in range(4):
        await gql.data(LOG_IN_MUTATION, log_in("linus", "wrong-password"))
    still_open = (await gql.data(LOG_IN_MUTATION, log_in("linus", PASSWORD)))["logIn"]
    for _ in range(5):
        await gql.data(LOG_IN_MUTATION, log_in("nobody", "wrong-password"))
    other = (await gql.data(LOG_IN_MUTATION, log_in("alan", PASSWORD)))["logIn"]
    unknown = (await gql.data(LOG_IN_MUTATION, log_in("nobody", "wrong-password")))["logIn"]
    assert still_open["token"] is not None
    assert other["token"] is not None
    assert unknown["errors"][0]["code"] == "RATE_LIMITED"


async def test_the_throttle_follows_the_settings(gql_with, make_member):
    await make_member(handle="ken")
    async with gql_with(login_max_failures=2) as gql:
        for _ in range(2):
            await gql.data(LOG_IN_MUTATION, log_in("ken", "wrong-password"))
        locked = (await gql.data(LOG_IN_MUTATION, log_in("ken", PASSWORD)))["logIn"]
    assert locked["errors"][0]["code"] == "RATE_LIMITED"


async def test_passwords_are_never_returned_or_logged(http, caplog):
    secret = "pw-never-shown-1234"
    with caplog.at_level(logging.DEBUG):
        signed_up = await http.post(
            "/graphql",
            json={
                "query": SIGN_UP_MUTATION,
                "variables": {"input": {"handle": "pat", "displayName": "Pat", "password": secret}},
            },
        )
        wrong = await http.post(
            "/graphql", json={"query": LOG_IN_MUTATION, "variables": log_in("pat", secret + "x")}
        )
        short = await http.post(
            "/graphql",
            json={
                "query": SIGN_UP_MUTATION,
                "variables": {"input": {"handle": "sam", "displayName": "S", "password": "pw-1"}},
            },
        )
    assert signed_up.json()["data"]["signUp"]["token"]
    for response in (signed_up, wrong, short):
        assert secret not in response.text
        assert "pw-1" not in response.text
    assert secret not in caplog.text
    assert "pw-1" not in caplog.text
