"""Abuse limits and error masking: what makes the endpoint safe to expose.

Measured before execution: tokens, depth and aliases (Strawberry's limiters, document.py),
string length, cost and the client's rate budget (cost.py, rate.py, extensions.py); around
the app: body size (body_size.py); after execution: masking of unexpected errors
(masking.py). Every limit is a Settings field documented in the README; the values are read
from each request's `context.settings`, so one process-wide schema serves any settings."""

from __future__ import annotations

from collections.abc import Callable

from strawberry.extensions import SchemaExtension

from spark_graph.limits.document import DocumentLimits
from spark_graph.limits.extensions import CostLimit, StringLengthLimit
from spark_graph.limits.masking import MaskUnexpectedErrors
from spark_graph.limits.rate import CostBuckets
from spark_graph.settings import Settings

ExtensionFactory = Callable[[], SchemaExtension]


def schema_extensions() -> list[ExtensionFactory]:
    """Factories, first to last. MaskUnexpectedErrors comes first so that it wraps the rest
    and sees the final errors."""
    return [MaskUnexpectedErrors, DocumentLimits, StringLengthLimit, CostLimit]


def cost_buckets(settings: Settings) -> CostBuckets | None:
    """The app's rate-limit buckets, or None when limits are off."""
    if not settings.limits_enabled:
        return None
    return CostBuckets(
        capacity=settings.rate_limit_capacity,
        refill_per_second=settings.rate_limit_refill_per_second,
        max_clients=settings.rate_limit_max_clients,
    )


__all__ = ["CostBuckets", "cost_buckets", "schema_extensions"]
