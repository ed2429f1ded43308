from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Self, TypeVar

import strawberry
from strawberry import relay

from spark_graph.auth.types import User
from spark_graph.context import Info
from spark_graph.dataloading import ChildPageLoader, PageKey, SessionLoader
from spark_graph.ids import node_keys
from spark_graph.pagination import (
    After,
    Connection,
    First,
    PageRequest,
    build_connection,
    time_cursor,
    time_keyset,
)
from spark_graph.social.models import Comment as CommentRow
from spark_graph.social.models import Poll as PollRow
from spark_graph.social.models import PollOption as PollOptionRow
from spark_graph.social.models import Post as PostRow
from spark_graph.social.models import ProductTag as ProductTagRow
from spark_graph.social.models import Topic as TopicRow
from spark_graph.social.models import Vote as VoteRow
from spark_graph.social.polls import is_poll_closed, poll_percentages
from spark_graph.storefronts.badges import Badge

if TYPE_CHECKING:
    from spark_graph.catalog.types import Product

NodeT = TypeVar("NodeT")
RowT = TypeVar("RowT")


async def child_page(
    pages: ChildPageLoader,
    rows_by_id: SessionLoader[int, Any],
    *,
    parent_id: int,
    first: int | None,
    after: str | None,
    to_node: Callable[[Any], NodeT],
) -> Connection[NodeT]:
    """One parent's page of children sorted by `(created_at, id)`: the keyset page through
    a batched page loader, the rows through a batched by-ID loader."""
    page = PageRequest.parse(first, after, arity=2)
    entries = await pages.load(PageKey(parent_id, page.limit, time_keyset(page)))
    rows = await rows_by_id.load_many([entry[0] for entry in entries])
    found = [(entry, row) for entry, row in zip(entries, rows, strict=True) if row is not None]
    return build_connection(
        found,
        page,
        to_node=lambda pair: to_node(pair[1]),
        cursor_of=lambda pair: time_cursor(pair[0][1], pair[0][2]),
    )


@strawberry.type(description="A photo of a post.")
class Media:
    url: str = strawberry.field(description="Where the photo is (http or https).")
    width: int | None = strawberry.field(description="Width in pixels, when known.")
    height: int | None = strawberry.field(description="Height in pixels, when known.")


