"""Moments reads: a member's rewards (the `User.rewards` field of auth's User type)."""

from __future__ import annotations

from sqlalchemy import select
from sqlmodel import col

from spark_graph.context import Info
from spark_graph.moments.models import RewardGrant as RewardGrantRow
from spark_graph.moments.types import RewardGrant, RewardGrantConnection
from spark_graph.pagination import (
    InvalidArgumentError,
    PageRequest,
    build_connection,
    encode_cursor,
)


async def member_rewards(
    info: Info, *, user_id: int, first: int | None, after: str | None
) -> RewardGrantConnection:
    """The member's grants, newest first. Only the member sees them: for anyone else the
    list is empty (rewards are as private as an order history)."""
    page = PageRequest.parse(first, after, arity=1)
    rows: list[RewardGrantRow] = []
    if info.context.viewer_id == user_id:
        statement = (
            select(RewardGrantRow)
            .where(col(RewardGrantRow.user_id) == user_id)
            .order_by(col(RewardGrantRow.id).desc())
            .limit(page.limit)
        )
        if page.after is not None:
            if not isinstance(page.after[0], int):
                raise InvalidArgumentError("The cursor is not one this API gave out.", "after")
            statement = statement.where(col(RewardGrantRow.id) < page.after[0])
        async with info.context.sessions() as session:
            rows = list((await session.execute(statement)).scalars())
    now = info.context.clock.now()
    connection = build_connection(
        rows,
        page,
        to_node=lambda row: RewardGrant.from_row(row, now=now, show_claim_code=True),
        cursor_of=lambda row: encode_cursor(row.id),
    )
    return RewardGrantConnection(edges=connection.edges, page_info=connection.page_info)
