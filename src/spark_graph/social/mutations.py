from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Annotated, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession

from spark_graph.auth.models import User as UserRow
from spark_graph.auth.types import User
from spark_graph.context import Info
from spark_graph.db import transaction
from spark_graph.errors import UserError, run_mutation
from spark_graph.ids import decode_id, global_id
from spark_graph.permissions import IsAuthenticated
from spark_graph.social import polls, posting, service
from spark_graph.social.models import Post as PostRow
from spark_graph.social.types import Comment, Poll, Post


def _viewer(info: Info) -> UserRow:
    viewer = info.context.viewer
    assert viewer is not None and viewer.id is not None, "IsAuthenticated guards this field"
    return viewer


@strawberry.input(description="The topics a member is interested in.")
class ChooseInterestsInput:
    topic_ids: list[strawberry.ID] = strawberry.field(
        description="At least five distinct Topic IDs; they replace the current interests."
    )


@strawberry.type(description="The result of chooseInterests.")
class ChooseInterestsPayload:
    user: User | None = strawberry.field(default=None, description="The viewer, updated.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="The member to follow or unfollow.")
class FollowInput:
    user_id: strawberry.ID = strawberry.field(description="A User ID.")


@strawberry.type(description="The result of follow and unfollow.")
class FollowPayload:
    user: User | None = strawberry.field(
        default=None, description="The member followed or unfollowed, with fresh counts."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="A product dot on a post's photo.")
class ProductTagInput:
    product_id: strawberry.ID = strawberry.field(description="A Product ID.")
    x: float = strawberry.field(description="Horizontal position, 0 (left) to 1 (right).")
    y: float = strawberry.field(description="Vertical position, 0 (top) to 1 (bottom).")


@strawberry.input(description="A poll to attach to a new post.")
class PollInput:
    options: list[str] = strawberry.field(description="2 to 6 distinct, non-empty answers.")
    closes_at: datetime | None = strawberry.field(
        default=None, description="When voting ends (future, at most 30 days ahead)."
    )
    duration_hours: int | None = strawberry.field(
        default=None,
        description="Or: hours until voting ends (1 to 720). Default: open for 7 days.",
    )


@strawberry.input(description="A new post. Hashtags in the body (#kitchen) route it to topics.")
class CreatePostInput:
    body: str = strawberry.field(description="1 to 2000 characters.")
    media_urls: list[str] = strawberry.field(
        default_factory=list,
        description="Up to 10 photo URLs (http or https); `?w=800&h=600` gives their size.",
    )
    product_tags: list[ProductTagInput] = strawberry.field(
        default_factory=list, description="Up to 20 products tagged on the photos."
    )
    poll: PollInput | None = strawberry.field(default=None, description="An optional poll.")


@strawberry.type(description="The result of createPost.")
class CreatePostPayload:
    post: Post | None = strawberry.field(default=None, description="The new post.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="The post to delete.")
class DeletePostInput:
    post_id: strawberry.ID = strawberry.field(description="A Post ID of the viewer's.")


@strawberry.type(description="The result of deletePost.")
class DeletePostPayload:
    deleted_post_id: strawberry.ID | None = strawberry.field(
        default=None, description="The ID of the post now gone; drop it from caches."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="The post to smile at or stop smiling at.")
class SmileInput:
    post_id: strawberry.ID = strawberry.field(description="A Post ID.")


@strawberry.type(description="The result of smile and unsmile.")
class SmilePayload:
    post: Post | None = strawberry.field(default=None, description="The post, with fresh counts.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="A comment on a post.")
class AddCommentInput:
    post_id: strawberry.ID = strawberry.field(description="A Post ID.")
    body: str = strawberry.field(description="1 to 1000 characters.")


@strawberry.type(description="The result of addComment.")
class AddCommentPayload:
    comment: Comment | None = strawberry.field(default=None, description="The new comment.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="A vote in a poll.")
class VoteInput:
    option_id: strawberry.ID = strawberry.field(
        description="A PollOption ID; voting again in the same poll moves the vote."
    )
    reason: str | None = strawberry.field(
        default=None, description="Why (Prime members only), at most 500 characters."
    )


@strawberry.type(description="The result of vote.")
class VotePayload:
    poll: Poll | None = strawberry.field(default=None, description="The poll, with fresh counts.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


FollowChange = Callable[[AsyncSession, int, int], Awaitable[UserRow]]
SmileChange = Callable[[AsyncSession, UserRow, int], Awaitable[PostRow]]


async def _change_follow(info: Info, input: FollowInput, change: FollowChange) -> FollowPayload:
    """follow and unfollow: the same input, transaction and payload around the service."""
    viewer = _viewer(info)

    async def action() -> dict[str, Any]:
        followee_id = decode_id(input.user_id, "User", field="userId")
        async with transaction(info.context.sessions) as session:
            assert viewer.id is not None
            row = await change(session, viewer.id, followee_id)
        return {"user": User.from_row(row)}

    return await run_mutation(FollowPayload, action)


async def _change_smile(info: Info, input: SmileInput, change: SmileChange) -> SmilePayload:
    """smile and unsmile: the same input, transaction and payload around the service."""
    viewer = _viewer(info)

    async def action() -> dict[str, Any]:
        post_id = decode_id(input.post_id, "Post", field="postId")
        async with transaction(info.context.sessions) as session:
            row = await change(session, viewer, post_id)
        return {"post": Post.from_row(row)}

    return await run_mutation(SmilePayload, action)


def _post_draft(input: CreatePostInput) -> posting.PostDraft:
    tags = [
        posting.ProductTagDraft(
            product_id=decode_id(tag.product_id, "Product", field=f"productTags[{i}].productId"),
            x=tag.x,
            y=tag.y,
        )
        for i, tag in enumerate(input.product_tags)
    ]
    poll = (
        posting.PollDraft(
            options=list(input.poll.options),
            closes_at=input.poll.closes_at,
            duration_hours=input.poll.duration_hours,
        )
        if input.poll is not None
        else None
    )
    return posting.PostDraft(
        body=input.body, media_urls=list(input.media_urls), product_tags=tags, poll=poll
    )


@strawberry.type
class SocialMutation:
    @strawberry.mutation(
        description="Replace the viewer's interests (at least five topics).",
        permission_classes=[IsAuthenticated],
    )
    async def choose_interests(
        self,
        info: Info,
        input: Annotated[
            ChooseInterestsInput,
            strawberry.argument(description="The topics to keep as interests."),
        ],
    ) -> ChooseInterestsPayload:
        viewer = _viewer(info)

        async def action() -> dict[str, Any]:
            topic_ids = [
                decode_id(topic_id, "Topic", field=f"topicIds[{i}]")
                for i, topic_id in enumerate(input.topic_ids)
            ]
            async with transaction(info.context.sessions) as session:
                assert viewer.id is not None
                await service.choose_interests(
                    session=session,
                    user_id=viewer.id,
                    topic_ids=topic_ids,
                    now=info.context.clock.now(),
                )
            return {"user": User.from_row(viewer)}

        return await run_mutation(ChooseInterestsPayload, action)

    @strawberry.mutation(
        description="Follow a member. Idempotent.", permission_classes=[IsAuthenticated]
    )
    async def follow(
        self,
        info: Info,
        input: Annotated[FollowInput, strawberry.argument(description="The member.")],
    ) -> FollowPayload:
        now = info.context.clock.now()
        return await _change_follow(
            info,
            input,
            lambda session, me, them: service.follow(
                session=session, follower_id=me, followee_id=them, now=now
            ),
        )

    @strawberry.mutation(
        description="Stop following a member. Idempotent.", permission_classes=[IsAuthenticated]
    )
    async def unfollow(
        self,
        info: Info,
        input: Annotated[FollowInput, strawberry.argument(description="The member.")],
    ) -> FollowPayload:
        return await _change_follow(
            info,
            input,
            lambda session, me, them: service.unfollow(
                session=session, follower_id=me, followee_id=them
            ),
        )

    @strawberry.mutation(
        description="Post (Prime members only).", permission_classes=[IsAuthenticated]
    )
    async def create_post(
        self,
        info: Info,
        input: Annotated[
            CreatePostInput,
            strawberry.argument(description="The post's text, photos, product tags and poll."),
        ],
    ) -> CreatePostPayload:
        viewer = _viewer(info)

        async def action() -> dict[str, Any]:
            draft = _post_draft(input)
            async with transaction(info.context.sessions) as session:
                row = await posting.create_post(
                    session=session, author=viewer, draft=draft, now=info.context.clock.now()
                )
            return {"post": Post.from_row(row)}

        return await run_mutation(CreatePostPayload, action)

    @strawberry.mutation(
        description="Delete one of the viewer's posts with its smiles, comments and poll.",
        permission_classes=[IsAuthenticated],
    )
    async def delete_post(
        self,
        info: Info,
        input: Annotated[DeletePostInput, strawberry.argument(description="The post to delete.")],
    ) -> DeletePostPayload:
        viewer = _viewer(info)

        async def action() -> dict[str, Any]:
            post_id = decode_id(input.post_id, "Post", field="postId")
            async with transaction(info.context.sessions) as session:
                assert viewer.id is not None
                await posting.delete_post(session=session, viewer_id=viewer.id, post_id=post_id)
            return {"deleted_post_id": strawberry.ID(global_id("Post", post_id))}

        return await run_mutation(DeletePostPayload, action)

    @strawberry.mutation(
        description="Smile at a post (Prime members only). Idempotent.",
        permission_classes=[IsAuthenticated],
    )
    async def smile(
        self, info: Info, input: Annotated[SmileInput, strawberry.argument(description="The post.")]
    ) -> SmilePayload:
        now = info.context.clock.now()
        return await _change_smile(
            info,
            input,
            lambda session, viewer, post_id: service.smile(
                session=session, viewer=viewer, post_id=post_id, now=now
            ),
        )

    @strawberry.mutation(
        description="Take back a smile (Prime members only). Idempotent.",
        permission_classes=[IsAuthenticated],
    )
    async def unsmile(
        self, info: Info, input: Annotated[SmileInput, strawberry.argument(description="The post.")]
    ) -> SmilePayload:
        return await _change_smile(
            info,
            input,
            lambda session, viewer, post_id: service.unsmile(
                session=session, viewer=viewer, post_id=post_id
            ),
        )

    @strawberry.mutation(
        description="Comment on a post (Prime members only).",
        permission_classes=[IsAuthenticated],
    )
    async def add_comment(
        self,
        info: Info,
        input: Annotated[
            AddCommentInput, strawberry.argument(description="The post and the comment's text.")
        ],
    ) -> AddCommentPayload:
        viewer = _viewer(info)

        async def action() -> dict[str, Any]:
            post_id = decode_id(input.post_id, "Post", field="postId")
            async with transaction(info.context.sessions) as session:
                row = await service.add_comment(
                    session=session,
                    viewer=viewer,
                    post_id=post_id,
                    body=input.body,
                    now=info.context.clock.now(),
                )
            return {"comment": Comment.from_row(row)}

        return await run_mutation(AddCommentPayload, action)

    @strawberry.mutation(
        description="Vote in a poll (any member; a reason needs Prime). Voting again moves "
        "the vote; closed polls refuse votes.",
        permission_classes=[IsAuthenticated],
    )
    async def vote(
        self,
        info: Info,
        input: Annotated[
            VoteInput,
            strawberry.argument(description="The option voted for, and an optional reason."),
        ],
    ) -> VotePayload:
        viewer = _viewer(info)

        async def action() -> dict[str, Any]:
            option_id = decode_id(input.option_id, "PollOption", field="optionId")
            now = info.context.clock.now()
            async with transaction(info.context.sessions) as session:
                row = await polls.vote(
                    session=session,
                    viewer=viewer,
                    option_id=option_id,
                    reason=input.reason,
                    now=now,
                )
            return {"poll": Poll.from_row(row, now=now)}

        return await run_mutation(VotePayload, action)
