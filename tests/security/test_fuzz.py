"""Queries and mutations generated from the schema, sent through the HTTP app as an
anonymous caller and as a Prime member: no 5xx, no leak, no unmasked or internal error.
`python bench/fuzz.py --examples 5000` runs many more."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spark_graph.schema import get_schema
from tests.security.fuzzing import operations, problems, send

SCHEMA = get_schema()._schema


@pytest.fixture
async def prime_token(make_member):
    """One Prime member for the whole run: fixtures are not reset between examples."""
    return (await make_member(prime=True)).token


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=operations(SCHEMA), as_member=st.booleans())
async def test_generated_operations_never_fail_the_server(query, as_member, http, prime_token):
    # when
    response = await send(http, query, prime_token if as_member else None)
    # then
    assert problems(response) == [], (query, response.text)
