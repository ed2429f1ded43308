"""The app factory: a Starlette app from plain lists of routes and middleware."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route, WebSocketRoute
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse
from strawberry.http.base import BaseRequestProtocol
from strawberry.types import ExecutionResult

from spark_graph.clock import Clock, SystemClock
from spark_graph.context import Context, build_context
from spark_graph.db import SessionFactory, create_engine, create_session_factory
from spark_graph.graphiql import ASSETS_PATH, graphiql_assets, graphiql_html
from spark_graph.observability.metrics import Metrics, metrics_endpoint
from spark_graph.observability.operations import note_result
from spark_graph.observability.requests import RequestObservationMiddleware
from spark_graph.schema import get_schema
from spark_graph.settings import Settings


@dataclass
class AppState:
    """What the lifespan opens and every request shares."""

    settings: Settings
    clock: Clock
    sessions: SessionFactory | None = None


class SparkGraphQL(GraphQL[Context, None]):
    def __init__(self, state: AppState) -> None:
        settings = state.settings
        super().__init__(
            get_schema(),
            graphql_ide="graphiql" if settings.graphiql else None,
            allow_queries_via_get=True,
        )
        self.state = state

    @property
    def graphql_ide_html(self) -> str:
        # Strawberry's hook for the IDE page: ours loads GraphiQL locally, with examples.
        return graphiql_html()

    def should_render_graphql_ide(self, request: BaseRequestProtocol) -> bool:
        # A GET carrying only a persisted-query hash is an operation, not a page visit.
        return super().should_render_graphql_ide(request) and (
            "extensions" not in request.query_params
        )

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        note_result(result)  # error codes for the logs and metrics
        return await super().process_result(request, result)

    async def get_context(
        self, request: Request | WebSocket, response: Response | WebSocket
    ) -> Context:
        assert self.state.sessions is not None, "the lifespan has not opened the database"
        return await build_context(
            sessions=self.state.sessions,
            settings=self.state.settings,
            clock=self.state.clock,
            authorization=request.headers.get("authorization"),
            request=request,
        )


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    sessions: SessionFactory | None = None,
) -> Starlette:
    """Build the app. Nothing connects until the lifespan starts; tests may hand in their
    own session factory and clock."""
    settings = settings or Settings.from_env()
    state = AppState(settings=settings, clock=clock or SystemClock(), sessions=sessions)
    graphql_app = SparkGraphQL(state)
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        engine = None
        if state.sessions is None:
            engine = create_engine(settings.database_url, echo=settings.sql_echo)
            state.sessions = create_session_factory(engine)
        try:
            yield
        finally:
            if engine is not None:
                await engine.dispose()

    routes: list[Any] = [
        Route("/graphql", graphql_app, methods=["GET", "POST"]),
        WebSocketRoute("/graphql", graphql_app),
        Route("/healthz", healthz, methods=["GET"]),
        Mount(ASSETS_PATH, graphiql_assets()),
        Route("/metrics", metrics_endpoint(metrics), methods=["GET"]),
    ]
    middleware = [
        Middleware(RequestObservationMiddleware, metrics=metrics),
    ]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.spark = state
    return app
