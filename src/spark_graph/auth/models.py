from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field, SQLModel

from spark_graph.db import UTCDateTime


class Role(StrEnum):
    MEMBER = "member"
    ADMIN = "admin"


class User(SQLModel, table=True):
    __tablename__ = "user"

    id: int | None = Field(default=None, primary_key=True)
    # Stored lower-case so that uniqueness ignores case.
    handle: str = Field(max_length=30, unique=True, index=True)
    display_name: str = Field(max_length=60)
    password_hash: str = Field(max_length=255)
    country: str = Field(default="US", max_length=2)
    avatar_url: str | None = Field(default=None, max_length=500)
    bio: str = Field(default="", max_length=500)
    role: str = Field(default=Role.MEMBER.value, max_length=16)
    is_prime: bool = Field(default=False)
    prime_since: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Maintained counters: changed in the same transaction as the row they count.
    follower_count: int = Field(default=0)
    following_count: int = Field(default=0)
    created_at: datetime = Field(sa_type=UTCDateTime)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN.value


class RevokedToken(SQLModel, table=True):
    """Tokens ended by `logOut` before their expiry; rows may be dropped once expired."""

    __tablename__ = "revoked_token"

    token_id: str = Field(primary_key=True, max_length=64)
    expires_at: datetime = Field(sa_type=UTCDateTime, index=True)


class LoginFailure(SQLModel, table=True):
    """One failed log-in for a handle. Enough recent rows and the handle is refused for a
    while; in the database so that every worker sees them. Rows older than the window are
    deleted as new failures come in, and all of a handle's rows on a successful log-in."""

    __tablename__ = "login_failure"

    id: int | None = Field(default=None, primary_key=True)
    handle: str = Field(max_length=64, index=True)
    failed_at: datetime = Field(sa_type=UTCDateTime, index=True)
