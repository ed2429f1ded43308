"""A load run: a mixed workload against a real uvicorn server on loopback.

    PYTHONPATH=src:. python bench/load.py [--seconds 60] [--concurrency 16] [--members 20]

Starts `uvicorn spark_graph.app:create_app` on 127.0.0.1 (a free port, a fresh SQLite file,
the demo world if the seed has one), then for `--seconds` keeps `--concurrency` requests in
flight from an async httpx pool: feed reads, smiles, votes and moment reports, written
against the contract operations. A part whose operations the schema does not serve yet (or
whose setup fails) is skipped, and said so; the viewer query stands in when nothing else
runs. Prints requests/s, p50/p99 per kind, errors, and the server's RSS over time, then
stops the server. Everything is bounded: the run, each request (10 s), the server start.

Why httpx and not locust: the project already depends on httpx, the workload is a few
GraphQL posts, and one asyncio process drives the loopback server well enough on 2 cores."""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from graphql import parse, validate
from tests.contract.operations import ContractOperation, operations_in

from spark_graph.schema import get_schema

CONTRACT_DIR = Path("/work/shared/contract")
SECRET = "load-run-secret-key-with-enough-length-for-hs256"
VIEWER_QUERY = "query Viewer { viewer { id handle } }"


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    first_error: dict[str, str] = field(default_factory=dict)

    def record(self, kind: str, seconds: float, problem: str | None) -> None:
        self.latencies.setdefault(kind, []).append(seconds)
        if problem:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            self.first_error.setdefault(kind, problem[:300])


@dataclass
class Workload:
    """What the virtual users send: (kind, weight, request builder)."""

    parts: list[tuple[str, int, Callable[[], tuple[str, dict[str, Any], str | None]]]]
    skipped: list[str]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def contract_operations() -> dict[str, ContractOperation]:
    found: dict[str, ContractOperation] = {}
    for path in sorted(CONTRACT_DIR.glob("*.graphql")):
        for operation in operations_in(path):
            found[operation.name] = operation
    return found


def served(operation: ContractOperation | None) -> bool:
    return operation is not None and not validate(get_schema()._schema, parse(operation.document))


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def post(
    http: httpx.AsyncClient, query: str, variables: dict[str, Any], token: str | None
) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    response.raise_for_status()
    body: dict[str, Any] = response.json()
    return body


def problem_in(body: dict[str, Any]) -> str | None:
    if body.get("errors"):
        return str(body["errors"])
    stack: list[Any] = [body.get("data")]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if value.get("errors"):
                return str(value["errors"])
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return None


async def sign_up_members(http: httpx.AsyncClient, count: int) -> list[str]:
    query = (
        """mutation ($input: SignUpInput!) { signUp(input: $input) { token errors { code } } }"""
    )
    tokens = []
    for index in range(count):
        variables = {
            "input": {"handle": f"load_{index}", "displayName": "Load", "password": "load-pass-1"}
        }
        body = await post(http, query, variables, None)
        tokens.append(body["data"]["signUp"]["token"])
    join = "mutation { joinPrime { user { id } errors { code } } }"
    for token in tokens:
        await post(http, join, {}, token)
    return tokens


def on_random_object(
    operation: ContractOperation, argument: str, ids: list[str], tokens: list[str]
) -> Callable[[], tuple[str, dict[str, Any], str | None]]:
    """A mutation on a random object, by a random member."""
    return lambda: (
        operation.document,
        {"input": {argument: random.choice(ids)}},
        random.choice(tokens),
    )


