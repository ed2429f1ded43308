"""Alembic's entry point for Spark Graph (async-aware).

Run through `spark-graph migrate` / `spark-graph makemigration` (see
spark_graph/migrations/__init__.py), which hand in a connection; the plain `alembic` command
also works with `-x url=...` or DATABASE_URL."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from spark_graph.db import create_engine, import_all_models
from spark_graph.migrations import render_item
from spark_graph.settings import DEFAULT_DATABASE_URL

import_all_models()
target_metadata = SQLModel.metadata
config = context.config


def configure(**kwargs: object) -> None:
    context.configure(
        target_metadata=target_metadata,
        # Batch operations rebuild a table on SQLite (which cannot ALTER most things) and
        # are plain ALTERs on PostgreSQL: one migration script runs on both.
        render_as_batch=True,
        compare_type=True,
        render_item=render_item,
        **kwargs,  # type: ignore[arg-type]
    )


def do_run_migrations(connection: Connection) -> None:
    configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()


def database_url() -> str:
    return (
        context.get_x_argument(as_dictionary=True).get("url")
        or config.get_main_option("sqlalchemy.url")
        or os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)
    )


async def run_async_migrations() -> None:
    engine = create_engine(database_url())
    try:
        async with engine.begin() as connection:
            await connection.run_sync(do_run_migrations)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    configure(url=database_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()
elif (connection := config.attributes.get("connection")) is not None:
    do_run_migrations(connection)
else:
    asyncio.run(run_async_migrations())
