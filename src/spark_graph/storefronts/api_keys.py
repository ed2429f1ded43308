"""Server API keys: how the order system proves who it is when it records purchases.

The secret is shown once, at creation; the table keeps only its SHA-256 hash. The secret is
32 random bytes, so a fast hash suffices (no password stretching needed) and a key is found
with one indexed lookup."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.db import insert_ignoring_conflict
from spark_graph.errors import DomainError, ErrorCode
from spark_graph.storefronts.models import ServerApiKey

KEY_PREFIX = "sgk_"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,59}$")


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def create_server_api_key(
    *, session: AsyncSession, name: str, now: datetime
) -> tuple[ServerApiKey, str]:
    """The new key's row and its secret; the secret is not stored and cannot be shown again."""
    name = name.strip()
    if not NAME_PATTERN.match(name):
        raise DomainError(
            ErrorCode.INVALID, "A key name is 1 to 60 letters, digits, spaces, _ . or -.", "name"
        )
    # No dots: a credential with two dots would be read as a member token.
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    if not await insert_ignoring_conflict(
        session, ServerApiKey, name=name, secret_hash=hash_secret(secret), created_at=now
    ):
        raise DomainError(ErrorCode.TAKEN, "A key has that name already.", "name")
    key = await find_active_key(session=session, secret=secret)
    assert key is not None
    return key, secret


async def find_active_key(*, session: AsyncSession, secret: str) -> ServerApiKey | None:
    result = await session.execute(
        select(ServerApiKey).where(
            col(ServerApiKey.secret_hash) == hash_secret(secret),
            col(ServerApiKey.revoked_at).is_(None),
        )
    )
    return result.scalar_one_or_none()
