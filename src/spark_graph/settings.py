"""One Settings object, read from the environment once and passed down explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./spark_graph.db"
# A development-only secret: a deployment must set SPARK_SECRET_KEY.
DEVELOPMENT_SECRET_KEY = "spark-graph-development-secret-change-me"


def _bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(value: str | None, default: int) -> int:
    return default if value in (None, "") else int(value)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = DEVELOPMENT_SECRET_KEY
    token_ttl_seconds: int = 7 * 24 * 3600
    # argon2 cost: tests lower it so that hashing does not dominate the suite.
    password_time_cost: int = 2
    password_memory_cost_kib: int = 19 * 1024
    public_base_url: str = "http://127.0.0.1:8000"
    default_page_size: int = 20
    max_page_size: int = 100
    graphiql: bool = True
    introspection: bool = True
    log_json: bool = False
    sql_echo: bool = False
    # Abuse limits (spark_graph.limits; README "Limits"). limits_enabled=False switches off
    # the depth, alias, token, cost, rate and string limits at once.
    limits_enabled: bool = True
    max_query_depth: int = 12
    max_aliases: int = 30
    max_tokens: int = 2_000
    max_query_cost: int = 1_000
    rate_limit_capacity: int = 2_000
    rate_limit_refill_per_second: int = 1_000
    rate_limit_max_clients: int = 100_000
    max_string_length: int = 10_000
    max_body_bytes: int = 1_048_576
    login_max_failures: int = 5
    login_failure_window_seconds: int = 15 * 60
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        return cls(
            database_url=env.get("DATABASE_URL", DEFAULT_DATABASE_URL),
            secret_key=env.get("SPARK_SECRET_KEY", DEVELOPMENT_SECRET_KEY),
            token_ttl_seconds=_int(env.get("SPARK_TOKEN_TTL_SECONDS"), 7 * 24 * 3600),
            password_time_cost=_int(env.get("SPARK_PASSWORD_TIME_COST"), 2),
            password_memory_cost_kib=_int(env.get("SPARK_PASSWORD_MEMORY_KIB"), 19 * 1024),
            public_base_url=env.get("SPARK_PUBLIC_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
            graphiql=_bool(env.get("SPARK_GRAPHIQL"), True),
            introspection=_bool(env.get("SPARK_INTROSPECTION"), True),
            log_json=_bool(env.get("SPARK_LOG_JSON"), False),
            sql_echo=_bool(env.get("SPARK_SQL_ECHO"), False),
            limits_enabled=_bool(env.get("SPARK_LIMITS_ENABLED"), True),
            max_query_depth=_int(env.get("SPARK_MAX_QUERY_DEPTH"), 12),
            max_aliases=_int(env.get("SPARK_MAX_ALIASES"), 30),
            max_tokens=_int(env.get("SPARK_MAX_TOKENS"), 2_000),
            max_query_cost=_int(env.get("SPARK_MAX_QUERY_COST"), 1_000),
            rate_limit_capacity=_int(env.get("SPARK_RATE_LIMIT_CAPACITY"), 2_000),
            rate_limit_refill_per_second=_int(env.get("SPARK_RATE_LIMIT_REFILL"), 1_000),
            rate_limit_max_clients=_int(env.get("SPARK_RATE_LIMIT_MAX_CLIENTS"), 100_000),
            max_string_length=_int(env.get("SPARK_MAX_STRING_LENGTH"), 10_000),
            max_body_bytes=_int(env.get("SPARK_MAX_BODY_BYTES"), 1_048_576),
            login_max_failures=_int(env.get("SPARK_LOGIN_MAX_FAILURES"), 5),
            login_failure_window_seconds=_int(env.get("SPARK_LOGIN_FAILURE_WINDOW"), 15 * 60),
        )

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
