"""Prometheus metrics (prometheus-client) and the /metrics endpoint.

One uvicorn worker: each app keeps its metrics in its own registry. Several workers: every
process has its own counters, so `spark-graph serve --workers N` sets
PROMETHEUS_MULTIPROC_DIR (a fresh temporary folder, unless already set) before the workers
start; prometheus-client then keeps the values in files there and /metrics adds up all
workers with its MultiProcessCollector, whichever worker answers. Only counters and
histograms are used, which that mode sums without per-process bookkeeping."""

from __future__ import annotations

import os
from collections.abc import Awaitable, Callable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.requests import Request
from starlette.responses import Response

from spark_graph.observability.stats import RequestStats

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
# Operation names come from clients: past this many distinct names, new ones are `other`,
# so a client cannot grow the metrics without bound.
MAX_OPERATION_LABELS = 200
PATH_LABELS = ("/graphql", "/healthz", "/metrics", "/graphiql")
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
STATEMENT_BUCKETS = (0, 1, 2, 5, 10, 20, 50, 100, 200, 500)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.http_requests = Counter(
            "spark_graph_http_requests",
            "HTTP requests served, by path, method and status.",
            ["path", "method", "status"],
            registry=self.registry,
        )
        self.graphql_latency = Histogram(
            "spark_graph_graphql_request_duration_seconds",
            "Time to answer a GraphQL request, by operation name.",
            ["operation"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.graphql_errors = Counter(
            "spark_graph_graphql_errors",
            "GraphQL errors by code: kind=top_level for `errors`, payload for user errors.",
            ["code", "kind"],
            registry=self.registry,
        )
        self.db_statements = Counter(
            "spark_graph_db_statements",
            "SQL statements sent to the database, by GraphQL operation name.",
            ["operation"],
            registry=self.registry,
        )
        self.db_statements_per_request = Histogram(
            "spark_graph_db_statements_per_request",
            "SQL statements per GraphQL request (a jump is an N+1), by operation name.",
            ["operation"],
            buckets=STATEMENT_BUCKETS,
            registry=self.registry,
        )
        self._operation_labels: set[str] = set()

    def _operation_label(self, name: str) -> str:
        if name in self._operation_labels:
            return name
        if len(self._operation_labels) >= MAX_OPERATION_LABELS:
            return "other"
        self._operation_labels.add(name)
        return name

    def observe_request(
        self, *, path: str, method: str, status: int, seconds: float, stats: RequestStats
    ) -> None:
        path_label = next((p for p in PATH_LABELS if path.startswith(p)), "other")
        self.http_requests.labels(path_label, method, str(status)).inc()
        if stats.operation is None:
            return
        operation = self._operation_label(stats.operation)
        self.graphql_latency.labels(operation).observe(seconds)
        self.db_statements.labels(operation).inc(stats.statement_count)
        self.db_statements_per_request.labels(operation).observe(stats.statement_count)

    def observe_error(self, code: str, *, kind: str) -> None:
        self.graphql_errors.labels(code, kind).inc()

    def exposition(self) -> bytes:
        if os.environ.get(MULTIPROCESS_ENV):
            registry = CollectorRegistry()
            MultiProcessCollector(registry)
            return generate_latest(registry)
        return generate_latest(self.registry)


def metrics_endpoint(metrics: Metrics) -> Callable[[Request], Awaitable[Response]]:
    """The Starlette endpoint serving the metrics in Prometheus' text format."""

    async def endpoint(request: Request) -> Response:
        return Response(metrics.exposition(), media_type=CONTENT_TYPE_LATEST)

    return endpoint
