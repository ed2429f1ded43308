"""The per-request context every resolver receives as `info.context`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import strawberry
from starlette.requests import HTTPConnection

from spark_graph.auth.models import User
from spark_graph.auth.service import find_member_for_token
from spark_graph.auth.tokens import looks_like_token, read_token
from spark_graph.clock import Clock
from spark_graph.db import SessionFactory
from spark_graph.loaders import Loaders, build_loaders
from spark_graph.settings import Settings


@dataclass
class Context:
    sessions: SessionFactory
    settings: Settings
    clock: Clock
    viewer: User | None
    loaders: Loaders
    # The raw bearer credential when it is not a member token: an API key's secret,
    # checked by the domain that owns that kind of key.
    api_key: str | None = None
    request: HTTPConnection | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def viewer_id(self) -> int | None:
        return self.viewer.id if self.viewer else None


Info = strawberry.Info[Context, None]


def bearer_credential(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, credential = authorization.partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        return None
    return credential.strip()


async def viewer_from_token(
    token: str, *, sessions: SessionFactory, settings: Settings, clock: Clock
) -> User | None:
    claims = read_token(token, secret_key=settings.secret_key, now=clock.now())
    if claims is None:
        return None
    async with sessions() as session:
        return await find_member_for_token(
            session=session, user_id=claims.user_id, token_id=claims.token_id
        )


async def build_context(
    *,
    sessions: SessionFactory,
    settings: Settings,
    clock: Clock,
    authorization: str | None,
    request: HTTPConnection | None = None,
) -> Context:
    credential = bearer_credential(authorization)
    viewer: User | None = None
    api_key: str | None = None
    if credential and looks_like_token(credential):
        viewer = await viewer_from_token(
            credential, sessions=sessions, settings=settings, clock=clock
        )
    elif credential:
        api_key = credential
    return Context(
        sessions=sessions,
        settings=settings,
        clock=clock,
        viewer=viewer,
        loaders=build_loaders(sessions, viewer_id=viewer.id if viewer else None),
        api_key=api_key,
        request=request,
    )
