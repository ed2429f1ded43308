"""Password hashing with argon2id (argon2-cffi), cost taken from settings."""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


@lru_cache(maxsize=8)
def password_hasher(time_cost: int, memory_cost_kib: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost_kib, parallelism=1)


def hash_password(password: str, *, time_cost: int, memory_cost_kib: int) -> str:
    return password_hasher(time_cost, memory_cost_kib).hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    # Verification reads the cost from the hash itself, so any hasher will do.
    try:
        return password_hasher(1, 8).verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
