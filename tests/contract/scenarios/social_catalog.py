"""Contract steps for the catalog operations of social.graphql (Product, SearchProducts,
MyIdeaLists, CreateIdeaList, SaveToIdeaList), run against the seeded demo world as maya,
a Prime demo member. social.py merges CATALOG_STEPS into its STEPS."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import col

from spark_graph.catalog.models import Product
from spark_graph.ids import global_id
from tests.contract.demo import Demo, Step

PRIME_MEMBER = "maya"


async def _popular_product_id(demo: Demo) -> str:
    """The most saved product of the demo, so savedIn and similar have something to show."""
    async with demo.sessions() as session:
        product_id = (
            await session.execute(
                select(col(Product.id))
                .order_by(col(Product.saved_count).desc(), col(Product.id))
                .limit(1)
            )
        ).scalar_one()
    return global_id("Product", product_id)


async def _product(demo: Demo) -> tuple[dict[str, Any], str | None]:
    return {"id": await _popular_product_id(demo)}, await demo.token_for(PRIME_MEMBER)


async def _search_products(demo: Demo) -> tuple[dict[str, Any], str | None]:
    return {"query": "cast iron", "first": 10}, None


def _remember_search(demo: Demo, data: dict[str, Any]) -> None:
    edges = data["products"]["edges"]
    assert edges, "the demo catalog has cast iron products"
    demo.state["catalog.product_id"] = edges[0]["node"]["id"]


async def _my_idea_lists(demo: Demo) -> tuple[dict[str, Any], str | None]:
    return {}, await demo.token_for(PRIME_MEMBER)


async def _create_idea_list(demo: Demo) -> tuple[dict[str, Any], str | None]:
    variables = {
        "input": {
            "title": "Weekend brunch",
            "description": "Everything for a slow Sunday breakfast.",
            "isPublic": True,
        }
    }
    return variables, await demo.token_for(PRIME_MEMBER)


def _remember_idea_list(demo: Demo, data: dict[str, Any]) -> None:
    demo.state["catalog.idea_list_id"] = data["createIdeaList"]["ideaList"]["id"]


async def _save_to_idea_list(demo: Demo) -> tuple[dict[str, Any], str | None]:
    product_id = demo.state.get("catalog.product_id") or await _popular_product_id(demo)
    idea_list_id = demo.state.get("catalog.idea_list_id")
    assert idea_list_id, "CreateIdeaList runs before SaveToIdeaList in social.graphql"
    variables = {
        "input": {"ideaListId": idea_list_id, "productId": product_id, "note": "For pancakes"}
    }
    return variables, await demo.token_for(PRIME_MEMBER)


CATALOG_STEPS: dict[str, Step] = {
    "Product": Step(prepare=_product),
    "SearchProducts": Step(prepare=_search_products, remember=_remember_search),
    "MyIdeaLists": Step(prepare=_my_idea_lists),
    "CreateIdeaList": Step(prepare=_create_idea_list, remember=_remember_idea_list),
    "SaveToIdeaList": Step(prepare=_save_to_idea_list),
}
