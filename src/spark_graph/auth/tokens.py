"""Signed bearer tokens (JWT, HS256) that expire."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

ALGORITHM = "HS256"


@dataclass(frozen=True)
class TokenClaims:
    user_id: int
    token_id: str
    expires_at: datetime


def issue_token(*, user_id: int, secret_key: str, now: datetime, ttl_seconds: int) -> str:
    claims = {
        "sub": str(user_id),
        "jti": uuid.uuid4().hex,
        "iat": int(now.timestamp()),
        "exp": int((now + timedelta(seconds=ttl_seconds)).timestamp()),
    }
    return jwt.encode(claims, secret_key, algorithm=ALGORITHM)


def read_token(token: str, *, secret_key: str, now: datetime) -> TokenClaims | None:
    """The claims of a valid, unexpired token, or None."""
    try:
        claims = jwt.decode(
            token,
            secret_key,
            algorithms=[ALGORITHM],
            # Expiry is checked against the Clock below; PyJWT would use the wall clock
            # (for `iat` too), which tests that move the Clock must not depend on.
            options={"verify_exp": False, "verify_iat": False, "require": ["sub", "exp", "jti"]},
        )
        expires_at = datetime.fromtimestamp(int(claims["exp"]), tz=now.tzinfo)
        if expires_at <= now:
            return None
        return TokenClaims(
            user_id=int(claims["sub"]), token_id=str(claims["jti"]), expires_at=expires_at
        )
    except (jwt.PyJWTError, ValueError, TypeError, KeyError):
        return None


def looks_like_token(credential: str) -> bool:
    """Member tokens are JWTs (three dot-separated parts); anything else is an API key."""
    return credential.count(".") == 2
