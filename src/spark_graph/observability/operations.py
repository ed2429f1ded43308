"""Names each GraphQL operation and collects its error codes into the request's stats."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from spark_graph.observability.stats import current_request

# Codes for errors that carry none of their own, named as Apollo Server names them.
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"


class OperationObserver(SchemaExtension):
    """Records the operation's name once the document is parsed (before validation, so
    invalid operations are named too)."""

    def on_validate(self) -> Iterator[None]:
        stats = current_request.get()
        if stats is not None:
            stats.add_operation(self.execution_context.operation_name)
        yield


def _top_level_code(error: GraphQLError, has_data: bool) -> str:
    code = (error.extensions or {}).get("code")
    if isinstance(code, str):
        return code
    original = error.original_error
    if original is not None and not isinstance(original, GraphQLError):
        return INTERNAL_SERVER_ERROR
    return "GRAPHQL_ERROR" if has_data else VALIDATION_FAILED


def _payload_codes(data: dict[str, Any] | None) -> list[str]:
    """User errors (`errors { code }`) in the payloads of the top-level fields."""
    codes: list[str] = []
    for value in (data or {}).values():
        if isinstance(value, dict) and isinstance(value.get("errors"), list):
            codes += [
                error["code"]
                for error in value["errors"]
                if isinstance(error, dict) and isinstance(error.get("code"), str)
            ]
    return codes


def note_result(result: ExecutionResult) -> None:
    """Called by the GraphQL view on each result it sends, so every error the client sees is
    counted, including those raised before execution (parsing, persisted queries)."""
    stats = current_request.get()
    if stats is None:
        return
    stats.results += 1
    if len(stats.operations) < stats.results:
        stats.add_operation(None)  # refused before validation: no name to read
    for error in result.errors or []:
        stats.errors.append((_top_level_code(error, result.data is not None), "top_level"))
    stats.errors += [(code, "payload") for code in _payload_codes(result.data)]
