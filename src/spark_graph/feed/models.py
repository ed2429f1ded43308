from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column
from sqlmodel import Field, SQLModel

from spark_graph.db import UTCDateTime


class FeedSnapshot(SQLModel, table=True):
    """One ranking of the feed, frozen at the moment its first page was asked for.

    Later pages read their slice from here, so posts and smiles arriving meanwhile can
    neither repeat nor skip an item: the order is the one the member started scrolling."""

    __tablename__ = "feed_snapshot"

    id: int | None = Field(default=None, primary_key=True)
    viewer_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(sa_type=UTCDateTime, index=True)
    post_ids: list[int] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # One letter per post, its reason: F(ollowing), I(nterest), T(rending), N(ew).
    reasons: str = Field(default="")
