"""The ASGI middleware that observes each HTTP request: request id, duration, SQL statement
count, GraphQL operation names and error codes; one log record and the metrics at the end."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from spark_graph.observability.metrics import Metrics
from spark_graph.observability.statements import install_statement_counter
from spark_graph.observability.stats import RequestStats, current_request

logger = logging.getLogger("spark_graph.requests")
REQUEST_ID_HEADER = "X-Request-ID"
# A caller's id is kept when it is short and plain, so it cannot forge log lines.
ACCEPTED_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
UNLOGGED_PATHS = ("/graphiql/", "/healthz", "/metrics")  # static files, probes, scrapes


def request_id_for(scope: Scope) -> str:
    # An id an outer middleware already gave this request (scope["state"]) is kept.
    assigned = scope.get("state", {}).get("request_id")
    if isinstance(assigned, str) and assigned:
        return assigned
    given = Headers(scope=scope).get(REQUEST_ID_HEADER)
    if given and ACCEPTED_REQUEST_ID.match(given):
        return given
    return uuid.uuid4().hex


class RequestObservationMiddleware:
    def __init__(self, app: ASGIApp, *, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics
        install_statement_counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        stats = RequestStats(request_id=request_id_for(scope))
        token = current_request.set(stats)
        started = time.perf_counter()
        status = 500

        async def send_with_request_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = stats.request_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_request_id)
        finally:
            current_request.reset(token)
            self._finish(scope, stats, status, time.perf_counter() - started)

    def _finish(self, scope: Scope, stats: RequestStats, status: int, seconds: float) -> None:
        path: str = scope["path"]
        method: str = scope["method"]
        self.metrics.observe_request(
            path=path, method=method, status=status, seconds=seconds, stats=stats
        )
        for code, kind in stats.errors:
            self.metrics.observe_error(code, kind=kind)
        if path.startswith(UNLOGGED_PATHS):
            return
        logger.info(
            "%s %s %s",
            method,
            path,
            status,
            extra={
                "request_id": stats.request_id,
                "method": method,
                "path": path,
                "status": status,
                "operation": stats.operation,
                "duration_ms": round(seconds * 1000, 2),
                "statement_count": stats.statement_count,
                "error_codes": sorted({code for code, _ in stats.errors}),
            },
        )