@strawberry.type(name="Topic", description="A subject on the Explore page, fed by hashtags.")
class Topic(relay.Node):
    id: relay.NodeID[int]
    slug: str = strawberry.field(description="The URL name, e.g. `home-decor`.")
    name: str = strawberry.field(description="The name shown to people.")
    description: str = strawberry.field(description="A sentence about the topic.")
    follower_count: int = strawberry.field(description="Members who chose it as an interest.")
    post_count: int = strawberry.field(description="Posts routed into it by their hashtags.")
    row: strawberry.Private[TopicRow]

    @classmethod
    def from_row(cls, row: TopicRow) -> Self:
        assert row.id is not None
        return cls(
            id=row.id,
            slug=row.slug,
            name=row.name,
            description=row.description,
            follower_count=row.follower_count,
            post_count=row.post_count,
            row=row,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.topic_by_id.load_many(node_keys(node_ids))
        return [cls.from_row(row) if row else None for row in rows]

    @strawberry.field(
        description="Hashtags (without '#', lower-case) that route posts here; always "
        "includes the slug without hyphens."
    )
    async def aliases(self, info: Info) -> list[str]:
        assert self.row.id is not None
        aliases: list[str] = await info.context.loaders.aliases_by_topic_id.load(self.row.id)
        return aliases

    @strawberry.field(
        description="Posts whose hashtags route them here, from the last two weeks, ranked "
        "by engagement (smiles, comments, votes) and recency, the same for everyone."
    )
    async def posts(
        self,
        info: Info,
        first: First = None,
        after: After = None,
    ) -> Connection[Post]:
        # The ranking belongs to the feed domain (imported here: it imports these types).
        from spark_graph.feed.queries import ranked_topic_posts

        return await ranked_topic_posts(info, topic_id=self.id, first=first, after=after)


@strawberry.type(name="ProductTag", description="A dot on a post's photo linking to a product.")
class ProductTag:
    x: float = strawberry.field(description="Horizontal position, 0 (left) to 1 (right).")
    y: float = strawberry.field(description="Vertical position, 0 (top) to 1 (bottom).")
    row: strawberry.Private[ProductTagRow]

    @classmethod
    def from_row(cls, row: ProductTagRow) -> Self:
        return cls(x=row.x, y=row.y, row=row)

    @strawberry.field(description="The tagged product.")
    async def product(
        self, info: Info
    ) -> Annotated[Product, strawberry.lazy("spark_graph.catalog.types")] | None:
        from spark_graph.catalog.types import Product

        row = await info.context.loaders.product_by_id.load(self.row.product_id)
        return Product.from_row(row) if row else None


@strawberry.type(name="VoteReason", description="Why a member voted for a poll option.")
class VoteReason:
    reason: str = strawberry.field(description="The member's words.")
    created_at: datetime = strawberry.field(description="When the vote was cast or moved.")
    row: strawberry.Private[VoteRow]

    @classmethod
    def from_row(cls, row: VoteRow) -> Self:
        return cls(reason=row.reason or "", created_at=row.created_at, row=row)

    @strawberry.field(description="The member who voted.")
    async def voter(self, info: Info) -> User:
        row = await info.context.loaders.user_by_id.load(self.row.user_id)
        return User.from_row(row)


@strawberry.type(name="PollOption", description="One answer of a poll.")
class PollOption(relay.Node):
    id: relay.NodeID[int]
    label: str = strawberry.field(description="The answer's text.")
    vote_count: int = strawberry.field(description="Votes for this answer.")
    percentage: float = strawberry.field(
        description="Share of the poll's votes, one decimal; the options of a poll add up "
        "to exactly 100.0 when there are votes, and are all 0 when there are none."
    )
    row: strawberry.Private[PollOptionRow]

    @classmethod
    def from_row(cls, row: PollOptionRow, percentage: float) -> Self:
        assert row.id is not None
        return cls(
            id=row.id,
            label=row.label,
            vote_count=row.vote_count,
            percentage=percentage,
            row=row,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.poll_option_by_id.load_many(node_keys(node_ids))
        siblings = await info.context.loaders.options_by_poll_id.load_many(
            [row.poll_id if row else -1 for row in rows]
        )
        options = [
            {option.row.id: option for option in options_of(cls, group)} for group in siblings
        ]
        return [
            by_id.get(row.id) if row else None for row, by_id in zip(rows, options, strict=True)
        ]

    @strawberry.field(description="Votes for this answer that carry a reason, newest first.")
    async def reasons(
        self,
        info: Info,
        first: First = None,
        after: After = None,
    ) -> Connection[VoteReason]:
        loaders = info.context.loaders
        return await child_page(
            loaders.reason_page_by_option_id,
            loaders.vote_by_id,
            parent_id=self.id,
            first=first,
            after=after,
            to_node=VoteReason.from_row,
        )


OptionT = TypeVar("OptionT", bound=PollOption)


def options_of(cls: type[OptionT], rows: list[PollOptionRow]) -> list[OptionT]:
    """A poll's options with their percentages, which depend on every option."""
    shares = poll_percentages([row.vote_count for row in rows])
    return [cls.from_row(row, share) for row, share in zip(rows, shares, strict=True)]


@strawberry.type(name="Poll", description="A question on a post; members vote for one option.")
class Poll(relay.Node):
    id: relay.NodeID[int]
    total_votes: int = strawberry.field(description="Votes cast, one per member.")
    closes_at: datetime | None = strawberry.field(description="When voting ends.")
    is_closed: bool = strawberry.field(description="True once voting has ended.")
    row: strawberry.Private[PollRow]

    @classmethod
    def from_row(cls, row: PollRow, *, now: datetime) -> Self:
        assert row.id is not None
        return cls(
            id=row.id,
            total_votes=row.total_votes,
            closes_at=row.closes_at,
            is_closed=is_poll_closed(row, now),
            row=row,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.poll_by_id.load_many(node_keys(node_ids))
        now = info.context.clock.now()
        return [cls.from_row(row, now=now) if row else None for row in rows]

    @strawberry.field(description="The answers, in the author's order.")
    async def options(self, info: Info) -> list[PollOption]:
        rows = await info.context.loaders.options_by_poll_id.load(self.id)
        return options_of(PollOption, rows)

    @strawberry.field(description="The option the viewer voted for; null if none or anonymous.")
    async def viewer_vote(self, info: Info) -> PollOption | None:
        option_id = await info.context.loaders.viewer_vote_by_poll_id.load(self.id)
        if option_id is None:
            return None
        options = await self.options(info)
        return next((option for option in options if option.id == option_id), None)


@strawberry.type(name="Comment", description="A member's comment on a post.")
class Comment(relay.Node):
    id: relay.NodeID[int]
    body: str = strawberry.field(description="The comment's text.")
    created_at: datetime = strawberry.field(description="When it was written.")
    row: strawberry.Private[CommentRow]

    @classmethod
    def from_row(cls, row: CommentRow) -> Self:
        assert row.id is not None
        return cls(id=row.id, body=row.body, created_at=row.created_at, row=row)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.comment_by_id.load_many(node_keys(node_ids))
        return [cls.from_row(row) if row else None for row in rows]

    @strawberry.field(description="Who wrote it.")
    async def author(self, info: Info) -> User:
        row = await info.context.loaders.user_by_id.load(self.row.author_id)
        return User.from_row(row)

    @strawberry.field(description="The post it comments on.")
    async def post(self, info: Info) -> Post | None:
        row = await info.context.loaders.post_by_id.load(self.row.post_id)
        return Post.from_row(row) if row else None


@strawberry.type(name="Post", description="A member's post: text, photos, product tags, a poll.")
class Post(relay.Node):
    id: relay.NodeID[int]
    body: str = strawberry.field(description="The text, hashtags included.")
    created_at: datetime = strawberry.field(description="When it was posted.")
    media: list[Media] = strawberry.field(description="Its photos, in order.")
    hashtags: list[str] = strawberry.field(
        description="Hashtags read from the body: lower-case, without '#', each once."
    )
    smile_count: int = strawberry.field(description="How many members smiled at it.")
    comment_count: int = strawberry.field(description="How many comments it has.")
    row: strawberry.Private[PostRow]

    @classmethod
    def from_row(cls, row: PostRow) -> Self:
        assert row.id is not None
        return cls(
            id=row.id,
            body=row.body,
            created_at=row.created_at,
            media=[
                Media(url=m["url"], width=m.get("width"), height=m.get("height")) for m in row.media
            ],
            hashtags=list(row.hashtags),
            smile_count=row.smile_count,
            comment_count=row.comment_count,
            row=row,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: list[str], required: bool = False
    ) -> list[Self | None]:
        rows = await info.context.loaders.post_by_id.load_many(node_keys(node_ids))
        return [cls.from_row(row) if row else None for row in rows]

    @strawberry.field(description="Who posted it.")
    async def author(self, info: Info) -> User:
        row = await info.context.loaders.user_by_id.load(self.row.author_id)
        return User.from_row(row)

    @strawberry.field(description="The topics its hashtags routed it into, by name.")
    async def topics(self, info: Info) -> list[Topic]:
        rows = await info.context.loaders.topics_by_post_id.load(self.id)
        return [Topic.from_row(row) for row in rows]

    @strawberry.field(description="The author's program badges.")
    async def badges(self, info: Info) -> list[Badge]:
        badges: list[Badge] = await info.context.loaders.badges_by_user_id.load(self.row.author_id)
        return badges

    @strawberry.field(description="Whether the viewer smiled at it; false when anonymous.")
    async def viewer_has_smiled(self, info: Info) -> bool:
        smiled: bool = await info.context.loaders.viewer_has_smiled.load(self.id)
        return smiled

    @strawberry.field(description="Products tagged on its photos.")
    async def product_tags(self, info: Info) -> list[ProductTag]:
        rows = await info.context.loaders.product_tags_by_post_id.load(self.id)
        return [ProductTag.from_row(row) for row in rows]

    @strawberry.field(description="Its poll, if it has one.")
    async def poll(self, info: Info) -> Poll | None:
        row = await info.context.loaders.poll_by_post_id.load(self.id)
        return Poll.from_row(row, now=info.context.clock.now()) if row else None

    @strawberry.field(description="Its comments, oldest first.")
    async def comments(
        self,
        info: Info,
        first: First = None,
        after: After = None,
    ) -> Connection[Comment]:
        loaders = info.context.loaders
        return await child_page(
            loaders.comment_page_by_post_id,
            loaders.comment_by_id,
            parent_id=self.id,
            first=first,
            after=after,
            to_node=Comment.from_row,
        )
