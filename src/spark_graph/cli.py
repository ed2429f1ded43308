"""spark-graph: serve | seed | export-schema (and more, added by the domains that need them)."""

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


async def _prepare_database(settings: Settings, *, seed_demo: bool) -> None:
    from seed.loader import load_demo_world

    from spark_graph.db import create_all_tables, create_engine, create_session_factory

    engine = create_engine(settings.database_url)
    try:
        await create_all_tables(engine)
        if seed_demo:
            loaded = await load_demo_world(create_session_factory(engine), settings=settings)
            print("Demo world loaded." if loaded else "The database has data; seeding skipped.")
    finally:
        await engine.dispose()


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from spark_graph.observability.logs import logging_config
    from spark_graph.observability.metrics import MULTIPROCESS_ENV

    settings = Settings.from_env()
    asyncio.run(_prepare_database(settings, seed_demo=args.seed))
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
        )
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def _seed(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if args.scale:
        return asyncio.run(_seed_scale(settings, args.scale))
    asyncio.run(_prepare_database(settings, seed_demo=True))
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
        "--seed", action="store_true", help="load the demo world into an empty database first"
    )
    serve.set_defaults(handler=_serve)

    seed = commands.add_parser("seed", help="load the demo world into an empty database")
    seed.add_argument(
        "--scale",
        choices=["small", "large"],
        help="instead of the demo world, a synthetic one for benchmarks: small = 2,000 "
        "members and 20,000 posts; large = 20,000 members, 200,000 posts, 2,000,000 smiles",
    )
    seed.set_defaults(handler=_seed)

    export = commands.add_parser("export-schema", help="print the GraphQL SDL")
    export.set_defaults(handler=_export_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    raise SystemExit(main())
