"""The per-request context every resolver receives as `info.context`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import strawberry
from starlette.requests import HTTPConnection

from spark_graph.auth.models import User
from spark_graph.auth.service import find_member_for_token
from spark_graph.auth.tokens import looks_like_token, read_token
from spark_graph.clock import Clock
from spark_graph.db import SessionFactory
from spark_graph.events import EventBus, InProcessEventBus
from spark_graph.loaders import Loaders, build_loaders
from spark_graph.settings import Settings

if TYPE_CHECKING:
    from spark_graph.limits.rate import CostBuckets


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
    # The member token's id (its `jti`), for logOut to revoke.
    token_id: str | None = None
    # The app's rate-limit buckets (spark_graph.limits); None when limits are off.
    rate_buckets: CostBuckets | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # Where mutations announce changes for subscriptions (one bus per app).
    events: EventBus = field(default_factory=InProcessEventBus)
    # A WebSocket's connection_init payload, set by Strawberry (see app.on_ws_connect).
    connection_params: dict[str, Any] | None = None

    def fresh_loaders(self) -> None:
        """New, empty loaders: a subscription re-reads the state at each event, and a
        WebSocket's context lives as long as the connection."""
        self.loaders = build_loaders(self.sessions, viewer_id=self.viewer_id, clock=self.clock)

    async def authenticate(self, authorization: str | None) -> None:
        """Take the viewer (or API key) from a bearer credential: a WebSocket sends it in
        its connection_init payload rather than in a header."""
        credentials = await credentials_of(
            authorization, sessions=self.sessions, settings=self.settings, clock=self.clock
        )
        self.viewer, self.api_key, self.token_id = (
            credentials.viewer,
            credentials.api_key,
            credentials.token_id,
        )
        self.fresh_loaders()

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


@dataclass(frozen=True)
class Credentials:
    viewer: User | None = None
    api_key: str | None = None
    # The member token's id (`jti`), for logOut to revoke.
    token_id: str | None = None


async def viewer_from_token(
    token: str, *, sessions: SessionFactory, settings: Settings, clock: Clock
) -> Credentials:
    claims = read_token(token, secret_key=settings.secret_key, now=clock.now())
    if claims is None:
        return Credentials()
    async with sessions() as session:
        viewer = await find_member_for_token(
            session=session, user_id=claims.user_id, token_id=claims.token_id
        )
    return Credentials(viewer=viewer, token_id=claims.token_id if viewer else None)


async def credentials_of(
    authorization: str | None, *, sessions: SessionFactory, settings: Settings, clock: Clock
) -> Credentials:
    """Who is calling, from an Authorization value: a member token gives the viewer,
    anything else is an API key's secret for the domain that owns such keys."""
    credential = bearer_credential(authorization)
    if credential and looks_like_token(credential):
        return await viewer_from_token(
            credential, sessions=sessions, settings=settings, clock=clock
        )
    return Credentials(api_key=credential)


async def build_context(
    *,
    sessions: SessionFactory,
    settings: Settings,
    clock: Clock,
    authorization: str | None,
    request: HTTPConnection | None = None,
    rate_buckets: CostBuckets | None = None,
    events: EventBus | None = None,
) -> Context:
    credentials = await credentials_of(
        authorization, sessions=sessions, settings=settings, clock=clock
    )
    viewer = credentials.viewer
    return Context(
        sessions=sessions,
        settings=settings,
        clock=clock,
        viewer=viewer,
        loaders=build_loaders(sessions, viewer_id=viewer.id if viewer else None, clock=clock),
        api_key=credentials.api_key,
        request=request,
        token_id=credentials.token_id,
        rate_buckets=rate_buckets,
        events=events or InProcessEventBus(),
    )
