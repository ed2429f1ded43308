"""Alembic migrations build exactly what the models declare, and the CLI keeps a server off
a database that is behind."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from spark_graph import migrations
from spark_graph.cli import main
from spark_graph.db import create_engine, import_all_models
from tests.databases import empty_database


def _diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, SQLModel.metadata))


async def _upgrade_then_diff(url: str, *, then: str = "") -> tuple[str | None, list[Any]]:
    engine = create_engine(url)
    try:
        await migrations.upgrade(engine)
        if then:
            async with engine.begin() as connection:
                await connection.execute(text(then))
        async with engine.connect() as connection:
            diff = await connection.run_sync(_diff)
        return await migrations.current_revision(engine), diff
    finally:
        await engine.dispose()


async def _revision_of(url: str) -> str | None:
    engine = create_engine(url)
    try:
        return await migrations.current_revision(engine)
    finally:
        await engine.dispose()


def test_upgrading_an_empty_database_builds_exactly_the_models(tmp_path: Path):
    # given
    import_all_models()
    with empty_database(tmp_path) as url:
        # when
        revision, diff = asyncio.run(_upgrade_then_diff(url))
    # then
    assert revision == migrations.head_revision()
    assert diff == [], "the models and the migrations differ: run spark-graph makemigration"


def test_the_comparison_notices_a_missing_index(tmp_path: Path):
    # given
    import_all_models()
    with empty_database(tmp_path) as url:
        # when
        _, diff = asyncio.run(_upgrade_then_diff(url, then="DROP INDEX ix_post_created"))
    # then
    assert [(change[0], change[1].name) for change in diff] == [("add_index", "ix_post_created")]


def test_there_is_a_single_head():
    # given / when
    heads = ScriptDirectory.from_config(migrations.alembic_config()).get_heads()
    # then
    assert len(heads) == 1, f"several heads {heads}: merge them with alembic merge"


def test_serve_refuses_a_database_that_is_behind(tmp_path: Path, monkeypatch, capsys):
    # given
    with empty_database(tmp_path) as url:
        monkeypatch.setenv("DATABASE_URL", url)
        # when
        exit_code = main(["serve", "--port", "1"])
        # then
        assert exit_code == 2
        assert "Run: spark-graph migrate" in capsys.readouterr().err
        assert asyncio.run(_revision_of(url)) is None


def test_migrate_brings_a_database_to_head_and_is_idempotent(tmp_path: Path, monkeypatch, capsys):
    # given
    with empty_database(tmp_path) as url:
        monkeypatch.setenv("DATABASE_URL", url)
        # when
        first = main(["migrate"])
        second = main(["migrate"])
        # then
        assert (first, second) == (0, 0)
        out = capsys.readouterr().out
        assert "Migrated the database from an empty schema" in out
        assert "is at the newest revision" in out
        assert asyncio.run(_revision_of(url)) == migrations.head_revision()


def test_seed_migrates_an_empty_database_first(tmp_path: Path, monkeypatch):
    # given
    with empty_database(tmp_path) as url:
        monkeypatch.setenv("DATABASE_URL", url)
        # when
        exit_code = main(["seed"])
        # then
        assert exit_code == 0
        assert asyncio.run(_revision_of(url)) == migrations.head_revision()
