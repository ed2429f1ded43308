"""How to run each operation of social.graphql against the seeded demo world.

Operations run in the file's order; later ones use IDs remembered from earlier answers.
Demo members used: `maya` (Prime) and `sam` (not Prime), both seeded by seed/; plus a
member this scenario signs up itself (`contract_newbie`), whose password it knows."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from spark_graph.catalog.models import Product
from spark_graph.ids import global_id
from tests.contract.demo import Demo, Step

NEW_HANDLE = "contract_newbie"
NEW_PASSWORD = "contract-pass-2026"

THROWAWAY_POST_MUTATION = """
mutation Throwaway($input: CreatePostInput!) {
  createPost(input: $input) { post { id } errors { code } }
}
"""

Prepared = tuple[dict[str, Any], str | None]


async def sign_up(demo: Demo) -> Prepared:
    values = {
        "handle": NEW_HANDLE,
        "displayName": "Contract Newbie",
        "password": NEW_PASSWORD,
        "country": "US",
    }
    return {"input": values}, None


def remember_sign_up(demo: Demo, data: dict[str, Any]) -> None:
    demo.state["new_token"] = data["signUp"]["token"]


async def log_in(demo: Demo) -> Prepared:
    return {"input": {"handle": NEW_HANDLE, "password": NEW_PASSWORD}}, None


def remember_log_in(demo: Demo, data: dict[str, Any]) -> None:
    demo.state["new_token"] = data["logIn"]["token"]


async def as_new_member(demo: Demo) -> Prepared:
    return {}, demo.state["new_token"]


async def as_maya(demo: Demo) -> Prepared:
    return {}, await demo.token_for("maya")


def remember_viewer(demo: Demo, data: dict[str, Any]) -> None:
    demo.state["maya_id"] = data["viewer"]["id"]


def remember_topics(demo: Demo, data: dict[str, Any]) -> None:
    nodes = [edge["node"] for edge in data["topics"]["edges"]]
    assert len(nodes) >= 5, "the demo world has at least five topics"
    demo.state["topic_ids"] = [node["id"] for node in nodes]
    demo.state["topic_slug"] = next(
        (node["slug"] for node in nodes if node["posts"]["edges"]), nodes[0]["slug"]
    )


async def choose_interests(demo: Demo) -> Prepared:
    return {"input": {"topicIds": demo.state["topic_ids"][:5]}}, demo.state["new_token"]


async def feed(demo: Demo) -> Prepared:
    return {"first": 10}, await demo.token_for("maya")


def remember_feed(demo: Demo, data: dict[str, Any]) -> None:
    edges = data["feed"]["edges"]
    assert edges, "the demo feed has posts"
    with_poll = [edge["node"]["id"] for edge in edges if edge["node"]["poll"]]
    demo.state["feed_post_id"] = (with_poll or [edges[0]["node"]["id"]])[0]


async def topic_feed(demo: Demo) -> Prepared:
    return {"slug": demo.state["topic_slug"], "first": 5}, await demo.token_for("sam")


async def post_detail(demo: Demo) -> Prepared:
    return {"id": demo.state["feed_post_id"]}, await demo.token_for("maya")


async def create_post(demo: Demo) -> Prepared:
    async with demo.sessions() as session:
        product_id = (await session.execute(select(Product.id).limit(1))).scalar_one()
    values = {
        "body": "Contract run: testing the new skillet #kitchen #cooking",
        "mediaUrls": ["https://picsum.photos/seed/contract/1080/1350?w=1080&h=1350"],
        "productTags": [{"productId": global_id("Product", product_id), "x": 0.4, "y": 0.6}],
        "poll": {"options": ["Cast iron", "Non-stick", "Steel"]},
    }
    return {"input": values}, await demo.token_for("maya")


def remember_created_post(demo: Demo, data: dict[str, Any]) -> None:
    post = data["createPost"]["post"]
    assert post["hashtags"] == ["kitchen", "cooking"]
    demo.state["post_id"] = post["id"]
    demo.state["option_ids"] = [option["id"] for option in post["poll"]["options"]]


async def delete_post(demo: Demo) -> Prepared:
    # A post made for the purpose, so that the later steps keep theirs.
    token = await demo.token_for("maya")
    created = await demo.gql.data(
        THROWAWAY_POST_MUTATION, {"input": {"body": "Deleting this one #kitchen"}}, token=token
    )
    return {"input": {"postId": created["createPost"]["post"]["id"]}}, token


async def smile(demo: Demo) -> Prepared:
    return {"input": {"postId": demo.state["post_id"]}}, demo.state["new_token"]


async def add_comment(demo: Demo) -> Prepared:
    values = {"postId": demo.state["post_id"], "body": "Cast iron forever."}
    return {"input": values}, demo.state["new_token"]


async def vote(demo: Demo) -> Prepared:
    # sam is not Prime: anyone may vote, without a reason.
    return {"input": {"optionId": demo.state["option_ids"][0]}}, await demo.token_for("sam")


async def follow(demo: Demo) -> Prepared:
    return {"input": {"userId": demo.state["maya_id"]}}, demo.state["new_token"]


SOCIAL_STEPS: dict[str, Step] = {
    "SignUp": Step(prepare=sign_up, remember=remember_sign_up),
    "LogIn": Step(prepare=log_in, remember=remember_log_in),
    "JoinPrime": Step(prepare=as_new_member),
    "Viewer": Step(prepare=as_maya, remember=remember_viewer),
    "Explore": Step(prepare=as_maya, remember=remember_topics),
    "ChooseInterests": Step(prepare=choose_interests),
    "Feed": Step(prepare=feed, remember=remember_feed),
    "TopicFeed": Step(prepare=topic_feed),
    "PostDetail": Step(prepare=post_detail),
    "CreatePost": Step(prepare=create_post, remember=remember_created_post),
    "DeletePost": Step(prepare=delete_post),
    "Smile": Step(prepare=smile),
    "Unsmile": Step(prepare=smile),
    "AddComment": Step(prepare=add_comment),
    "Vote": Step(prepare=vote),
    "Follow": Step(prepare=follow),
    "Unfollow": Step(prepare=follow),
}

try:
    from tests.contract.scenarios.social_catalog import CATALOG_STEPS
except ImportError:  # the catalog helper's steps (Product, SearchProducts, idea lists)
    CATALOG_STEPS = {}

STEPS: dict[str, Step] = {**SOCIAL_STEPS, **CATALOG_STEPS}
