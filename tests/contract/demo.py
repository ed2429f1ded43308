"""What a contract scenario works with: the seeded demo world behind the HTTP app."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from spark_graph.auth.models import User
from spark_graph.auth.tokens import issue_token
from spark_graph.clock import FrozenClock
from spark_graph.db import SessionFactory
from spark_graph.settings import Settings
from tests.conftest import GraphQLClient


@dataclass
class Demo:
    gql: GraphQLClient
    sessions: SessionFactory
    settings: Settings
    clock: FrozenClock
    # Answers of earlier operations, for later ones ("IDs come from earlier answers").
    state: dict[str, Any] = field(default_factory=dict)

    async def token_for(self, handle: str) -> str:
        async with self.sessions() as session:
            user = (await session.execute(select(User).where(User.handle == handle))).scalar_one()
        assert user.id is not None
        return issue_token(
            user_id=user.id,
            secret_key=self.settings.secret_key,
            now=self.clock.now(),
            ttl_seconds=self.settings.token_ttl_seconds,
        )


@dataclass(frozen=True)
class Step:
    """How to run one contract operation: its variables and bearer credential, and what to
    remember of its answer."""

    prepare: Callable[[Demo], Awaitable[tuple[dict[str, Any], str | None]]]
    remember: Callable[[Demo, dict[str, Any]], None] | None = None
