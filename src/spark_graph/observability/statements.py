"""Counts the SQL statements each request sends, whatever engine or session sends them.

The listener is attached to SQLAlchemy's Engine class once per process, so it sees the
engines the app opens and the ones tests hand in. It finds the request through the
`current_request` contextvar, which asyncio tasks (dataloader batches included) and
SQLAlchemy's greenlet bridge both carry."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from spark_graph.observability.stats import current_request


def _count_statement(*_args: Any, **_kwargs: Any) -> None:
    stats = current_request.get()
    if stats is not None:
        stats.statement_count += 1


def install_statement_counter() -> None:
    """Idempotent: attach the counter to every engine of this process."""
    if not event.contains(Engine, "before_cursor_execute", _count_statement):
        event.listen(Engine, "before_cursor_execute", _count_statement)
