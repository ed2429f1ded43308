"""The schema: Query and Mutation assembled from each domain's mixins, plus extensions."""

from __future__ import annotations

from functools import cache

import strawberry
from graphql import get_named_type
from strawberry import relay
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.schema.config import StrawberryConfig

from spark_graph.auth.mutations import AuthMutation
from spark_graph.auth.queries import AuthQuery
from spark_graph.catalog.mutations import CatalogMutation
from spark_graph.catalog.queries import CatalogQuery
from spark_graph.feed.queries import FeedQuery
from spark_graph.limits import schema_extensions
from spark_graph.moments.mutations import MomentsMutation
from spark_graph.observability.operations import OperationObserver
from spark_graph.persisted_queries import AutomaticPersistedQueries, PersistedQueryStore
from spark_graph.social.mutations import SocialMutation
from spark_graph.social.queries import SocialQuery
from spark_graph.storefronts.affiliate_mutations import AffiliateMutation
from spark_graph.storefronts.mutations import StorefrontMutation
from spark_graph.storefronts.queries import StorefrontQuery


@strawberry.type(description="Everything a client can read.")
class Query(AuthQuery, SocialQuery, FeedQuery, CatalogQuery, StorefrontQuery):
    node: relay.Node | None = relay.node(
        description="Any object by its global ID (the `id` of a User, Post, Product, ...)."
    )


@strawberry.type(description="Everything a client can change.")
class Mutation(
    AuthMutation,
    SocialMutation,
    CatalogMutation,
    StorefrontMutation,
    AffiliateMutation,
    MomentsMutation,
):
    pass


def describe_mutation_inputs(schema: strawberry.Schema) -> None:
    """Every mutation takes one `input` argument whose input type carries the real docs;
    unless it has its own text, the argument reads as GitHub's API words it."""
    mutation = schema._schema.mutation_type
    for name, field in mutation.fields.items() if mutation else ():
        argument = field.args.get("input")
        if argument is not None and not argument.description:
            input_type = get_named_type(argument.type).name
            argument.description = f"Parameters for `{name}`: see `{input_type}`."


def build_schema() -> strawberry.Schema:
    persisted_queries = PersistedQueryStore()
    schema = strawberry.Schema(
        query=Query,
        mutation=Mutation,
        # Factories, not instances: an extension instance must never be shared by requests.
        extensions=[
            # First: it supplies the query text the other extensions work on.
            lambda: AutomaticPersistedQueries(persisted_queries),
            *schema_extensions(),
            lambda: ParserCache(maxsize=512),
            lambda: ValidationCache(maxsize=512),
            OperationObserver,
        ],
        config=StrawberryConfig(auto_camel_case=True),
    )
    describe_mutation_inputs(schema)
    return schema


@cache
def get_schema() -> strawberry.Schema:
    """The schema, built once per process on first use (not at import time)."""
    return build_schema()


def export_sdl() -> str:
    return get_schema().as_str() + "\n"
