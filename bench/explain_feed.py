"""PostgreSQL plans of the feed and topic queries, written to docs/postgres-plans.md.

    bash .ci/postgres .venv/bin/python bench/explain_feed.py            # throwaway cluster
    SPARK_TEST_DATABASE_URL=postgresql+asyncpg://... python bench/explain_feed.py

Builds a scratch database next to the one in the URL (migrated to head), fills it with a
synthetic world big enough for the planner to care (tens of thousands of posts, smiles,
follows), runs the frontend's own operations (Feed, TopicFeed, Explore, PostDetail from
shared/contract/social.graphql, else built-in copies) through the app as a member, captures
every SQL statement they send, and runs EXPLAIN (ANALYZE, BUFFERS) on each with its real
parameters. Any sequential scan of a table holding more than LARGE_TABLE_ROWS rows is
reported, and makes the script exit 1. The queries are captured, not copied here, so the
document follows whatever the feed code does: re-run it after changing a query.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import event, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from spark_graph import migrations  # noqa: E402
from spark_graph.app import create_app  # noqa: E402
from spark_graph.auth.models import User  # noqa: E402
from spark_graph.auth.tokens import issue_token  # noqa: E402
from spark_graph.clock import FrozenClock  # noqa: E402
from spark_graph.db import create_engine, create_session_factory  # noqa: E402
from spark_graph.ids import global_id  # noqa: E402
from spark_graph.settings import Settings  # noqa: E402
from spark_graph.social.models import (  # noqa: E402
    Comment,
    Follow,
    Post,
    PostTopic,
    Smile,
    Topic,
    TopicAlias,
    UserInterest,
)

LARGE_TABLE_ROWS = 5_000
HEAVY_SCAN_ROWS = 1_000
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
OUTPUT = ROOT / "docs" / "postgres-plans.md"
CONTRACT = ROOT.parent / "shared" / "contract" / "social.graphql"

POST_CARD = """
fragment PostCard on Post {
  id body createdAt
  author { id handle displayName avatarUrl }
  media { url width height }
  hashtags topics { slug name } badges
  smileCount viewerHasSmiled commentCount
  productTags { x y product { id title savedCount } }
  poll { id totalVotes isClosed viewerVote { id } options { id label voteCount percentage } }
}
"""
BUILT_IN_OPERATIONS = {
    "Feed": "query Feed($first: Int!, $after: String) { feed(first: $first, after: $after) {"
    " edges { cursor reason node { ...PostCard } } pageInfo { hasNextPage endCursor } } }"
    + POST_CARD,
    "TopicFeed": "query TopicFeed($slug: String!, $first: Int!) { topic(slug: $slug) { id name"
    " posts(first: $first) { edges { node { ...PostCard } } pageInfo { hasNextPage endCursor }"
    " } } }" + POST_CARD,
    "Explore": "query Explore { topics(first: 50) { edges { node { id slug name } } } }",
    "PostDetail": "query PostDetail($id: ID!) { node(id: $id) { ... on Post { ...PostCard } } }"
    + POST_CARD,
}


@dataclass
class WorldSize:
    users: int = 4_000
    topics: int = 40
    posts: int = 40_000
    interests_per_user: int = 5
    follows_per_user: int = 15
    smiles: int = 80_000
    comments: int = 20_000


@dataclass
class Captured:
    operation: str
    statements: list[tuple[str, Any]] = field(default_factory=list)


def operations() -> dict[str, str]:
    """The contract's operations when shared/ is beside the repo, else built-in copies."""
    found = dict(BUILT_IN_OPERATIONS)
    if CONTRACT.exists():
        from tests.contract.operations import operations_in

        for operation in operations_in(CONTRACT):
            if operation.name in found:
                found[operation.name] = operation.document
    return found


async def insert_rows(engine: AsyncEngine, model: Any, rows: list[Any]) -> None:
    """Rows made as model instances (so Python-side defaults apply), inserted in batches."""
    table = model.__table__
    columns = [column.name for column in table.columns]
    # An id left to the database's sequence is not sent.
    values = [
        {
            name: getattr(row, name)
            for name in columns
            if not (table.c[name].primary_key and getattr(row, name) is None)
        }
        for row in rows
    ]
    async with engine.begin() as connection:
        for start in range(0, len(values), 5_000):
            await connection.execute(insert(table), values[start : start + 5_000])


