"""spark-graph: serve | seed | migrate | makemigration | export-schema | create-key (and
more, added by the domains that need them)."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
from collections.abc import Sequence

from spark_graph.settings import Settings


def _export_schema(args: argparse.Namespace) -> int:
    from spark_graph.schema import export_sdl

    sys.stdout.write(export_sdl())
    return 0


NOT_MIGRATED_MESSAGE = (
    "The database at {url} is not at the newest schema revision "
    "(it is at {current}, the code needs {head}). Run: spark-graph migrate"
)


async def _migrate(settings: Settings) -> tuple[str | None, str | None]:
    """Bring the database to head; returns (revision before, revision after)."""
    from spark_graph import migrations
    from spark_graph.db import create_engine

    engine = create_engine(settings.database_url)
    try:
        before = await migrations.current_revision(engine)
        await migrations.upgrade(engine)
        return before, await migrations.current_revision(engine)
    finally:
        await engine.dispose()


async def _check_migrated(settings: Settings) -> str | None:
    """None when the database is at head, else the message saying what to run."""
    from spark_graph import migrations
    from spark_graph.db import create_engine

    engine = create_engine(settings.database_url)
    try:
        current = await migrations.current_revision(engine)
    finally:
        await engine.dispose()
    head = migrations.head_revision()
    if current == head:
        return None
    return NOT_MIGRATED_MESSAGE.format(
        url=_display_url(settings.database_url), current=current or "no revision", head=head
    )


async def _seed_demo(settings: Settings) -> None:
    from seed.loader import load_demo_world

    from spark_graph.db import create_engine, create_session_factory

    engine = create_engine(settings.database_url)
    try:
        loaded = await load_demo_world(create_session_factory(engine), settings=settings)
        print("Demo world loaded." if loaded else "The database has data; seeding skipped.")
    finally:
        await engine.dispose()


def _display_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def _report_migration(before: str | None, after: str | None) -> None:
    if before == after:
        print(f"The database is at the newest revision ({after}).")
    else:
        print(f"Migrated the database from {before or 'an empty schema'} to {after}.")


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from spark_graph.observability.logs import logging_config
    from spark_graph.observability.metrics import MULTIPROCESS_ENV

    settings = Settings.from_env()
    if args.seed:
        # The Quickstart's one command: a development database is brought to head and
        # seeded. Without --seed, migrating stays a deliberate step (`spark-graph migrate`).
        _report_migration(*asyncio.run(_migrate(settings)))
        asyncio.run(_seed_demo(settings))
    else:
        problem = asyncio.run(_check_migrated(settings))
        if problem:
            print(problem, file=sys.stderr)
            return 2
    metrics_dir = None
    if args.workers > 1 and not os.environ.get(MULTIPROCESS_ENV):
        # Set before the workers start (and import prometheus-client): /metrics then adds
        # up every worker's figures. See observability/metrics.py.
        metrics_dir = tempfile.mkdtemp(prefix="spark-graph-metrics-")
        os.environ[MULTIPROCESS_ENV] = metrics_dir
    print(f"GraphiQL: http://{args.host}:{args.port}/graphql")
    try:
        uvicorn.run(
            "spark_graph.app:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level=args.log_level,
            log_config=logging_config(json_lines=settings.log_json, level=args.log_level),
            # Behind a reverse proxy: trust its X-Forwarded-* headers (see the README).
            proxy_headers=True,
            forwarded_allow_ips=args.forwarded_allow_ips,
        )
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def _seed(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    _report_migration(*asyncio.run(_migrate(settings)))
    if args.scale:
        return asyncio.run(_seed_scale(settings, args.scale))
    asyncio.run(_seed_demo(settings))
    return 0


def _migrate_command(args: argparse.Namespace) -> int:
    _report_migration(*asyncio.run(_migrate(Settings.from_env())))
    return 0


def _makemigration(args: argparse.Namespace) -> int:
    from spark_graph import migrations

    asyncio.run(migrations.make_revision(args.message, database_url=args.database_url))
    return 0


async def _create_key(settings: Settings, name: str) -> str:
    from spark_graph.clock import SystemClock
    from spark_graph.db import create_engine, create_session_factory, transaction
    from spark_graph.storefronts.api_keys import create_server_api_key

    engine = create_engine(settings.database_url)
    try:
        async with transaction(create_session_factory(engine)) as session:
            _, secret = await create_server_api_key(
                session=session, name=name, now=SystemClock().now()
            )
        return secret
    finally:
        await engine.dispose()


def _create_key_command(args: argparse.Namespace) -> int:
    from spark_graph.errors import DomainError

    settings = Settings.from_env()
    problem = asyncio.run(_check_migrated(settings))
    if problem:
        print(problem, file=sys.stderr)
        return 2
    try:
        secret = asyncio.run(_create_key(settings, args.name))
    except DomainError as error:
        print(f"error: {error.message}", file=sys.stderr)
        return 1
    print(secret)
    print(
        "Store this secret now: it is not kept and cannot be shown again. The order system "
        "sends it as 'Authorization: Bearer <secret>' to recordPurchase.",
        file=sys.stderr,
    )
    return 0


async def _seed_scale(settings: Settings, scale_name: str) -> int:
    from seed.scale import SCALES, seed_scale
    from sqlalchemy import func, select

    from spark_graph.auth.models import User
    from spark_graph.clock import SystemClock
    from spark_graph.db import create_all_tables, create_engine

    engine = create_engine(settings.database_url)
    try:
        await create_all_tables(engine)
        async with engine.connect() as connection:
            members = (await connection.execute(select(func.count()).select_from(User))).scalar()
        if members:
            print("The database has data; the scale world needs an empty one.", file=sys.stderr)
            return 1
        figures = await seed_scale(
            engine, scale=SCALES[scale_name], settings=settings, now=SystemClock().now()
        )
    finally:
        await engine.dispose()
    print(" ".join(f"{name}={value}" for name, value in figures.items()))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="spark-graph", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the GraphQL server with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--log-level", default="info")
    serve.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help="addresses of reverse proxies whose X-Forwarded-* headers are trusted",
    )
    serve.add_argument(
        "--seed",
        action="store_true",
        help="migrate the database and load the demo world into it when empty, first",
    )
    serve.set_defaults(handler=_serve)

    seed = commands.add_parser(
        "seed", help="migrate the database, then load the demo world into it when empty"
    )
    seed.add_argument(
        "--scale",
        choices=["small", "large"],
        help="instead of the demo world, a synthetic one for benchmarks: small = 2,000 "
        "members and 20,000 posts; large = 20,000 members, 200,000 posts, 2,000,000 smiles",
    )
    seed.set_defaults(handler=_seed)

    migrate = commands.add_parser(
        "migrate", help="bring the database (DATABASE_URL) to the newest schema revision"
    )
    migrate.set_defaults(handler=_migrate_command)

    makemigration = commands.add_parser(
        "makemigration",
        help="write the next migration from the models (alembic autogenerate)",
    )
    makemigration.add_argument("message", help='what changed, e.g. "add storefront tables"')
    makemigration.add_argument(
        "--database-url",
        default=None,
        help="compare against this database instead of a scratch SQLite one at head",
    )
    makemigration.set_defaults(handler=_makemigration)

    create_key = commands.add_parser(
        "create-key",
        help="create a server API key for the order system (recordPurchase); prints the "
        "secret once",
    )
    create_key.add_argument("--name", required=True, help="who uses the key, e.g. order-system")
    create_key.set_defaults(handler=_create_key_command)

    export = commands.add_parser("export-schema", help="print the GraphQL SDL")
    export.set_defaults(handler=_export_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    raise SystemExit(main())
