"""A synthetic world at scale for benchmarks: `spark-graph seed --scale small|large`.

It lives in seed/ beside the demo world because it is the same kind of thing (data put into
an empty database), and it is not used by the app at runtime. Unlike the demo world it does
not go through the services: four million rows one service call at a time would take hours.
Rows are generated in memory in chunks and written in bulk: `executemany` on the raw SQLite
driver, `COPY` (asyncpg's `copy_records_to_table`) on PostgreSQL. Every maintained counter
is computed while generating, so it is written consistent with the rows it counts.

Posts are spread over the last 30 days, ids increasing with time; smiles, comments and votes
follow a skewed (exponential) distribution so that some posts trend and most do not. All
synthetic members share one password hash (computed once): `scale-password`.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from spark_graph.auth.models import User
from spark_graph.auth.passwords import hash_password
from spark_graph.catalog.models import Product
from spark_graph.db import create_all_tables
from spark_graph.settings import Settings

SCALE_PASSWORD = "scale-password"
CHUNK = 20_000
TOPIC_SLUGS = [
    "kitchen", "home-decor", "garden", "fitness", "running", "yoga", "skincare", "makeup",
    "haircare", "fashion", "sneakers", "watches", "tech", "gaming", "audio", "photography",
    "books", "travel", "camping", "coffee", "baking", "pets", "dogs", "cats", "parenting",
    "toys", "diy", "tools", "cars", "cycling", "music", "art", "crafts", "wellness", "tea",
    "office", "smart-home", "outdoors", "beauty", "jewelry",
]  # fmt: skip
CATEGORIES = ["kitchen", "beauty", "luxury-beauty", "electronics", "home", "sports", "toys"]


@dataclass(frozen=True)
class Scale:
    members: int
    posts: int
    smiles: int
    comments: int
    polls: int
    votes: int
    idea_lists: int
    idea_list_items: int
    products: int
    follows_per_member: int
    days: int = 30


SCALES: dict[str, Scale] = {
    "small": Scale(
        members=2_000,
        posts=20_000,
        smiles=200_000,
        comments=30_000,
        polls=2_000,
        votes=40_000,
        idea_lists=2_000,
        idea_list_items=20_000,
        products=1_000,
        follows_per_member=15,
    ),
    "large": Scale(
        members=20_000,
        posts=200_000,
        smiles=2_000_000,
        comments=300_000,
        polls=20_000,
        votes=400_000,
        idea_lists=20_000,
        idea_list_items=200_000,
        products=5_000,
        follows_per_member=20,
    ),
}


def spread(total: int, parts: int, rng: random.Random, *, cap: int) -> list[int]:
    """`parts` skewed non-negative ints, each at most `cap`, summing exactly to `total`."""
    mean = total / max(parts, 1)
    counts = [min(cap, int(rng.expovariate(1 / mean))) if mean else 0 for _ in range(parts)]
    diff = total - sum(counts)
    step = 1 if diff > 0 else -1
    while diff:
        index = rng.randrange(parts)
        if 0 <= counts[index] + step <= cap:
            counts[index] += step
            diff -= step
    return counts


def chunks(rows: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


class BulkWriter:
    """Writes tuples into a table as fast as the database allows."""

    def __init__(self, connection: AsyncConnection, progress: Progress) -> None:
        self.connection = connection
        self.progress = progress
        self.is_sqlite = connection.dialect.name == "sqlite"
        self.tasks: dict[str, Any] = {}

    def expect(self, table: str, total: int) -> None:
        self.tasks[table] = self.progress.add_task(table, total=total)

    def value(self, value: Any) -> Any:
        if isinstance(value, datetime):
            # SQLite keeps datetimes as text in SQLAlchemy's format (naive UTC, microseconds).
            naive = value.replace(tzinfo=None)
            return naive.strftime("%Y-%m-%d %H:%M:%S.%f") if self.is_sqlite else naive
        if isinstance(value, (list, dict)):
            return json.dumps(value)
        return value

    async def write(self, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]):
        if not rows:
            return
        prepared = [tuple(self.value(v) for v in row) for row in rows]
        if self.is_sqlite:
            names = ", ".join(columns)
            marks = ", ".join("?" for _ in columns)
            await self.connection.exec_driver_sql(
                f'INSERT INTO "{table}" ({names}) VALUES ({marks})', prepared
            )
        else:
            raw = await self.connection.get_raw_connection()
            driver = raw.driver_connection
            assert driver is not None
            await driver.copy_records_to_table(table, records=prepared, columns=list(columns))
        if table in self.tasks:
            self.progress.advance(self.tasks[table], len(rows))


async def seed_scale(
    engine: AsyncEngine, *, scale: Scale, settings: Settings, now: datetime, seed: int = 7
) -> dict[str, float]:
    """Create the tables and fill an empty database. Returns row counts and seconds."""
    await create_all_tables(engine)
    started = time.perf_counter()
    with Progress(
        TextColumn("{task.description:<16}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    ) as progress:
        async with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            writer = BulkWriter(connection, progress)
            counts = await _generate(writer, scale=scale, settings=settings, now=now, seed=seed)
            if connection.dialect.name != "sqlite":
                await _reset_sequences(connection)
        async with engine.begin() as connection:
            await connection.exec_driver_sql("ANALYZE")
    return {**counts, "seconds": round(time.perf_counter() - started, 1)}


async def _reset_sequences(connection: AsyncConnection) -> None:
    """COPY with explicit ids leaves PostgreSQL's sequences at 1: move them past the rows."""
    tables = (await connection.exec_driver_sql(
        "SELECT table_name FROM information_schema.columns "
        "WHERE column_name = 'id' AND column_default LIKE 'nextval%'"
    )).scalars().all()  # fmt: skip
    for table in tables:
        await connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f'COALESCE((SELECT MAX(id) FROM "{table}"), 0) + 1, false)'
            )
        )