async def build_world(engine: AsyncEngine, size: WorldSize) -> dict[str, Any]:
    rng = random.Random(7)
    users = [
        User(
            id=i,
            handle=f"member_{i}",
            display_name=f"Member {i}",
            password_hash="x",
            is_prime=i % 3 == 0,
            created_at=NOW - timedelta(days=400),
        )
        for i in range(1, size.users + 1)
    ]
    await insert_rows(engine, User, users)
    topics = [
        Topic(id=i, slug=f"topic-{i}", name=f"Topic {i:02d}", created_at=NOW)
        for i in range(1, size.topics + 1)
    ]
    await insert_rows(engine, Topic, topics)
    await insert_rows(
        engine, TopicAlias, [TopicAlias(topic_id=t.id, alias=f"tag{t.id}") for t in topics]
    )
    interests = {
        (u, t)
        for u in range(1, size.users + 1)
        for t in rng.sample(range(1, size.topics + 1), size.interests_per_user)
    }
    await insert_rows(
        engine,
        UserInterest,
        [UserInterest(user_id=u, topic_id=t, created_at=NOW) for u, t in sorted(interests)],
    )
    follows = {
        (u, rng.randint(1, size.users))
        for u in range(1, size.users + 1)
        for _ in range(size.follows_per_user)
    }
    await insert_rows(
        engine,
        Follow,
        [
            Follow(follower_id=a, followee_id=b, created_at=NOW)
            for a, b in sorted(follows)
            if a != b
        ],
    )
    posts = []
    post_topics = []
    for i in range(1, size.posts + 1):
        created = NOW - timedelta(minutes=rng.randint(1, 365 * 24 * 60))
        topic_ids = rng.sample(range(1, size.topics + 1), rng.randint(1, 2))
        posts.append(
            Post(
                id=i,
                author_id=rng.randint(1, size.users),
                body=f"Post {i} " + " ".join(f"#tag{t}" for t in topic_ids),
                hashtags=[f"tag{t}" for t in topic_ids],
                created_at=created,
            )
        )
        post_topics += [PostTopic(post_id=i, topic_id=t, created_at=created) for t in topic_ids]
    smiles = {(rng.randint(1, size.posts), rng.randint(1, size.users)) for _ in range(size.smiles)}
    for post_id, _ in smiles:
        posts[post_id - 1].smile_count += 1
    comments = []
    for i in range(size.comments):
        post_id = rng.randint(1, size.posts)
        posts[post_id - 1].comment_count += 1
        comments.append(
            Comment(
                post_id=post_id,
                author_id=rng.randint(1, size.users),
                body=f"Comment {i}",
                created_at=posts[post_id - 1].created_at + timedelta(minutes=5),
            )
        )
    await insert_rows(engine, Post, posts)
    await insert_rows(engine, PostTopic, post_topics)
    await insert_rows(
        engine,
        Smile,
        [Smile(post_id=p, user_id=u, created_at=NOW) for p, u in sorted(smiles)],
    )
    await insert_rows(engine, Comment, comments)
    async with engine.begin() as connection:
        # Explicit ids were inserted: move the sequences past them.
        for table in ("user", "topic", "post"):
            await connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'(SELECT max(id) FROM "{table}"))'
                )
            )
    return {"viewer_id": 3, "busiest_post_id": max(posts, key=lambda p: p.comment_count).id}


async def capture(
    engine: AsyncEngine, settings: Settings, viewer_id: int, busiest_post_id: int
) -> list[Captured]:
    captured: list[Captured] = []

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _record(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if captured and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            captured[-1].statements.append((statement, parameters))

    clock = FrozenClock(NOW)
    token = issue_token(
        user_id=viewer_id, secret_key=settings.secret_key, now=NOW, ttl_seconds=3600
    )
    app = create_app(settings, clock=clock, sessions=create_session_factory(engine))
    documents = operations()
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:

        async def run(label: str, name: str, variables: dict[str, Any]) -> dict[str, Any]:
            captured.append(Captured(label))
            response = await client.post(
                "/graphql",
                json={"query": documents[name], "variables": variables},
                headers={"Authorization": f"Bearer {token}"},
            )
            body: dict[str, Any] = response.json()
            if body.get("errors"):
                raise SystemExit(f"{label}: {body['errors']}")
            return body

        first = await run("Feed, first page", "Feed", {"first": 20})
        end_cursor = first["data"]["feed"]["pageInfo"]["endCursor"]
        await run("Feed, next page", "Feed", {"first": 20, "after": end_cursor})
        await run("TopicFeed", "TopicFeed", {"slug": "topic-7", "first": 20})
        await run("Explore", "Explore", {})
        await run("PostDetail", "PostDetail", {"id": global_id("Post", busiest_post_id)})
    await app.state.spark.events.close()
    return captured


async def explain(engine: AsyncEngine, statement: str, parameters: Any) -> list[str]:
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver: asyncpg.Connection = raw.driver_connection  # type: ignore[assignment]
        rows = await driver.fetch(
            f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) {statement}",
            *(parameters or ()),
        )
    return [row[0] for row in rows]


