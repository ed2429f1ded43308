"""Reading the demo world's data files, and the small rules every part shares."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from spark_graph.social.posting import parse_hashtags
from spark_graph.social.service import aliases_for

DATA_DIR = Path(__file__).resolve().parent / "data"


class SeedDataError(ValueError):
    """A data file breaks a rule of the app (a non-Prime author, an unknown handle, ...)."""


@cache
def read_data(name: str) -> Any:
    """One data file (seed/data/<name>.yaml), parsed. Cached: the files do not change."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with (DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)


def hours_before(now: datetime, hours: float) -> datetime:
    """The data files give times relative to load time so the demo always looks fresh."""
    return now - timedelta(hours=float(hours))


def hashtags_in(body: str) -> list[str]:
    """Lower-case hashtags of a body, without '#', first occurrence first, no repeats:
    exactly as the app reads them when a member posts."""
    return parse_hashtags(body)


def topic_aliases(slug: str, aliases: list[str]) -> list[str]:
    """A topic's hashtag aliases: the listed ones plus, always, the slug without hyphens
    (the app's own rule, as `create_topic` applies it)."""
    return aliases_for(slug.lower(), aliases)


async def ids_by(
    session: AsyncSession, key: InstrumentedAttribute[Any], pk: InstrumentedAttribute[Any]
) -> dict[Any, int]:
    """{natural key: primary key} for a table, e.g. {handle: user id}."""
    rows = await session.execute(select(key, pk))
    return {natural: row_id for natural, row_id in rows.all()}


def lookup(ids: dict[Any, int], key: Any, what: str) -> int:
    try:
        return ids[key]
    except KeyError:
        raise SeedDataError(f"unknown {what} {key!r} in the demo data") from None


async def prime_member_ids(session: AsyncSession) -> set[int]:
    from sqlmodel import col

    from spark_graph.auth.models import User

    rows = await session.execute(select(col(User.id)).where(col(User.is_prime).is_(True)))
    return {row_id for (row_id,) in rows.all() if row_id is not None}
