"""Factories that make rows through the services, so tests start from valid states."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from spark_graph.auth import service as auth_service
from spark_graph.auth.models import Role, User
from spark_graph.auth.tokens import issue_token
from spark_graph.clock import Clock
from spark_graph.db import SessionFactory, transaction
from spark_graph.settings import Settings

_handles = itertools.count(1)


@dataclass
class Member:
    row: User
    token: str

    @property
    def id(self) -> int:
        assert self.row.id is not None
        return self.row.id


async def make_user(
    sessions: SessionFactory,
    settings: Settings,
    clock: Clock,
    *,
    handle: str | None = None,
    prime: bool = False,
    admin: bool = False,
    country: str = "US",
    password: str = "correct-horse-battery",
) -> Member:
    handle = handle or f"member_{next(_handles)}"
    async with transaction(sessions) as session:
        row = await auth_service.sign_up(
            session=session,
            settings=settings,
            now=clock.now(),
            handle=handle,
            display_name=handle.replace("_", " ").title(),
            password=password,
            country=country,
            is_prime=prime,
        )
        if admin:
            row.role = Role.ADMIN.value
    assert row.id is not None
    token = issue_token(
        user_id=row.id,
        secret_key=settings.secret_key,
        now=clock.now(),
        ttl_seconds=settings.token_ttl_seconds,
    )
    return Member(row=row, token=token)
