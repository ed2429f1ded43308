"""Schema migrations (Alembic), packaged with the code.

`spark-graph migrate` brings a database to the newest revision; `serve` refuses to start on
a database that is behind. After changing models, write the next revision with
`spark-graph makemigration "what changed"` (autogenerate against a scratch SQLite database
brought to head), read it, and commit it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.autogenerate.api import AutogenContext
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel.sql.sqltypes import AutoString

from spark_graph.db import UTCDateTime, create_engine
from spark_graph.money import MoneyAmount

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(database_url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if database_url:
        # ConfigParser interpolation: a literal % in a password must be doubled.
        config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at; None for a database never migrated."""
    async with engine.connect() as connection:
        return await connection.run_sync(_current_revision)


async def is_at_head(engine: AsyncEngine) -> bool:
    return await current_revision(engine) == head_revision()


def _upgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the database to `revision` (default: the newest), in one transaction."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade, revision)


def _stamp(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.stamp(config, revision)


async def stamp(engine: AsyncEngine, revision: str = "head") -> None:
    """Record `revision` without running anything: for a database whose tables were made
    by `create_all` from the same models (the test suite's fast path)."""
    async with engine.begin() as connection:
        await connection.run_sync(_stamp, revision)


def _autogenerate(connection: Connection, message: str) -> list[Path]:
    config = alembic_config()
    config.attributes["connection"] = connection
    written = command.revision(config, message=message, autogenerate=True)
    scripts = written if isinstance(written, list) else [written]
    return [Path(script.path) for script in scripts if script is not None]


def _tidy(paths: list[Path]) -> None:
    """Lint-fix and format new revisions with ruff (a test dependency) when it is there."""
    ruff = shutil.which("ruff", path=str(Path(sys.executable).parent)) or shutil.which("ruff")
    if ruff is None or not paths:
        return
    files = [str(path) for path in paths]
    subprocess.run([ruff, "format", "--quiet", *files], check=False)
    subprocess.run([ruff, "check", "--fix", "--quiet", *files], check=False)


async def make_revision(message: str, *, database_url: str | None = None) -> None:
    """Write the next revision: what the models declare beyond what the migrations build.
    Without a database URL, a scratch SQLite database brought to head is compared."""
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(database_url or f"sqlite+aiosqlite:///{folder}/scratch.db")
        try:
            await upgrade(engine)
            async with engine.begin() as connection:
                written = await connection.run_sync(_autogenerate, message)
        finally:
            await engine.dispose()
    _tidy(written)


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Render the project's column types by name, with their import, in migration files."""
    if type_ != "type":
        return False
    if isinstance(obj, MoneyAmount):
        autogen_context.imports.add("from spark_graph.money import MoneyAmount")
        return "MoneyAmount()"
    if isinstance(obj, UTCDateTime):
        autogen_context.imports.add("from spark_graph.db import UTCDateTime")
        return "UTCDateTime()"
    if isinstance(obj, AutoString):
        # SQLModel's str column is a plain VARCHAR; render it without importing sqlmodel.
        return f"sa.String(length={obj.length})" if obj.length else "sa.String()"
    return False
