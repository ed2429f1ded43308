from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.relay import PageInfo

from spark_graph.social.types import Post


@strawberry.enum(description="Why a post is in the viewer's feed.")
class FeedReason(Enum):
    FOLLOWING = strawberry.enum_value("FOLLOWING", description="The viewer follows its author.")
    INTEREST = strawberry.enum_value(
        "INTEREST", description="It is in a topic the viewer chose as an interest."
    )
    TRENDING = strawberry.enum_value("TRENDING", description="Many members engage with it.")
    NEW = strawberry.enum_value("NEW", description="It is recent.")


@strawberry.type(description="One post of the feed, with the reason it is there.")
class FeedEdge:
    cursor: str = strawberry.field(description="Pass as `after` to continue after this post.")
    node: Post = strawberry.field(description="The post.")
    reason: FeedReason = strawberry.field(description="Why the post is in the feed.")


@strawberry.type(description="A page of the feed.")
class FeedConnection:
    edges: list[FeedEdge] = strawberry.field(description="The posts of this page, in order.")
    page_info: PageInfo = strawberry.field(description="Where this page stands in the feed.")
