"""The schema: Query and Mutation assembled from each domain's mixins, plus extensions."""

from __future__ import annotations

from functools import cache

import strawberry
from strawberry import relay
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig

from spark_graph.auth.mutations import AuthMutation
from spark_graph.auth.queries import AuthQuery
from spark_graph.catalog.mutations import CatalogMutation
from spark_graph.catalog.queries import CatalogQuery
from spark_graph.feed.queries import FeedQuery
from spark_graph.social.mutations import SocialMutation
from spark_graph.social.queries import SocialQuery


@strawberry.type(description="Everything a client can read.")
class Query(AuthQuery, SocialQuery, FeedQuery, CatalogQuery):
    node: relay.Node | None = relay.node(
        description="Any object by its global ID (the `id` of a User, Post, Product, ...)."
    )


@strawberry.type(description="Everything a client can change.")
class Mutation(AuthMutation, SocialMutation, CatalogMutation):
    pass


def build_schema() -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        mutation=Mutation,
        # Factories, not instances: an extension instance must never be shared by requests.
        extensions=[
            lambda: ParserCache(maxsize=512),
            lambda: ValidationCache(maxsize=512),
        ],
        config=StrawberryConfig(auto_camel_case=True),
    )


@cache
def get_schema() -> strawberry.Schema:
    """The schema, built once per process on first use (not at import time)."""
    return build_schema()


def export_sdl() -> str:
    return get_schema().as_str() + "\n"
