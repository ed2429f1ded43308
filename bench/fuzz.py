"""Fuzz the HTTP app with thousands of generated operations (the suite runs a few hundred).

    PYTHONPATH=src:. python bench/fuzz.py --examples 5000 [--seed 1]

Sends queries and mutations generated from the schema by hypothesis-graphql, as an
anonymous caller and as a Prime member, to the app on a fresh SQLite database; stops at the
first 5xx, leak, unmasked or internal error and prints the (shrunk) operation."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path

import httpx
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from tests.factories import make_user
from tests.security.fuzzing import operations, problems, send

from spark_graph.app import create_app
from spark_graph.clock import SystemClock
from spark_graph.db import create_all_tables, create_engine, create_session_factory
from spark_graph.schema import get_schema
from spark_graph.settings import Settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    # Strawberry logs every GraphQL error with its traceback; the verdict is what matters here.
    logging.getLogger("strawberry.execution").setLevel(logging.CRITICAL)

    loop = asyncio.new_event_loop()
    with tempfile.TemporaryDirectory() as folder:
        config = Settings(
            database_url=f"sqlite+aiosqlite:///{Path(folder) / 'fuzz.db'}",
            password_time_cost=1,
            password_memory_cost_kib=8,
            secret_key="fuzz-secret-key-with-enough-length-for-hs256",
        )
        engine = create_engine(config.database_url)
        loop.run_until_complete(create_all_tables(engine))
        sessions = create_session_factory(engine)
        clock = SystemClock()
        app = create_app(config, clock=clock, sessions=sessions)
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://fuzz")
        member = loop.run_until_complete(make_user(sessions, config, clock, prime=True))
        sent = 0

        @settings(
            max_examples=args.examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(query=operations(get_schema()._schema), as_member=st.booleans())
        def check(query: str, as_member: bool) -> None:
            nonlocal sent
            token = member.token if as_member else None
            response = loop.run_until_complete(send(http, query, token))
            sent += 1
            assert problems(response) == [], (query, response.text)

        if args.seed is not None:
            check = seed(args.seed)(check)
        started = time.perf_counter()
        try:
            check()
            outcome = 0
        except AssertionError as failure:
            print(f"FAILED: {failure}", file=sys.stderr)
            outcome = 1
        finally:
            loop.run_until_complete(http.aclose())
            loop.run_until_complete(engine.dispose())
            loop.close()
        elapsed = time.perf_counter() - started
        print(
            f"{sent} operations in {elapsed:.1f} s ({sent / elapsed:.0f}/s): "
            + ("no problem found" if outcome == 0 else "a problem was found")
        )
        return outcome


if __name__ == "__main__":
    raise SystemExit(main())
