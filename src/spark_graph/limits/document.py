"""Limits on the document itself, applied with Strawberry's own limiters and the values of
the request's settings: tokens (parsing stops past `max_tokens`), depth, aliases, and
introspection when a deployment turns it off."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from graphql import ASTValidationRule
from graphql.validation import NoSchemaIntrospectionCustomRule
from strawberry.extensions import (
    MaxAliasesLimiter,
    MaxTokensLimiter,
    QueryDepthLimiter,
    SchemaExtension,
)

from spark_graph.context import Context


@cache
def depth_and_alias_rules(max_depth: int, max_aliases: int) -> tuple[type[ASTValidationRule], ...]:
    """The limiters' rule classes, made once per pair of values.

    Each QueryDepthLimiter/MaxAliasesLimiter instance creates a new rule class, and
    Strawberry's ValidationCache is keyed by the rule classes: rules made per request would
    never hit the cache. The limiters built here only lend their rules; they never run."""
    return (
        *QueryDepthLimiter(max_depth=max_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=max_aliases).validation_rules,
    )


class DocumentLimits(SchemaExtension):
    def on_operation(self) -> Iterator[None]:
        execution = self.execution_context
        context = execution.context
        if isinstance(context, Context):
            settings = context.settings
            rules: tuple[type[ASTValidationRule], ...] = ()
            if settings.limits_enabled:
                # What MaxTokensLimiter does, with this request's value.
                limiter = MaxTokensLimiter(max_token_count=settings.max_tokens)
                execution.parse_options["max_tokens"] = limiter.max_token_count
                rules += depth_and_alias_rules(settings.max_query_depth, settings.max_aliases)
            if not settings.introspection:
                # What DisableIntrospection adds.
                rules += (NoSchemaIntrospectionCustomRule,)
            execution.validation_rules = execution.validation_rules + rules
        yield
