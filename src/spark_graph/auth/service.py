"""Member rules: who may sign up with what, how log-in and Prime work."""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.auth.models import LoginFailure, RevokedToken, User
from spark_graph.auth.passwords import hash_password, verify_password
from spark_graph.db import insert_ignoring_conflict
from spark_graph.errors import DomainError, ErrorCode
from spark_graph.settings import Settings

HANDLE_PATTERN = re.compile(r"^[a-z0-9_]{3,30}$")
COUNTRY_PATTERN = re.compile(r"^[A-Z]{2}$")
MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 128
MAX_DISPLAY_NAME_LENGTH = 60


def normalize_handle(handle: str) -> str:
    return handle.strip().lstrip("@").lower()


def validate_sign_up(*, handle: str, display_name: str, password: str, country: str) -> None:
    if not HANDLE_PATTERN.match(handle):
        raise DomainError(
            ErrorCode.INVALID,
            "A handle is 3 to 30 letters, digits or underscores.",
            "handle",
        )
    if not display_name.strip() or len(display_name) > MAX_DISPLAY_NAME_LENGTH:
        raise DomainError(ErrorCode.INVALID, "A display name is 1 to 60 characters.", "displayName")
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise DomainError(ErrorCode.INVALID, "A password is 8 to 128 characters.", "password")
    if not COUNTRY_PATTERN.match(country):
        raise DomainError(
            ErrorCode.INVALID, "A country is a two-letter ISO code such as US.", "country"
        )


async def sign_up(
    *,
    session: AsyncSession,
    settings: Settings,
    now: datetime,
    handle: str,
    display_name: str,
    password: str,
    country: str = "US",
    is_prime: bool = False,
) -> User:
    handle = normalize_handle(handle)
    country = country.strip().upper()
    validate_sign_up(handle=handle, display_name=display_name, password=password, country=country)
    # The unique index on handle is the guard: two sign-ups racing for one handle cannot
    # both land. ON CONFLICT DO NOTHING rather than a savepoint, which SQLite's driver
    # would commit on release when it is the transaction's first write.
    inserted = await insert_ignoring_conflict(
        session,
        User,
        handle=handle,
        display_name=display_name.strip(),
        password_hash=hash_password(
            password,
            time_cost=settings.password_time_cost,
            memory_cost_kib=settings.password_memory_cost_kib,
        ),
        country=country,
        is_prime=is_prime,
        prime_since=now if is_prime else None,
        created_at=now,
    )
    if not inserted:
        raise DomainError(ErrorCode.TAKEN, "That handle is taken.", "handle")
    user = await find_user_by_handle(session=session, handle=handle)
    assert user is not None
    return user


async def log_in(
    *,
    session: AsyncSession,
    handle: str,
    password: str,
    now: datetime,
    max_failures: int = 5,
    window_seconds: int = 15 * 60,
) -> User:
    """Check the password, unless the handle had `max_failures` failed log-ins within the
    window: then refuse without checking (RATE_LIMITED) until the oldest of them ages out.
    Commits the failure it records, since the error that follows rolls nothing back."""
    key = normalize_handle(handle)[:64]
    window = timedelta(seconds=window_seconds)
    await _refuse_if_throttled(
        session=session, key=key, now=now, window=window, max_failures=max_failures
    )
    user = await find_user_by_handle(session=session, handle=handle)
    if user is None or not verify_password(user.password_hash, password):
        await session.execute(
            delete(LoginFailure).where(
                col(LoginFailure.handle) == key, col(LoginFailure.failed_at) <= now - window
            )
        )
        session.add(LoginFailure(handle=key, failed_at=now))
        await session.commit()
        raise DomainError(
            ErrorCode.INVALID_CREDENTIALS, "The handle and password do not match.", "password"
        )
    await session.execute(delete(LoginFailure).where(col(LoginFailure.handle) == key))
    await session.commit()
    return user


async def _refuse_if_throttled(
    *, session: AsyncSession, key: str, now: datetime, window: timedelta, max_failures: int
) -> None:
    if max_failures <= 0:
        return
    recent = (
        (
            await session.execute(
                select(col(LoginFailure.failed_at))
                .where(col(LoginFailure.handle) == key, col(LoginFailure.failed_at) > now - window)
                .order_by(col(LoginFailure.failed_at).desc())
                .limit(max_failures)
            )
        )
        .scalars()
        .all()
    )
    if len(recent) < max_failures:
        return
    retry_after = math.ceil((recent[-1] + window - now).total_seconds())
    raise DomainError(
        ErrorCode.RATE_LIMITED,
        f"Too many failed log-ins for this handle; try again in {retry_after} seconds.",
        "handle",
    )


async def find_user_by_handle(*, session: AsyncSession, handle: str) -> User | None:
    result = await session.execute(select(User).where(col(User.handle) == normalize_handle(handle)))
    return result.scalar_one_or_none()


async def get_user(*, session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def join_prime(*, session: AsyncSession, user_id: int, now: datetime) -> User:
    """Idempotent: joining twice keeps the first start date."""
    await session.execute(
        update(User)
        .where(col(User.id) == user_id, col(User.is_prime).is_(False))
        .values(is_prime=True, prime_since=now)
    )
    user = await session.get(User, user_id, populate_existing=True)
    if user is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No such member.")
    return user


def require_prime(viewer: User) -> None:
    """The gate in front of posting, smiling, commenting, reasons and idea lists."""
    if not viewer.is_prime:
        raise DomainError(
            ErrorCode.PRIME_REQUIRED, "Only Prime members may do this; join Prime first."
        )


async def is_token_revoked(*, session: AsyncSession, token_id: str) -> bool:
    return await session.get(RevokedToken, token_id) is not None


async def revoke_token(*, session: AsyncSession, token_id: str, expires_at: datetime) -> None:
    """Idempotent: the primary key on token_id is the guard against a second row."""
    await insert_ignoring_conflict(session, RevokedToken, token_id=token_id, expires_at=expires_at)


async def find_member_for_token(
    *, session: AsyncSession, user_id: int, token_id: str
) -> User | None:
    """The member a token names, unless the token was revoked: one statement, as it runs
    before every authenticated request."""
    from sqlalchemy import exists

    from spark_graph.auth.models import RevokedToken

    revoked = exists().where(col(RevokedToken.token_id) == token_id)
    statement = select(User).where(col(User.id) == user_id, ~revoked)
    return (await session.execute(statement)).scalar_one_or_none()