async def table_sizes(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as connection:
        result = await connection.execute(
            text("SELECT relname, n_live_tup FROM pg_stat_user_tables ORDER BY relname")
        )
        return {name: int(rows) for name, rows in result}


def seq_scans_of_large_tables(plan: list[str], sizes: dict[str, int]) -> list[str]:
    found = []
    for line in plan:
        match = re.search(r"Seq Scan on (\"?)(\w+)\1", line)
        if match and sizes.get(match.group(2), 0) > LARGE_TABLE_ROWS:
            found.append(match.group(2))
    return found


def rows_read(plan: list[str]) -> int:
    """The most rows any scan node of the plan produced: a page that reads thousands of rows
    to return twenty grows with the data even when it uses an index."""
    counts = [
        int(match.group(1))
        for line in plan
        if "Scan" in line and (match := re.search(r"actual rows=(\d+)", line))
    ]
    return max(counts, default=0)


def render(
    captured: list[Captured],
    plans: dict[tuple[int, int], list[str]],
    sizes: dict[str, int],
    size: WorldSize,
    seconds: float,
) -> str:
    lines = [
        "# PostgreSQL plans of the feed and topic queries",
        "",
        "Generated by `bench/explain_feed.py` (re-run it after changing a feed query:",
        "`bash .ci/postgres .venv/bin/python bench/explain_feed.py`). Do not edit by hand.",
        "",
        "SUMMARY",
        "",
        f"Synthetic world: {size.users:,} members, {size.topics} topics, {size.posts:,} posts,",
        f"{size.smiles:,} smile attempts, {size.comments:,} comments; then `ANALYZE`.",
        "Each statement is what the app sent for the operation (captured from the engine), with",
        "its real parameters, under `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF)`.",
        f"A sequential scan of a table with more than {LARGE_TABLE_ROWS:,} rows is flagged.",
        "",
        "| table | rows |",
        "| --- | ---: |",
        *[f"| {name} | {rows:,} |" for name, rows in sizes.items() if rows],
        "",
    ]
    flagged_total = 0
    heavy: list[str] = []
    for i, operation in enumerate(captured):
        lines += [f"## {operation.operation}", ""]
        lines.append(f"{len(operation.statements)} statements.")
        lines.append("")
        for j, (statement, _) in enumerate(operation.statements):
            plan = plans[(i, j)]
            flagged = seq_scans_of_large_tables(plan, sizes)
            flagged_total += len(flagged)
            verdict = (
                f"**Sequential scan of a large table: {', '.join(flagged)}**"
                if flagged
                else "No sequential scan of a large table."
            )
            read = rows_read(plan)
            if read > HEAVY_SCAN_ROWS:
                heavy.append(f"{operation.operation}, statement {j + 1} ({read:,} rows)")
                verdict += f" Reads {read:,} rows through an index for this page."
            lines += [
                f"### Statement {j + 1}",
                "",
                "```sql",
                statement.strip(),
                "```",
                "",
                "```",
                *plan,
                "```",
                "",
                verdict,
                "",
            ]
    summary = (
        f"Summary: {sum(len(c.statements) for c in captured)} statements, "
        f"{flagged_total} sequential scans of a large table; statements reading more than "
        f"{HEAVY_SCAN_ROWS:,} rows: {'; '.join(heavy) or 'none'}. ({seconds:.0f} s to build.)"
    )
    return "\n".join(summary if line == "SUMMARY" else line for line in lines) + "\n"


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--posts", type=int, default=WorldSize.posts)
    args = parser.parse_args(argv)
    server_url = os.environ.get("SPARK_BENCH_DATABASE_URL") or os.environ.get(
        "SPARK_TEST_DATABASE_URL"
    )
    if not server_url or not server_url.startswith("postgresql"):
        print("Set SPARK_BENCH_DATABASE_URL (or run under bash .ci/postgres).", file=sys.stderr)
        return 2
    started = time.monotonic()
    size = WorldSize(posts=args.posts)
    name = f"spark_explain_{os.getpid()}"
    admin_dsn = make_url(server_url).set(drivername="postgresql")
    admin = await asyncpg.connect(admin_dsn.render_as_string(hide_password=False))
    await admin.execute(f'CREATE DATABASE "{name}"')
    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    engine = create_engine(url)
    try:
        await migrations.upgrade(engine)
        world = await build_world(engine, size)
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text("ANALYZE"))
        sizes = await table_sizes(engine)
        settings = Settings(database_url=url, secret_key="bench-secret-key-long-enough-for-hs256")
        captured = await capture(engine, settings, world["viewer_id"], world["busiest_post_id"])
        plans = {
            (i, j): await explain(engine, statement, parameters)
            for i, operation in enumerate(captured)
            for j, (statement, parameters) in enumerate(operation.statements)
        }
        document = render(captured, plans, sizes, size, time.monotonic() - started)
    finally:
        await engine.dispose()
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(document)
    flagged = document.count("**Sequential scan of a large table")
    print(f"wrote {args.output}: {document.splitlines()[5]}")
    return 1 if flagged else 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
