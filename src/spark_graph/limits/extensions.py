"""The limits that need the request (its variables, its client): cost, rate and string length.

They run in `on_execute`, after parsing and validation and before any resolver: a refused
request sets the execution result itself, which Strawberry returns without executing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, StringValueNode
from graphql.language import Visitor, visit
from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult

from spark_graph.context import Context
from spark_graph.limits.cost import CostCache
from spark_graph.limits.rate import client_key


def refuse(message: str, **extensions: Any) -> ExecutionResult:
    return ExecutionResult(data=None, errors=[GraphQLError(message, extensions=extensions)])


# Process-wide, like Strawberry's parser and validation caches.
COSTS = CostCache()


class CostLimit(SchemaExtension):
    """Refuses operations over `max_query_cost`, then charges the client's bucket; reports
    `extensions.cost = {requested, limit, remaining, restoreRate}`."""

    def __init__(self) -> None:
        self.report: dict[str, int] | None = None

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        context = execution.context
        # Nothing to measure when another limit has refused the request already.
        if isinstance(context, Context) and context.settings.limits_enabled:
            execution.result = execution.result or self._check(context)
        yield

    def _check(self, context: Context) -> ExecutionResult | None:
        execution = self.execution_context
        assert execution.graphql_document is not None
        settings = context.settings
        requested, largest_page = COSTS.cost(
            execution.schema._schema,
            execution.query or "",
            execution.graphql_document,
            operation_name=execution.operation_name,
            variables=execution.variables or {},
            default_page_size=settings.default_page_size,
        )
        if largest_page > settings.max_page_size:
            # What the list field would answer, said before anything runs or is charged.
            return refuse(
                f"`first` may not exceed {settings.max_page_size}.", code="INVALID", field="first"
            )
        limit = settings.max_query_cost
        self.report = {"requested": requested, "limit": limit}
        if requested > limit:
            return refuse(
                f"This query costs {requested} points; the limit is {limit}. Ask for fewer "
                "items (`first`) or fewer nested lists.",
                code="QUERY_TOO_COSTLY",
                cost=requested,
                limit=limit,
            )
        buckets = context.rate_buckets
        if buckets is None:
            return None
        request = context.request
        client = client_key(
            user_id=context.viewer_id,
            api_key=context.api_key,
            address=request.client.host if request is not None and request.client else None,
        )
        # Even a query of scalars costs a point, so that floods of tiny requests are limited.
        charge = buckets.charge(client, max(requested, 1), now=context.clock.now().timestamp())
        self.report.update(remaining=charge.remaining, restoreRate=buckets.refill_per_second)
        if not charge.allowed:
            return refuse(
                f"Rate limit reached: this query needs {requested} points and "
                f"{charge.remaining} are left. Retry after {charge.retry_after_seconds} s.",
                code="RATE_LIMITED",
                retryAfter=charge.retry_after_seconds,
            )
        return None

    def get_results(self) -> dict[str, Any]:
        return {"cost": self.report} if self.report is not None else {}


class StringLengthLimit(SchemaExtension):
    """A global upper bound on every string the client sends, in variables or inline: the
    domains validate their own shorter limits; this stops megabyte strings reaching them."""

    def on_execute(self) -> Iterator[None]:
        execution = self.execution_context
        context = execution.context
        if (
            isinstance(context, Context)
            and context.settings.limits_enabled
            and execution.graphql_document is not None
        ):
            limit = context.settings.max_string_length
            too_long = _long_variable(execution.variables or {}, limit, "")
            # A literal cannot be longer than the query text: most queries skip the walk.
            if too_long is None and len(execution.query or "") > limit:
                too_long = _long_literal(execution.graphql_document, limit)
            if too_long is not None:
                execution.result = refuse(
                    f"`{too_long}` is longer than {limit} characters.",
                    code="INVALID",
                    field=too_long,
                )
        yield


def _long_variable(value: Any, limit: int, path: str) -> str | None:
    if isinstance(value, str):
        return path if len(value) > limit else None
    if isinstance(value, dict):
        for key, child in value.items():
            found = _long_variable(child, limit, f"{path}.{key}" if path else str(key))
            if found:
                return found
    if isinstance(value, list):
        for index, child in enumerate(value):
            found = _long_variable(child, limit, f"{path}[{index}]")
            if found:
                return found
    return None


class _LongStrings(Visitor):
    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.found: str | None = None

    def enter_string_value(self, node: StringValueNode, *_: Any) -> None:
        if len(node.value) > self.limit and self.found is None:
            self.found = f"string at line {node.loc.start_token.line if node.loc else '?'}"


def _long_literal(document: Any, limit: int) -> str | None:
    visitor = _LongStrings(limit)
    visit(document, visitor)
    return visitor.found
