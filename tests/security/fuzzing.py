"""Operations generated from the schema by hypothesis-graphql, and what no answer may be.

Shared by the suite (tests/security/test_fuzz.py, a few hundred examples) and the command
that runs thousands (bench/fuzz.py)."""

from __future__ import annotations

from typing import Any

import httpx
from graphql import GraphQLSchema, specified_scalar_types
from hypothesis import strategies as st
from hypothesis_graphql import mutations, nodes, queries

# Values a custom scalar accepts, mixed with arbitrary text; unknown scalars get text only.
SCALAR_SAMPLES = {
    "Date": ["2026-11-01", "1999-12-31"],
    "DateTime": ["2026-11-01T12:00:00+00:00"],
}
# Words that would mean a raw exception reached the client.
LEAK_MARKERS = ("Traceback", "sqlalchemy", "sqlite3", "asyncpg", 'File "/')


def custom_scalars(schema: GraphQLSchema) -> dict[str, st.SearchStrategy[Any]]:
    strategies: dict[str, st.SearchStrategy[Any]] = {}
    for name in schema.type_map:
        scalar = schema.type_map[name]
        if name.startswith("__") or name in specified_scalar_types:
            continue
        if type(scalar).__name__ != "GraphQLScalarType":
            continue
        samples = SCALAR_SAMPLES.get(name, [])
        text = st.text(max_size=30)
        strategy = st.one_of(st.sampled_from(samples), text) if samples else text
        strategies[name] = strategy.map(nodes.String)
    return strategies


def operations(schema: GraphQLSchema) -> st.SearchStrategy[str]:
    scalars = custom_scalars(schema)
    generated = [queries(schema, custom_scalars=scalars)]
    if schema.mutation_type is not None:
        generated.append(mutations(schema, custom_scalars=scalars))
    return st.one_of(*generated)


def problems(response: httpx.Response) -> list[str]:
    """What is wrong with an answer: a 5xx, a leak, an unmasked or an internal error."""
    found: list[str] = []
    if response.status_code >= 500:
        found.append(f"status {response.status_code}")
    found += [f"leaks {marker!r}" for marker in LEAK_MARKERS if marker in response.text]
    try:
        body = response.json()
    except ValueError:
        return [*found, "not JSON"] if response.status_code == 200 else found
    errors = body.get("errors", []) if isinstance(body, dict) else []
    for error in errors:
        code = (error.get("extensions") or {}).get("code")
        if code == "INTERNAL_SERVER_ERROR":
            found.append(f"internal error, request {error['extensions'].get('requestId')}")
        elif error.get("path") and code is None:
            found.append(f"unmasked error: {error.get('message')!r}")
    return found


async def send(http: httpx.AsyncClient, query: str, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await http.post("/graphql", json={"query": query}, headers=headers)
