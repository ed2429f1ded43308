"""/metrics shows real figures after a few requests."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

VIEWER_QUERY = "query ObservedViewer { viewer { handle } }"
INVALID_QUERY = "query ObservedTypo { viewer { handel } }"
LOG_IN_MUTATION = """
mutation ObservedLogIn($input: LogInInput!) { logIn(input: $input) { token errors { code } } }
"""


async def _samples(http) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = await http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


async def test_metrics_count_requests_latency_errors_and_statements(gql, http, make_member):
    # given
    member = await make_member(handle="observed")

    # when: two queries, one invalid query, one mutation refused with a user error
    await gql.data(VIEWER_QUERY, token=member.token)
    await gql.data(VIEWER_QUERY, token=member.token)
    await gql.execute(INVALID_QUERY, expect_errors=True)
    refused = await gql.data(
        LOG_IN_MUTATION, {"input": {"handle": "observed", "password": "wrong-password"}}
    )
    samples = await _samples(http)

    # then
    assert refused["logIn"]["errors"] == [{"code": "INVALID_CREDENTIALS"}]
    requests = ("path", "/graphql"), ("method", "POST"), ("status", "200")
    assert samples[("spark_graph_http_requests_total", tuple(sorted(requests)))] == 4
    viewer = (("operation", "ObservedViewer"),)
    assert samples[("spark_graph_graphql_request_duration_seconds_count", viewer)] == 2
    assert samples[("spark_graph_graphql_request_duration_seconds_sum", viewer)] > 0
    # each signed-in request reads the viewer, token revocation included: 1 statement
    assert samples[("spark_graph_db_statements_total", viewer)] == 2
    assert samples[("spark_graph_db_statements_per_request_count", viewer)] == 2
    typo = (("operation", "ObservedTypo"),)
    assert samples[("spark_graph_graphql_request_duration_seconds_count", typo)] == 1
    validation = (("code", "GRAPHQL_VALIDATION_FAILED"), ("kind", "top_level"))
    assert samples[("spark_graph_graphql_errors_total", validation)] == 1
    user_error = (("code", "INVALID_CREDENTIALS"), ("kind", "payload"))
    assert samples[("spark_graph_graphql_errors_total", user_error)] == 1


MULTIPROCESS_WORKER = """
import sys
from spark_graph.observability.metrics import Metrics
from spark_graph.observability.stats import RequestStats

metrics = Metrics()
stats = RequestStats(request_id=sys.argv[1], statement_count=3)
stats.add_operation("Feed")
metrics.observe_request(path="/graphql", method="POST", status=200, seconds=0.01, stats=stats)
sys.stdout.write(metrics.exposition().decode())
"""


def test_several_worker_processes_are_added_up_in_multiprocess_mode(tmp_path: Path):
    # given: two worker processes sharing PROMETHEUS_MULTIPROC_DIR, as `serve --workers 2`
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "PYTHONPATH": "src:."}

    def worker(request_id: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", MULTIPROCESS_WORKER, request_id],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
            cwd=Path(__file__).resolve().parents[2],
        ).stdout

    # when
    worker("first")
    exposition = worker("second")

    # then: the second worker's /metrics shows both
    samples = {
        (sample.name, json.dumps(sample.labels, sort_keys=True)): sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
    }
    feed = json.dumps({"operation": "Feed"})
    assert samples[("spark_graph_graphql_request_duration_seconds_count", feed)] == 2
    assert samples[("spark_graph_db_statements_total", feed)] == 6
