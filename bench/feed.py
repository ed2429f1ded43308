"""The feed benchmark: `python bench/feed.py` (see the README's "Benchmarks" section).

1. seeds (or reuses, from bench/.data/) a scale world;
2. for the contract's Feed operation (PostCard fields, as a member with interests) at
   first = 10, 20, 50, 100: SQL statements per request and server time p50/p95 through the
   ASGI app (httpx ASGITransport, no network);
3. HTTP requests/s and p50/p99 against a real uvicorn server (2 workers, 127.0.0.1) under
   16 concurrent clients for 20 seconds;
4. Feed(first: 20) p50 at small scale vs large scale;
and ends with one JSON line of every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

import httpx  # noqa: E402
from seed.scale import SCALES, seed_scale  # noqa: E402
from sqlalchemy import event, func, select  # noqa: E402

from spark_graph.app import create_app  # noqa: E402
from spark_graph.auth.models import User  # noqa: E402
from spark_graph.auth.tokens import issue_token  # noqa: E402
from spark_graph.clock import SystemClock  # noqa: E402
from spark_graph.db import create_engine, create_session_factory  # noqa: E402
from spark_graph.settings import Settings  # noqa: E402

DATA = ROOT / "bench" / ".data"
SIZES = [10, 20, 50, 100]
# A cached world is reseeded when older than this: its posts would leave the feed window.
MAX_AGE_SECONDS = 3 * 24 * 3600
FEED = """
fragment PostCard on Post {
  id body createdAt
  author { id handle displayName avatarUrl }
  media { url width height }
  hashtags
  topics { slug name }
  badges
  smileCount viewerHasSmiled commentCount
  productTags {
    x y
    product { id asin title price { amount currency } rating reviewCount savedCount }
  }
  poll {
    id totalVotes isClosed
    viewerVote { id }
    options { id label voteCount percentage }
  }
}
query Feed($first: Int!, $after: String) {
  feed(first: $first, after: $after) {
    edges { cursor reason node { ...PostCard } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def database_url(args: argparse.Namespace, scale: str) -> str:
    if args.database_url:
        return str(args.database_url).replace("{scale}", scale)
    return f"sqlite+aiosqlite:///{DATA / f'{scale}.db'}"


def remove_sqlite_files(url: str) -> None:
    if url.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(url.split("///", 1)[1] + suffix).unlink(missing_ok=True)


async def ensure_world(url: str, scale: str, settings: Settings) -> dict[str, Any]:
    """Seed the scale world unless a fresh enough one is there already."""
    marker = DATA / f"{scale}.{'sqlite' if url.startswith('sqlite') else 'pg'}.json"
    if marker.exists():
        info: dict[str, Any] = json.loads(marker.read_text())
        if time.time() - info["seeded_at"] < MAX_AGE_SECONDS and info.get("url") == url:
            return info
        remove_sqlite_files(url)
    engine = create_engine(url)
    try:
        from spark_graph.db import create_all_tables

        await create_all_tables(engine)
        async with engine.connect() as connection:
            members = (await connection.execute(select(func.count()).select_from(User))).scalar()
        if members:
            figures: dict[str, Any] = {"reused_unmarked": True}
        else:
            print(f"seeding the {scale} world into {url} ...", flush=True)
            figures = await seed_scale(
                engine, scale=SCALES[scale], settings=settings, now=SystemClock().now()
            )
    finally:
        await engine.dispose()
    info = {"seeded_at": time.time(), "url": url, "seed": figures}
    marker.write_text(json.dumps(info))
    return info


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def member_token(settings: Settings, user_id: int = 1) -> str:
    # Member 1 of the scale world has interests and follows, like every member there.
    return issue_token(
        user_id=user_id,
        secret_key=settings.secret_key,
        now=SystemClock().now(),
        ttl_seconds=settings.token_ttl_seconds,
    )


async def in_process(url: str, settings: Settings, *, requests: int) -> dict[str, Any]:
    """Statements and server time per request through the ASGI app, for each page size."""
    engine = create_engine(url)
    sessions = create_session_factory(engine)
    app = create_app(settings, sessions=sessions)
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if not statement.lstrip().upper().startswith("PRAGMA"):
            statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    headers = {"Authorization": f"Bearer {member_token(settings)}"}
    figures: dict[str, Any] = {}
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

            async def feed(first: int) -> tuple[float, float, int, dict[str, Any]]:
                statements.clear()
                started, cpu_started = time.perf_counter(), time.process_time()
                response = await client.post(
                    "/graphql",
                    json={"query": FEED, "variables": {"first": first}},
                    headers=headers,
                )
                elapsed = time.perf_counter() - started
                # CPU time of this process (the app, plus a little httpx): unlike wall
                # time it does not grow when other programs share the cores.
                cpu = time.process_time() - cpu_started
                body = response.json()
                assert "errors" not in body, body["errors"]
                return elapsed, cpu, len(statements), body["data"]["feed"]

            for first in SIZES:
                for _ in range(5):  # warm-up: caches, connections
                    await feed(first)
                times, cpu_times, counts = [], [], set()
                for _ in range(requests):
                    elapsed, cpu, count, page = await feed(first)
                    times.append(elapsed * 1000)
                    cpu_times.append(cpu * 1000)
                    counts.add(count)
                reasons = sorted({edge["reason"] for edge in page["edges"]})
                figures[str(first)] = {
                    "edges": len(page["edges"]),
                    "statements": sorted(counts),
                    "p50_ms": round(statistics.median(times), 2),
                    "p95_ms": round(percentile(times, 0.95), 2),
                    "cpu_p50_ms": round(statistics.median(cpu_times), 2),
                    "reasons": reasons,
                }
                print(
                    f"  Feed(first: {first:>3}): {len(page['edges']):>3} posts, "
                    f"statements {sorted(counts)}, p50 {figures[str(first)]['p50_ms']:.1f} ms, "
                    f"p95 {figures[str(first)]['p95_ms']:.1f} ms, "
                    f"CPU p50 {figures[str(first)]['cpu_p50_ms']:.1f} ms, reasons {reasons}",
                    flush=True,
                )
    finally:
        await engine.dispose()
    return figures


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(url: str, settings: Settings) -> tuple[subprocess.Popen[bytes], int]:
    """uvicorn with 2 workers on a free port of 127.0.0.1, in its own process group."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SPARK_SECRET_KEY": settings.secret_key,
        "SPARK_LIMITS_ENABLED": "false",
    }
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), str(ROOT)])
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "spark_graph.app:create_app", "--factory",
         "--host", "127.0.0.1", "--port", str(port), "--workers", "2", "--log-level", "warning",
         "--no-access-log"],
        env=env,
        start_new_session=True,
    )  # fmt: skip
    return server, port


async def over_http(url: str, settings: Settings, *, seconds: float, clients: int) -> dict:
    """Requests/s and latency against uvicorn with 2 workers, `clients` at once."""
    server, port = start_server(url, settings)
    base = f"http://127.0.0.1:{port}"
    try:
        async with httpx.AsyncClient(base_url=base, timeout=30) as client:
            for _ in range(200):  # up to 20 s for the workers to start
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            else:
                raise RuntimeError("uvicorn did not start")
        headers = {"Authorization": f"Bearer {member_token(settings)}"}
        payload = {"query": FEED, "variables": {"first": 20}}
        latencies: list[float] = []
        errors = 0
        limits = httpx.Limits(max_connections=clients)
        async with httpx.AsyncClient(base_url=base, timeout=30, limits=limits) as client:
            deadline = time.perf_counter() + seconds

            async def worker() -> None:
                nonlocal errors
                while time.perf_counter() < deadline:
                    started = time.perf_counter()
                    response = await client.post("/graphql", json=payload, headers=headers)
                    if response.status_code != 200 or "errors" in response.json():
                        errors += 1
                    latencies.append((time.perf_counter() - started) * 1000)

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(clients)))
            elapsed = time.perf_counter() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
        "clients": clients,
        "seconds": seconds,
    }


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(SCALES), default="large")
    parser.add_argument(
        "--database-url",
        help="default: SQLite files in bench/.data/; for PostgreSQL give a URL, where "
        "{scale} is replaced by the scale name (one database per scale)",
    )
    parser.add_argument("--requests", type=int, default=100, help="per page size")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--skip-compare", action="store_true", help="no small-vs-large run")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    # The benchmark measures the feed itself: the abuse limits (cost budget per client,
    # refilled per second) would otherwise throttle one client's back-to-back requests.
    settings = Settings.from_env().with_changes(limits_enabled=False)
    url = database_url(args, args.scale)
    results: dict[str, Any] = {"scale": args.scale, "database": url.split(":", 1)[0]}
    world = await ensure_world(url, args.scale, settings)
    results["seed"] = world.get("seed")
    print(f"Feed through the ASGI app ({args.scale}, {results['database']}):", flush=True)
    results["asgi"] = await in_process(url, settings, requests=args.requests)
    if not args.skip_http:
        print(f"HTTP, uvicorn 2 workers, {args.clients} clients, {args.seconds:.0f} s:")
        results["http"] = await over_http(url, settings, seconds=args.seconds, clients=args.clients)
        print(f"  {results['http']}", flush=True)
    if not args.skip_compare:
        other = "small" if args.scale == "large" else "large"
        other_url = database_url(args, other)
        await ensure_world(other_url, other, settings)
        print(f"Feed(first: 20) at {other} scale:", flush=True)
        figures = await in_process(other_url, settings, requests=args.requests)
        p50 = {args.scale: results["asgi"]["20"]["p50_ms"], other: figures["20"]["p50_ms"]}
        results["p50_first20_ms"] = p50
        results["large_to_small_p50_ratio"] = round(p50["large"] / p50["small"], 2)
        cpu = {args.scale: results["asgi"]["20"]["cpu_p50_ms"], other: figures["20"]["cpu_p50_ms"]}
        results["cpu_p50_first20_ms"] = cpu
        results["large_to_small_cpu_p50_ratio"] = round(cpu["large"] / cpu["small"], 2)
        print(
            f"  p50 large/small = {results['large_to_small_p50_ratio']}, "
            f"CPU p50 large/small = {results['large_to_small_cpu_p50_ratio']}",
            flush=True,
        )
    print(json.dumps(results, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
