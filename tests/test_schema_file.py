"""schema.graphql is generated from the code, never edited by hand."""

from __future__ import annotations

from pathlib import Path

from spark_graph.schema import export_sdl

SCHEMA_FILE = Path(__file__).resolve().parents[1] / "schema.graphql"


def test_schema_file_matches_the_code():
    assert SCHEMA_FILE.exists(), "run: spark-graph export-schema > schema.graphql"
    assert SCHEMA_FILE.read_text() == export_sdl(), (
        "schema.graphql is stale; run: spark-graph export-schema > schema.graphql"
    )