async def build_workload(http: httpx.AsyncClient, tokens: list[str]) -> Workload:
    ops = contract_operations()
    parts: list[tuple[str, int, Callable[[], tuple[str, dict[str, Any], str | None]]]] = []
    skipped: list[str] = []
    feed, smile, vote = ops.get("Feed"), ops.get("Smile"), ops.get("Vote")

    posts: list[str] = []
    options: list[str] = []
    if served(feed):
        assert feed is not None
        body = await post(http, feed.document, {"first": 20}, tokens[0])
        for edge in (body.get("data") or {}).get("feed", {}).get("edges", []):
            posts.append(edge["node"]["id"])
            poll = edge["node"].get("poll")
            if poll:
                options.extend(option["id"] for option in poll["options"])
        parts.append(("feed", 60, lambda: (feed.document, {"first": 20}, random.choice(tokens))))
    else:
        skipped.append("feed reads: Feed is not in the schema")

    for kind, operation, weight, argument, ids in [
        ("smile", smile, 15, "postId", posts),
        ("vote", vote, 10, "optionId", options),
    ]:
        if operation is None or not served(operation) or not ids:
            skipped.append(f"{kind}: not in the schema, or the feed has nothing to {kind} on")
            continue
        parts.append((kind, weight, on_random_object(operation, argument, ids, tokens)))

    report = await moment_reports(http, ops, tokens)
    if isinstance(report, str):
        skipped.append(f"moment reports: {report}")
    else:
        parts.append(("report", 15, report))

    if not parts:
        parts.append(("viewer", 100, lambda: (VIEWER_QUERY, {}, random.choice(tokens))))
    return Workload(parts=parts, skipped=skipped)


async def moment_reports(
    http: httpx.AsyncClient, ops: dict[str, ContractOperation], tokens: list[str]
) -> Callable[[], tuple[str, dict[str, Any], str | None]] | str:
    """A brand account, its API key and an active campaign, through the contract's own
    operations; the reports then come from the brand's key. A string says why not."""
    names = ["CreateBrandAccount", "CreateApiKey", "CreateCampaign", "ReportMomentAction"]
    if not all(served(ops.get(name)) for name in names):
        return "the Moments operations are not in the schema"
    owner = tokens[0]
    account = await post(
        http,
        ops["CreateBrandAccount"].document,
        {"input": {"name": "Load Brand", "country": "US"}},
        owner,
    )
    if problem_in(account):
        return f"CreateBrandAccount failed: {problem_in(account)}"
    account_id = account["data"]["createBrandAccount"]["account"]["id"]
    key = await post(
        http,
        ops["CreateApiKey"].document,
        {"input": {"accountId": account_id, "name": "load"}},
        owner,
    )
    if problem_in(key):
        return f"CreateApiKey failed: {problem_in(key)}"
    secret = key["data"]["createApiKey"]["secret"]
    campaign = await post(
        http,
        ops["CreateCampaign"].document,
        {
            "input": {
                "accountId": account_id,
                "name": "Load campaign",
                "action": {
                    "key": "workout_completed",
                    "description": "A workout",
                    "threshold": 1000000,
                },
                "reward": {"kind": "CREDIT", "value": "3.00"},
                "cpa": "3.00",
                "monthlyBudget": "5000.00",
                "maxRewards": 1000,
            }
        },
        owner,
    )
    if problem_in(campaign):
        return f"CreateCampaign failed: {problem_in(campaign)}"
    campaign_id = campaign["data"]["createCampaign"]["campaign"]["id"]
    if served(ops.get("SetCampaignStatus")):
        await post(
            http,
            ops["SetCampaignStatus"].document,
            {"input": {"campaignId": campaign_id, "status": "ACTIVE"}},
            owner,
        )
    viewer_ids = []
    for token in tokens:
        body = await post(http, VIEWER_QUERY, {}, token)
        viewer_ids.append(body["data"]["viewer"]["id"])
    document = ops["ReportMomentAction"].document

    def report() -> tuple[str, dict[str, Any], str | None]:
        variables = {
            "input": {
                "campaignId": campaign_id,
                "userId": random.choice(viewer_ids),
                "quantity": 1,
                "idempotencyKey": os.urandom(12).hex(),
            }
        }
        return document, variables, secret

    return report


