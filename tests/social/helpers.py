"""Small steps the social tests share: making posts through the API."""

from __future__ import annotations

from typing import Any

from tests.social.operations import CREATE_POST_MUTATION


async def create_post(gql: Any, token: str, **fields: Any) -> dict[str, Any]:
    """Create a post through the API and return it (asserting there were no user errors)."""
    values: dict[str, Any] = {"body": "A new post"}
    values.update(fields)
    result = (await gql.data(CREATE_POST_MUTATION, {"input": values}, token=token))["createPost"]
    assert result["errors"] == [], result["errors"]
    post: dict[str, Any] = result["post"]
    return post


async def create_poll(gql: Any, token: str, *options: str, **poll: Any) -> dict[str, Any]:
    """Create a post with a poll; returns the post's `poll` answer."""
    post = await create_post(
        gql, token, body="Which one?", poll={"options": list(options or ("A", "B")), **poll}
    )
    assert post["poll"] is not None
    result: dict[str, Any] = post["poll"]
    return result
