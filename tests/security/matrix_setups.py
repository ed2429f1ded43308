"""How each authorization-matrix row prepares its variables: the objects it acts on belong
to the OWNER caller, and the OTHER_OWNER owns one of the same kind."""

from __future__ import annotations

from typing import Any

from spark_graph.db import transaction
from spark_graph.ids import global_id
from spark_graph.social import service as social_service
from tests.catalog.factories import make_product
from tests.catalog.operations import CREATE_IDEA_LIST, SAVE_TO_IDEA_LIST
from tests.security.callers import Caller, World
from tests.social.helpers import create_poll, create_post

Variables = dict[str, Any]


async def new_post(world: World, caller: Caller) -> Variables:
    return {"input": {"body": "Hello #kitchen"}}


async def owners_post(world: World, caller: Caller) -> Variables:
    owner, other = await world.owner, await world.other_owner
    await create_post(world.gql, other.token, body="the other owner's post")
    post = await create_post(world.gql, owner.token, body="the owner's post")
    return {"input": {"postId": post["id"]}}


async def comment_on_owners_post(world: World, caller: Caller) -> Variables:
    variables = await owners_post(world, caller)
    variables["input"]["body"] = "Nice one"
    return variables


async def option_of_owners_poll(world: World, caller: Caller) -> Variables:
    poll = await create_poll(world.gql, (await world.owner).token, "A", "B")
    return {"input": {"optionId": poll["options"][0]["id"]}}


async def the_owner(world: World, caller: Caller) -> Variables:
    return {"input": {"userId": global_id("User", (await world.owner).id)}}


async def five_topics(world: World, caller: Caller) -> Variables:
    ids = []
    async with transaction(world.sessions) as session:
        for slug in ("kitchen", "garden", "books", "travel", "music"):
            topic = await social_service.create_topic(
                session=session, now=world.clock.now(), slug=slug, name=slug.title(), aliases=[]
            )
            assert topic.id is not None
            ids.append(global_id("Topic", topic.id))
    return {"input": {"topicIds": ids}}


async def new_idea_list(world: World, caller: Caller) -> Variables:
    return {"input": {"title": "Kitchen ideas", "isPublic": True}}


async def _public_list(world: World, token: str) -> str:
    created = await world.gql.data(
        CREATE_IDEA_LIST, {"input": {"title": "Picks", "isPublic": True}}, token=token
    )
    list_id: str = created["createIdeaList"]["ideaList"]["id"]
    return list_id


async def owners_idea_list(world: World, caller: Caller) -> Variables:
    await _public_list(world, (await world.other_owner).token)
    return {"input": {"ideaListId": await _public_list(world, (await world.owner).token)}}


async def renaming_owners_idea_list(world: World, caller: Caller) -> Variables:
    variables = await owners_idea_list(world, caller)
    variables["input"]["title"] = "Renamed"
    return variables


async def product_for_owners_idea_list(world: World, caller: Caller) -> Variables:
    variables = await owners_idea_list(world, caller)
    variables["input"]["productId"] = await make_product(world.sessions, world.clock)
    return variables


async def product_in_owners_idea_list(world: World, caller: Caller) -> Variables:
    variables = await product_for_owners_idea_list(world, caller)
    await world.gql.data(SAVE_TO_IDEA_LIST, variables, token=(await world.owner).token)
    return variables
