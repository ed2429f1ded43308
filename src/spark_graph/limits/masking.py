"""Unexpected exceptions reach clients as "Internal server error" with the request id, never
a traceback or SQL; the full error is logged with that id.

Deliberate errors keep their message: GraphQL's own (syntax, validation, variable
coercion), errors raised as `GraphQLError` (permissions, limits, bad arguments) and rules
raised as `DomainError`."""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLError
from strawberry.exceptions import StrawberryInputCoercionError
from strawberry.extensions import MaskErrors
from strawberry.relay.types import GlobalIDValueError

from spark_graph.errors import DomainError
from spark_graph.observability.stats import current_request_id

logger = logging.getLogger("spark_graph.errors")

INTERNAL_ERROR_MESSAGE = "Internal server error"
INTERNAL_ERROR_CODE = "INTERNAL_SERVER_ERROR"


def is_unexpected(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None or isinstance(original, GraphQLError | DomainError | GlobalIDValueError):
        return False
    # Variable coercion and literal validation wrap the scalar's ValueError, but they point at
    # the document and have no path; a resolver's exception has a path, and an extension's
    # crash has neither.
    return error.path is not None or not error.nodes


def masked(error: GraphQLError) -> GraphQLError:
    request_id = current_request_id()
    logger.error(
        "Internal server error (request %s) at %s",
        request_id,
        error.path,
        exc_info=error.original_error,
        extra={"request_id": request_id},
    )
    return GraphQLError(
        INTERNAL_ERROR_MESSAGE,
        nodes=error.nodes,
        path=error.path,
        extensions={"code": INTERNAL_ERROR_CODE, "requestId": request_id},
    )


def with_code(error: GraphQLError) -> GraphQLError:
    """A deliberate error keeps its message and gets a code when it has none: a DomainError
    that escaped to the top level its own, an unparsable input (a malformed ID) INVALID, an
    ID naming no type NOT_FOUND."""
    original = error.original_error
    if "code" in (error.extensions or {}):
        return error
    extensions: dict[str, Any]
    if isinstance(original, DomainError):
        extensions = {"code": original.code.value}
        if original.field:
            extensions["field"] = original.field
    elif isinstance(original, StrawberryInputCoercionError):
        extensions = {"code": "INVALID"}
    elif isinstance(original, GlobalIDValueError):
        # A well-formed string that names no type: no object has that ID (as in ids.py).
        extensions = {"code": "NOT_FOUND"}
    else:
        return error
    return GraphQLError(error.message, nodes=error.nodes, path=error.path, extensions=extensions)


def mask_errors(errors: list[GraphQLError]) -> list[GraphQLError]:
    return [masked(e) if is_unexpected(e) else with_code(e) for e in errors]


class MaskUnexpectedErrors(MaskErrors):
    """Strawberry's MaskErrors with our predicate, a logged original and a request id."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message=INTERNAL_ERROR_MESSAGE)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        return mask_errors(errors)