async def run_load(base_url: str, seconds: float, concurrency: int, members: int, pid: int) -> int:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=10.0) as http:
        tokens = await sign_up_members(http, members)
        workload = await build_workload(http, tokens)
        for reason in workload.skipped:
            print(f"skipped {reason}")
        kinds = [kind for kind, _, _ in workload.parts]
        weights = [weight for _, weight, _ in workload.parts]
        builders = {kind: build for kind, _, build in workload.parts}
        print(f"running {', '.join(kinds)} for {seconds:.0f} s, {concurrency} in flight")
        stats = Stats()
        deadline = time.perf_counter() + seconds
        rss: list[tuple[float, int]] = []

        async def user() -> None:
            while time.perf_counter() < deadline:
                kind = random.choices(kinds, weights)[0]
                query, variables, token = builders[kind]()
                started = time.perf_counter()
                try:
                    body = await post(http, query, variables, token)
                    problem = problem_in(body)
                except (httpx.HTTPError, ValueError) as error:
                    problem = repr(error)
                stats.record(kind, time.perf_counter() - started, problem)

        async def sample_memory() -> None:
            started = time.perf_counter()
            while time.perf_counter() < deadline:
                rss.append((time.perf_counter() - started, rss_kib(pid)))
                await asyncio.sleep(min(5.0, max(deadline - time.perf_counter(), 0.01)))

        started = time.perf_counter()
        await asyncio.gather(sample_memory(), *(user() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return report(stats, elapsed, rss)


def report(stats: Stats, elapsed: float, rss: list[tuple[float, int]]) -> int:
    everything = [s for values in stats.latencies.values() for s in values]
    total_errors = sum(stats.errors.values())
    print(f"\n{len(everything)} requests in {elapsed:.1f} s: {len(everything) / elapsed:.0f} req/s")
    print(f"{'kind':10} {'requests':>9} {'errors':>7} {'p50 ms':>8} {'p99 ms':>8}")
    for kind, values in [*stats.latencies.items(), ("all", everything)]:
        if not values:
            continue
        cuts = statistics.quantiles(values, n=100) if len(values) > 1 else values * 99
        errors = total_errors if kind == "all" else stats.errors.get(kind, 0)
        p50, p99 = cuts[49] * 1000, cuts[98] * 1000
        print(f"{kind:10} {len(values):>9} {errors:>7} {p50:>8.1f} {p99:>8.1f}")
    for kind, problem in stats.first_error.items():
        print(f"first {kind} error: {problem}")
    if rss:
        print(
            "server RSS (MiB) over time: " + ", ".join(f"{t:.0f}s {k / 1024:.0f}" for t, k in rss)
        )
        settled = [k for t, k in rss if t >= 10] or [k for _, k in rss]
        growth = (settled[-1] - settled[0]) / settled[0] * 100 if settled[0] else 0.0
        print(f"RSS growth after warm-up: {growth:+.1f}%")
    return 1 if total_errors else 0


async def wait_until_up(base_url: str, server: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=1.0) as http:
        for _ in range(100):
            if server.poll() is not None:
                raise RuntimeError("the server exited during start-up")
            try:
                if (await http.get("/healthz")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the server did not start within 10 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--members", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite+aiosqlite:///{Path(folder) / 'load.db'}"
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SPARK_SECRET_KEY": SECRET,
            "SPARK_GRAPHIQL": "false",
            "PYTHONPATH": os.pathsep.join(["src", ".", os.environ.get("PYTHONPATH", "")]),
        }
        prepare = "import asyncio; from spark_graph.cli import _prepare_database; "
        prepare += "from spark_graph.settings import Settings; "
        prepare += "asyncio.run(_prepare_database(Settings.from_env(), seed_demo=True))"
        subprocess.run([sys.executable, "-c", prepare], env=env, check=True, timeout=300)
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        command = [sys.executable, "-m", "uvicorn", "spark_graph.app:create_app", "--factory"]
        command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
        command += ["--no-access-log"]
        server = subprocess.Popen(command, env=env)
        try:
            asyncio.run(wait_until_up(base_url, server))
            print(f"server pid {server.pid} on {base_url}")
            return asyncio.run(
                run_load(base_url, args.seconds, args.concurrency, args.members, server.pid)
            )
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


if __name__ == "__main__":
    raise SystemExit(main())
