"""Every operation the frontend teams ship validates against schema.graphql."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import build_schema, parse, validate

from tests.contract.operations import CONTRACT_DIR, all_operations

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"
OPERATIONS = all_operations()

pytestmark = pytest.mark.skipif(
    not OPERATIONS, reason=f"no contract operations found in {CONTRACT_DIR}"
)


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: f"{op.file}:{op.name}")
def test_operation_validates_against_schema_file(operation):
    schema = build_schema(SCHEMA_FILE.read_text())
    errors = validate(schema, parse(operation.document))
    assert not errors, [e.message for e in errors]
