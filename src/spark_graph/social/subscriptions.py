"""Live updates of a poll's results and a post's counts, over WebSocket
(graphql-transport-ws). Each stream sends the current state at once, then again after
every change; votes, smiles and comments publish the events after their commit (see
spark_graph/events.py), and the state is re-read at each one, so that every server process
shows the same numbers."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Awaitable, Callable
from typing import Annotated, Any, TypeVar

import strawberry

from spark_graph.context import Info
from spark_graph.errors import DomainError, ErrorCode
from spark_graph.events import poll_channel, post_channel
from spark_graph.ids import decode_id
from spark_graph.social.types import Poll, Post

NodeT = TypeVar("NodeT")


async def live(
    info: Info,
    channel: str,
    load: Callable[[], Awaitable[Any]],
    to_node: Callable[[Any], NodeT],
    missing: DomainError,
) -> AsyncGenerator[NodeT, None]:
    """The object now, then again after each event on `channel`; ends when it is gone.
    Listening starts before the first read, so no change falls between the two."""
    async with info.context.events.subscribe(channel) as changes:
        sent = False
        while True:
            info.context.fresh_loaders()
            row = await load()
            if row is None:
                if not sent:
                    raise missing
                return
            yield to_node(row)
            sent = True
            await changes.next()


@strawberry.type
class SocialSubscription:
    @strawberry.subscription(
        description="A poll's results, live: the poll now, then again each time a vote "
        "changes its counts or percentages. Open to anonymous connections."
    )
    async def poll_updated(
        self,
        info: Info,
        poll_id: Annotated[strawberry.ID, strawberry.argument(description="The poll to watch.")],
    ) -> AsyncGenerator[Poll, None]:
        pk = decode_id(poll_id, "Poll", field="pollId")
        missing = DomainError(ErrorCode.NOT_FOUND, f"No Poll has the ID {poll_id}.", "pollId")
        async for poll in live(
            info,
            poll_channel(pk),
            lambda: info.context.loaders.poll_by_id.load(pk),
            lambda row: Poll.from_row(row, now=info.context.clock.now()),
            missing,
        ):
            yield poll

    @strawberry.subscription(
        description="A post's counts, live: the post now, then again each time someone "
        "smiles, takes a smile back or comments. Ends when the post is deleted. Open to "
        "anonymous connections."
    )
    async def post_updated(
        self,
        info: Info,
        post_id: Annotated[strawberry.ID, strawberry.argument(description="The post to watch.")],
    ) -> AsyncGenerator[Post, None]:
        pk = decode_id(post_id, "Post", field="postId")
        missing = DomainError(ErrorCode.NOT_FOUND, f"No Post has the ID {post_id}.", "postId")
        async for post in live(
            info,
            post_channel(pk),
            lambda: info.context.loaders.post_by_id.load(pk),
            Post.from_row,
            missing,
        ):
            yield post