async def _generate(
    writer: BulkWriter, *, scale: Scale, settings: Settings, now: datetime, seed: int
) -> dict[str, float]:
    rng = random.Random(seed)
    n = scale.members
    members = range(1, n + 1)
    prime = [False] + [rng.random() < 0.6 for _ in members]
    prime[1] = True
    prime_ids = [m for m in members if prime[m]]

    def popular_member() -> int:
        # Skewed: low ids are the popular accounts.
        return 1 + int(n * rng.random() ** 2.5)

    # --- topics and interests -------------------------------------------------------------
    topic_ids = list(range(1, len(TOPIC_SLUGS) + 1))
    interests = [
        (m, t, now - timedelta(days=40))
        for m in members
        for t in rng.sample(topic_ids, rng.randint(5, 8))
    ]
    follows_set: set[tuple[int, int]] = set()
    for m in members:
        for _ in range(
            rng.randint(scale.follows_per_member // 2, scale.follows_per_member * 3 // 2)
        ):
            followee = popular_member()
            if followee != m:
                follows_set.add((m, followee))
    follows = sorted(follows_set)
    follower_count = [0] * (n + 1)
    following_count = [0] * (n + 1)
    for follower, followee in follows:
        following_count[follower] += 1
        follower_count[followee] += 1

    # --- posts and what hangs off them ----------------------------------------------------
    p = scale.posts
    span = timedelta(days=scale.days).total_seconds()
    post_times = sorted(now - timedelta(seconds=rng.random() * span) for _ in range(p))
    smile_counts = spread(scale.smiles, p, rng, cap=n - 1)
    comment_counts = spread(scale.comments, p, rng, cap=200)
    poll_posts = sorted(rng.sample(range(p), scale.polls))
    votes_per_poll = spread(scale.votes, scale.polls, rng, cap=n - 1)
    vote_counts = [0] * p
    for index, poll_votes in zip(poll_posts, votes_per_poll, strict=True):
        vote_counts[index] = poll_votes
    post_topics = [rng.sample(topic_ids, rng.choice([1, 1, 2])) for _ in range(p)]
    topic_post_count = [0] * (len(topic_ids) + 1)
    for chosen in post_topics:
        for t in chosen:
            topic_post_count[t] += 1
    topic_follower_count = [0] * (len(topic_ids) + 1)
    for _, t, _ in interests:
        topic_follower_count[t] += 1

    # --- idea lists -----------------------------------------------------------------------
    items_per_list = spread(scale.idea_list_items, scale.idea_lists, rng, cap=scale.products)
    list_items = [rng.sample(range(1, scale.products + 1), k) for k in items_per_list]
    saved_count = [0] * (scale.products + 1)
    for products in list_items:
        for product in products:
            saved_count[product] += 1

    tag_total_estimate = int(p * 0.45)
    for table, total in [
        ("topic", len(topic_ids)),
        ("user", n),
        ("user_interest", len(interests)),
        ("follow", len(follows)),
        ("product", scale.products),
        ("post", p),
        ("post_topic", sum(len(t) for t in post_topics)),
        ("product_tag", tag_total_estimate),
        ("smile", scale.smiles),
        ("comment", scale.comments),
        ("poll", scale.polls),
        ("vote", scale.votes),
        ("idea_list", scale.idea_lists),
        ("idea_list_item", scale.idea_list_items),
    ]:
        writer.expect(table, total)

    created = now - timedelta(days=400)
    await writer.write(
        "topic",
        ["id", "slug", "name", "description", "follower_count", "post_count", "created_at"],
        [
            (t, slug, slug.replace("-", " ").title(), f"All about {slug}.",
             topic_follower_count[t], topic_post_count[t], created)
            for t, slug in zip(topic_ids, TOPIC_SLUGS, strict=True)
        ],
    )  # fmt: skip
    await writer.write(
        "topic_alias",
        ["id", "topic_id", "alias"],
        [(t, t, slug.replace("-", "")) for t, slug in zip(topic_ids, TOPIC_SLUGS, strict=True)],
    )
    password = hash_password(
        SCALE_PASSWORD,
        time_cost=settings.password_time_cost,
        memory_cost_kib=settings.password_memory_cost_kib,
    )
    for block in chunks(list(members)):
        # Through SQLAlchemy Core (a few thousand rows): its column types do the conversions.
        await writer.connection.execute(
            insert(User),
            [
                {
                    "id": m, "handle": f"member{m}", "display_name": f"Member {m}",
                    "password_hash": password, "country": "US", "avatar_url": None, "bio": "",
                    "role": "member", "is_prime": prime[m],
                    "prime_since": created if prime[m] else None,
                    "follower_count": follower_count[m], "following_count": following_count[m],
                    "created_at": created + timedelta(minutes=m),
                }
                for m in block
            ],
        )  # fmt: skip
        writer.progress.advance(writer.tasks["user"], len(block))
    for block in chunks(interests):
        await writer.write("user_interest", ["user_id", "topic_id", "created_at"], block)
    for block in chunks([(a, b, now - timedelta(days=35)) for a, b in follows]):
        await writer.write("follow", ["follower_id", "followee_id", "created_at"], block)
    for block in chunks(list(range(1, scale.products + 1))):
        await writer.connection.execute(
            insert(Product),
            [
                {
                    "id": i, "asin": f"B{i:09d}", "title": f"Product {i}",
                    "brand": f"Brand {i % 97}", "category": CATEGORIES[i % len(CATEGORIES)],
                    "price": Decimal(5 + (i * 37) % 200) + Decimal("0.99"), "currency": "USD",
                    "rating": round(3 + (i % 20) / 10, 1), "review_count": (i * 13) % 5000,
                    "image_url": f"https://img.example.com/p/{i}.jpg",
                    "saved_count": saved_count[i], "created_at": created,
                }
                for i in block
            ],
        )  # fmt: skip
        writer.progress.advance(writer.tasks["product"], len(block))

    comment_id = 0
    tag_id = 0
    post_columns = ["id", "author_id", "body", "media", "hashtags", "smile_count",
                    "comment_count", "vote_count", "created_at"]  # fmt: skip
    for start in range(0, p, CHUNK // 4):
        indexes = range(start, min(p, start + CHUNK // 4))
        posts: list[tuple[Any, ...]] = []
        topics_rows: list[tuple[Any, ...]] = []
        tags: list[tuple[Any, ...]] = []
        smiles: list[tuple[Any, ...]] = []
        comments: list[tuple[Any, ...]] = []
        for index in indexes:
            post_id = index + 1
            at = post_times[index]
            author = rng.choice(prime_ids) if rng.random() < 0.5 else popular_member()
            hashtags = [TOPIC_SLUGS[t - 1].replace("-", "") for t in post_topics[index]]
            body = f"Post {post_id} " + " ".join(f"#{tag}" for tag in hashtags)
            media = [{"url": f"https://img.example.com/posts/{post_id}.jpg", "width": 1080,
                      "height": 1350}]  # fmt: skip
            posts.append((post_id, author, body, media, hashtags, smile_counts[index],
                          comment_counts[index], vote_counts[index], at))  # fmt: skip
            topics_rows += [(post_id, t, at) for t in post_topics[index]]
            if rng.random() < 0.3:
                for _ in range(rng.choice([1, 1, 2, 3])):
                    tag_id += 1
                    tags.append((tag_id, post_id, rng.randint(1, scale.products),
                                 round(rng.random(), 3), round(rng.random(), 3)))  # fmt: skip
            age = (now - at).total_seconds()
            for user in rng.sample(range(1, n + 1), smile_counts[index]):
                smiles.append((post_id, user, at + timedelta(seconds=rng.random() * age)))
            for _ in range(comment_counts[index]):
                comment_id += 1
                comments.append((comment_id, post_id, popular_member(), f"Nice! {comment_id}",
                                 at + timedelta(seconds=rng.random() * age)))  # fmt: skip
        await writer.write("post", post_columns, posts)
        await writer.write("post_topic", ["post_id", "topic_id", "created_at"], topics_rows)
        await writer.write("product_tag", ["id", "post_id", "product_id", "x", "y"], tags)
        for block in chunks(smiles):
            await writer.write("smile", ["post_id", "user_id", "created_at"], block)
        await writer.write(
            "comment", ["id", "post_id", "author_id", "body", "created_at"], comments
        )

    polls: list[tuple[Any, ...]] = []
    options: list[tuple[Any, ...]] = []
    votes: list[tuple[Any, ...]] = []
    option_id = 0
    vote_id = 0
    for poll_id, (index, total) in enumerate(zip(poll_posts, votes_per_poll, strict=True), 1):
        at = post_times[index]
        polls.append((poll_id, index + 1, at + timedelta(days=7), total, at))
        first_option = option_id + 1
        labels = ["Yes", "No", "Maybe", "Later"][: rng.randint(2, 4)]
        tallies = [0] * len(labels)
        chosen = [rng.randrange(len(labels)) for _ in range(total)]
        for choice in chosen:
            tallies[choice] += 1
        for position, (label, tally) in enumerate(zip(labels, tallies, strict=True)):
            option_id += 1
            options.append((option_id, poll_id, position, label, tally))
        age = (now - at).total_seconds()
        for user, choice in zip(rng.sample(range(1, n + 1), total), chosen, strict=True):
            vote_id += 1
            reason = "Because it fits my style" if rng.random() < 0.3 else None
            votes.append((vote_id, poll_id, first_option + choice, user, reason,
                          at + timedelta(seconds=rng.random() * age)))  # fmt: skip
    for block in chunks(polls):
        await writer.write(
            "poll", ["id", "post_id", "closes_at", "total_votes", "created_at"], block
        )
    for block in chunks(options):
        await writer.write(
            "poll_option", ["id", "poll_id", "position", "label", "vote_count"], block
        )
    for block in chunks(votes):
        await writer.write(
            "vote", ["id", "poll_id", "option_id", "user_id", "reason", "created_at"], block
        )

    lists: list[tuple[Any, ...]] = []
    items: list[tuple[Any, ...]] = []
    item_id = 0
    for list_id, products in enumerate(list_items, 1):
        at = now - timedelta(days=rng.random() * scale.days)
        owner = rng.choice(prime_ids)
        lists.append((list_id, owner, f"Ideas {list_id}", "", rng.random() < 0.8, len(products),
                      at, at))  # fmt: skip
        for product in products:
            item_id += 1
            items.append((item_id, list_id, product, "", at))
    for block in chunks(lists):
        await writer.write(
            "idea_list",
            ["id", "owner_id", "title", "description", "is_public", "item_count", "created_at",
             "updated_at"],
            block,
        )  # fmt: skip
    for block in chunks(items):
        await writer.write(
            "idea_list_item", ["id", "idea_list_id", "product_id", "note", "added_at"], block
        )
    return {
        "members": n,
        "posts": p,
        "smiles": scale.smiles,
        "comments": scale.comments,
        "polls": scale.polls,
        "votes": scale.votes,
        "idea_lists": scale.idea_lists,
        "idea_list_items": scale.idea_list_items,
        "follows": len(follows),
        "interests": len(interests),
        "product_tags": tag_id,
    }
