"""The cost rules, on a schema with the contract's shapes (feed connection, PostCard), and
the contract operations themselves against the real schema."""

from __future__ import annotations

import pytest
from graphql import build_schema, parse, validate

from spark_graph.limits.cost import CostCache, operation_cost
from spark_graph.schema import get_schema
from spark_graph.settings import Settings
from tests.contract.operations import all_operations

SHAPES = build_schema(
    """
    interface Node { id: ID! }
    type PageInfo { hasNextPage: Boolean! endCursor: String }
    type Money { amount: String! currency: String! }
    type Product implements Node {
      id: ID! title: String! price: Money!
      similar(first: Int = 6): [Product!]!
    }
    type User implements Node { id: ID! handle: String! }
    type Post implements Node {
      id: ID! body: String! author: User! products: [Product!]!
      comments(first: Int = 20, after: String): CommentConnection!
    }
    type Comment { id: ID! author: User! }
    type CommentEdge { cursor: String! node: Comment! }
    type CommentConnection { edges: [CommentEdge!]! pageInfo: PageInfo! }
    type PostEdge { cursor: String! node: Post! }
    type PostConnection { edges: [PostEdge!]! pageInfo: PageInfo! }
    type Query {
      feed(first: Int, after: String): PostConnection!
      node(id: ID!): Node
      viewer: User
    }
    """
)

FEED_QUERY = """
query Feed($first: Int!) {
  feed(first: $first) {
    edges { cursor node { ...Card } }
    pageInfo { hasNextPage endCursor }
  }
}
fragment Card on Post { id author { handle } products { title price { amount } } }
"""


def cost(query, variables=None, operation_name=None):
    return operation_cost(SHAPES, parse(query), variables=variables, operation_name=operation_name)


def test_scalars_are_free_and_objects_cost_one():
    assert cost("{ viewer { id handle } }") == 1
    assert cost("{ __typename }") == 0


def test_a_connection_multiplies_its_edges_not_its_page_info():
    # feed 1 + pageInfo 1 + first x (edge 1 + post 1 + author 1 + products 1 + price 1)
    assert cost(FEED_QUERY, {"first": 20}) == 2 + 20 * 5
    assert cost(FEED_QUERY, {"first": 100}) == 2 + 100 * 5


def test_the_page_size_defaults_to_twenty():
    assert cost("{ feed { edges { node { id } } } }") == 1 + 20 * 2
    assert cost(FEED_QUERY, {}) == 2 + 20 * 5


def test_variable_defaults_and_field_defaults_count():
    with_default = "query ($n: Int = 3) { feed(first: $n) { edges { node { id } } } }"
    assert cost(with_default) == 1 + 3 * 2
    # Product.similar(first: Int = 6) and Post.comments(first: Int = 20)
    similar = "{ node(id: 1) { ... on Product { similar { id } } } }"
    assert cost(similar) == 1 + 6 * 1


def test_nested_connections_multiply():
    query = """
    { feed(first: 10) { edges { node { comments(first: 5) { edges { node { id } } } } } } }
    """
    # feed 1 + 10 x (edge 1 + post 1 + comments (1 + 5 x (edge 1 + comment 1)))
    assert cost(query) == 1 + 10 * (2 + 1 + 5 * 2)


def test_repeated_fields_are_merged_like_the_executor_does():
    once = "{ viewer { id } }"
    twice = "{ viewer { id } viewer { handle } ... on Query { viewer { id } } }"
    assert cost(twice) == cost(once) == 1


def test_aliases_are_counted_separately():
    assert cost("{ a: viewer { id } b: viewer { id } }") == 2


def test_an_interface_costs_its_most_expensive_type():
    query = """
    { node(id: 1) {
        ... on User { id }
        ... on Post { author { id } products { price { amount } } } } }
    """
    assert cost(query) == 1 + 3


def test_skip_and_include_are_honoured():
    query = (
        "query ($on: Boolean!) { viewer @include(if: $on) { id } a: viewer @skip(if: true) { id } }"
    )
    assert cost(query, {"on": True}) == 1
    assert cost(query, {"on": False}) == 0


def test_the_operation_named_in_the_request_is_the_one_measured():
    document = "query Small { viewer { id } } query Big { a: viewer { id } b: viewer { id } }"
    assert cost(document, operation_name="Small") == 1
    assert cost(document, operation_name="Big") == 2


def test_cost_limit_defaults_to_one_thousand():
    assert Settings().max_query_cost == 1_000


CONTRACT = all_operations()


@pytest.mark.parametrize("operation", CONTRACT, ids=lambda op: f"{op.file}:{op.name}")
def test_contract_operations_fit_under_the_default_limit(operation):
    """Pages of the default size (20) must fit; operations this branch's schema does not
    serve yet are skipped and checked once their domain is merged."""
    schema = get_schema()._schema
    document = parse(operation.document)
    if validate(schema, document):
        pytest.skip(f"{operation.name} is not served by this schema yet")
    requested = operation_cost(schema, document, variables={"first": 20})
    assert requested <= Settings().max_query_cost, (operation.name, requested)


# A decision, kept uniform rather than special-cased: a feed page of 100 full PostCards is
# 1,102 points and refused; clients page by 20 (222 points), and up to 89 cards fit.
FULL_PAGE_REFUSED = [op for op in CONTRACT if op.name in {"Feed", "TopicFeed"}]


@pytest.mark.parametrize("operation", FULL_PAGE_REFUSED, ids=lambda op: op.name)
def test_a_feed_page_of_one_hundred_post_cards_is_over_the_limit(operation):
    schema = get_schema()._schema
    document = parse(operation.document)
    if validate(schema, document):
        pytest.skip(f"{operation.name} is not served by this schema yet")
    limit = Settings().max_query_cost
    assert operation_cost(schema, document, variables={"first": 100}) > limit
    assert operation_cost(schema, document, variables={"first": 89}) <= limit


def test_the_cost_cache_keys_on_the_variables_that_shape_the_cost():
    cache = CostCache(maxsize=2)
    document = parse(FEED_QUERY)

    def cached(variables):
        return cache.cost(
            SHAPES,
            FEED_QUERY,
            document,
            operation_name=None,
            variables=variables,
            default_page_size=20,
        )

    assert cached({"first": 20}).points == 102
    assert cached({"first": 10}).points == 52
    assert cached({"first": 20, "after": "a cursor"}).points == 102
