"""Storefront sections through /graphql: picks in order, mirrored idea lists, moving,
removing, adding and removing products, paging, and a constant number of statements."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from spark_graph.ids import global_id
from tests.storefronts import factories
from tests.storefronts.conftest import product_gid

ADD_SECTION_MUTATION = """
mutation Add($input: AddStorefrontSectionInput!) {
  addStorefrontSection(input: $input) {
    section { id title position mirrorsIdeaList products(first: 20) { edges { node { id } } } }
    errors { field code }
  }
}
"""

MOVE_SECTION_MUTATION = """
mutation Move($input: MoveStorefrontSectionInput!) {
  moveStorefrontSection(input: $input) {
    section { id position }
    storefront { sections { title position } }
    errors { field code }
  }
}
"""

REMOVE_SECTION_MUTATION = """
mutation Remove($input: RemoveStorefrontSectionInput!) {
  removeStorefrontSection(input: $input) {
    removedSectionId
    storefront { sections { title position } }
    errors { field code }
  }
}
"""

ADD_PRODUCTS_MUTATION = """
mutation AddProducts($input: AddProductsToSectionInput!) {
  addProductsToSection(input: $input) {
    section { products(first: 50) { edges { node { id } } } }
    errors { field code }
  }
}
"""

REMOVE_PRODUCT_MUTATION = """
mutation RemoveProduct($input: RemoveProductFromSectionInput!) {
  removeProductFromSection(input: $input) {
    section { products(first: 50) { edges { node { id } } } }
    errors { field code }
  }
}
"""

STOREFRONT_PAGE_QUERY = """
query Storefront($slug: String!) {
  storefront(slug: $slug) {
    slug
    owner { handle }
    sections {
      title
      position
      products(first: 12) {
        edges { node { id title price { amount currency } rating reviewCount savedCount } }
      }
    }
  }
}
"""

SECTION_PAGE_QUERY = """
query Page($id: ID!, $first: Int, $after: String) {
  node(id: $id) {
    ... on StorefrontSection {
      products(first: $first, after: $after) {
        edges { node { id } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}
"""


def ids_of(connection: dict) -> list[str]:
    return [edge["node"]["id"] for edge in connection["edges"]]


async def add_section(gql, influencer, title, product_ids=None, idea_list_id=None) -> dict:
    variables = {
        "input": {
            "storefrontId": influencer.storefront_gid,
            "title": title,
            "productIds": product_ids,
            "ideaListId": idea_list_id,
        }
    }
    data = await gql.data(ADD_SECTION_MUTATION, variables, token=influencer.token)
    return data["addStorefrontSection"]


async def test_a_section_of_picks_keeps_the_order_given(gql, make_influencer, make_product):
    # given
    influencer = await make_influencer()
    products = [await make_product() for _ in range(3)]
    picks = [product_gid(p) for p in reversed(products)]
    # when
    payload = await add_section(gql, influencer, "Kitchen", picks)
    # then
    assert payload["errors"] == []
    section = payload["section"]
    assert section["position"] == 1
    assert section["mirrorsIdeaList"] is False
    assert ids_of(section["products"]) == picks


async def test_new_sections_go_last(gql, make_influencer):
    # given
    influencer = await make_influencer()
    # when
    positions = [
        (await add_section(gql, influencer, f"S{n}"))["section"]["position"] for n in range(3)
    ]
    # then
    assert positions == [1, 2, 3]


async def test_a_section_mirrors_the_owners_idea_list(
    gql, make_influencer, make_product, sessions, clock
):
    # given
    influencer = await make_influencer()
    products = [await make_product() for _ in range(2)]
    idea_list = await factories.make_idea_list(
        sessions, clock, owner_id=influencer.member.id, product_ids=[p.id for p in products]
    )
    # when
    payload = await add_section(
        gql, influencer, "Wishlist", idea_list_id=global_id("IdeaList", idea_list.id)
    )
    # then
    assert payload["errors"] == []
    assert payload["section"]["mirrorsIdeaList"] is True
    # newest saves first, as the idea list itself shows them
    assert ids_of(payload["section"]["products"]) == [product_gid(p) for p in reversed(products)]
    # and it follows the list as it grows
    extra = await make_product()
    await factories.make_idea_list_item(
        sessions, clock, idea_list_id=idea_list.id, product_id=extra.id
    )
    page = await gql.data(STOREFRONT_PAGE_QUERY, {"slug": influencer.storefront.slug})
    mirrored = page["storefront"]["sections"][0]["products"]
    assert ids_of(mirrored) == [product_gid(p) for p in [extra, *reversed(products)]]


async def test_someone_elses_idea_list_cannot_be_mirrored(
    gql, make_influencer, make_member, make_product, sessions, clock
):
    # given
    influencer = await make_influencer()
    stranger = await make_member()
    product = await make_product()
    theirs = await factories.make_idea_list(
        sessions, clock, owner_id=stranger.id, product_ids=[product.id]
    )
    # when
    payload = await add_section(
        gql, influencer, "Not mine", idea_list_id=global_id("IdeaList", theirs.id)
    )
    # then
    assert payload["errors"] == [{"field": "ideaListId", "code": "FORBIDDEN"}]
    page = await gql.data(STOREFRONT_PAGE_QUERY, {"slug": influencer.storefront.slug})
    assert page["storefront"]["sections"] == []


async def test_picks_and_an_idea_list_together_are_invalid(
    gql, make_influencer, make_product, sessions, clock
):
    # given
    influencer = await make_influencer()
    product = await make_product()
    idea_list = await factories.make_idea_list(
        sessions, clock, owner_id=influencer.member.id, product_ids=[product.id]
    )
    # when
    payload = await add_section(
        gql, influencer, "Both", [product_gid(product)], global_id("IdeaList", idea_list.id)
    )
    # then
    assert payload["errors"] == [{"field": "ideaListId", "code": "INVALID"}]


@pytest.mark.parametrize(
    ("field", "value"),
    [("productIds", [global_id("Product", 999)]), ("ideaListId", global_id("IdeaList", 999))],
)
async def test_unknown_products_or_lists_are_not_found(gql, make_influencer, field, value):
    # given
    influencer = await make_influencer()
    variables = {"input": {"storefrontId": influencer.storefront_gid, "title": "X", field: value}}
    # when
    body = await gql.data(ADD_SECTION_MUTATION, variables, token=influencer.token)
    # then
    assert body["addStorefrontSection"]["errors"] == [{"field": field, "code": "NOT_FOUND"}]
    page = await gql.data(STOREFRONT_PAGE_QUERY, {"slug": influencer.storefront.slug})
    assert page["storefront"]["sections"] == []


async def test_only_the_owner_adds_sections(gql, make_influencer):
    # given
    owner = await make_influencer()
    other = await make_influencer()
    variables = {"input": {"storefrontId": owner.storefront_gid, "title": "Mine now"}}
    # when
    body = await gql.data(ADD_SECTION_MUTATION, variables, token=other.token)
    # then
    assert body["addStorefrontSection"]["errors"][0]["code"] == "FORBIDDEN"


async def make_sections(gql, influencer, titles) -> list[str]:
    return [(await add_section(gql, influencer, t))["section"]["id"] for t in titles]


@pytest.mark.parametrize(
    ("moved", "to", "expected"),
    [(0, 3, "BCAD"), (0, 4, "BCDA"), (3, 1, "DABC"), (1, 3, "ACBD"), (2, 3, "ABCD")],
)
async def test_moving_a_section_shifts_the_others(gql, make_influencer, moved, to, expected):
    # given
    influencer = await make_influencer()
    ids = await make_sections(gql, influencer, "ABCD")
    # when
    body = await gql.data(
        MOVE_SECTION_MUTATION,
        {"input": {"sectionId": ids[moved], "position": to}},
        token=influencer.token,
    )
    # then
    payload = body["moveStorefrontSection"]
    assert payload["section"]["position"] == to
    sections = payload["storefront"]["sections"]
    assert "".join(s["title"] for s in sections) == expected
    assert [s["position"] for s in sections] == [1, 2, 3, 4]


@pytest.mark.parametrize("position", [0, 4, -1])
async def test_moving_out_of_range_is_invalid(gql, make_influencer, position):
    # given
    influencer = await make_influencer()
    ids = await make_sections(gql, influencer, "ABC")
    # when
    body = await gql.data(
        MOVE_SECTION_MUTATION,
        {"input": {"sectionId": ids[0], "position": position}},
        token=influencer.token,
    )
    # then
    assert body["moveStorefrontSection"]["errors"] == [{"field": "position", "code": "INVALID"}]


async def test_removing_a_section_closes_the_gap(gql, make_influencer, make_product):
    # given
    influencer = await make_influencer()
    ids = await make_sections(gql, influencer, "ABC")
    # when
    body = await gql.data(
        REMOVE_SECTION_MUTATION, {"input": {"sectionId": ids[1]}}, token=influencer.token
    )
    # then
    payload = body["removeStorefrontSection"]
    assert payload["removedSectionId"] == ids[1]
    assert payload["storefront"]["sections"] == [
        {"title": "A", "position": 1},
        {"title": "C", "position": 2},
    ]
    # and the next section goes after the last one
    assert (await add_section(gql, influencer, "D"))["section"]["position"] == 3


async def test_only_the_owner_moves_or_removes_sections(gql, make_influencer):
    # given
    owner = await make_influencer()
    other = await make_influencer()
    (section_id,) = await make_sections(gql, owner, "A")
    # when
    moved = await gql.data(
        MOVE_SECTION_MUTATION,
        {"input": {"sectionId": section_id, "position": 1}},
        token=other.token,
    )
    removed = await gql.data(
        REMOVE_SECTION_MUTATION, {"input": {"sectionId": section_id}}, token=other.token
    )
    # then
    assert moved["moveStorefrontSection"]["errors"][0]["code"] == "FORBIDDEN"
    assert removed["removeStorefrontSection"]["errors"][0]["code"] == "FORBIDDEN"
    page = await gql.data(STOREFRONT_PAGE_QUERY, {"slug": owner.storefront.slug})
    assert len(page["storefront"]["sections"]) == 1


async def test_removing_an_unknown_section_is_not_found(gql, make_influencer):
    # given
    influencer = await make_influencer()
    # when
    body = await gql.data(
        REMOVE_SECTION_MUTATION,
        {"input": {"sectionId": global_id("StorefrontSection", 999)}},
        token=influencer.token,
    )
    # then
    assert body["removeStorefrontSection"]["errors"] == [
        {"field": "sectionId", "code": "NOT_FOUND"}
    ]


async def test_products_are_appended_once_and_removed_with_the_gap_closed(
    gql, make_influencer, make_product
):
    # given
    influencer = await make_influencer()
    a, b, c = [await make_product() for _ in range(3)]
    section_id = (await add_section(gql, influencer, "Picks", [product_gid(a)]))["section"]["id"]
    # when: b and c appended, a given again (stays first)
    added = await gql.data(
        ADD_PRODUCTS_MUTATION,
        {
            "input": {
                "sectionId": section_id,
                "productIds": [product_gid(b), product_gid(a), product_gid(c)],
            }
        },
        token=influencer.token,
    )
    # then
    assert ids_of(added["addProductsToSection"]["section"]["products"]) == [
        product_gid(a),
        product_gid(b),
        product_gid(c),
    ]
    # when: b removed
    removed = await gql.data(
        REMOVE_PRODUCT_MUTATION,
        {"input": {"sectionId": section_id, "productId": product_gid(b)}},
        token=influencer.token,
    )
    # then
    assert ids_of(removed["removeProductFromSection"]["section"]["products"]) == [
        product_gid(a),
        product_gid(c),
    ]
    # and a product added later goes after c
    d = await make_product()
    again = await gql.data(
        ADD_PRODUCTS_MUTATION,
        {"input": {"sectionId": section_id, "productIds": [product_gid(d)]}},
        token=influencer.token,
    )
    assert ids_of(again["addProductsToSection"]["section"]["products"])[-1] == product_gid(d)


async def test_removing_a_product_not_in_the_section_is_not_found(
    gql, make_influencer, make_product
):
    # given
    influencer = await make_influencer()
    product = await make_product()
    section_id = (await add_section(gql, influencer, "Empty"))["section"]["id"]
    # when
    body = await gql.data(
        REMOVE_PRODUCT_MUTATION,
        {"input": {"sectionId": section_id, "productId": product_gid(product)}},
        token=influencer.token,
    )
    # then
    assert body["removeProductFromSection"]["errors"] == [
        {"field": "productId", "code": "NOT_FOUND"}
    ]


async def test_a_mirrored_section_takes_no_picks(
    gql, make_influencer, make_product, sessions, clock
):
    # given
    influencer = await make_influencer()
    product = await make_product()
    idea_list = await factories.make_idea_list(
        sessions, clock, owner_id=influencer.member.id, product_ids=[]
    )
    section_id = (
        await add_section(
            gql, influencer, "Mirror", idea_list_id=global_id("IdeaList", idea_list.id)
        )
    )["section"]["id"]
    # when
    body = await gql.data(
        ADD_PRODUCTS_MUTATION,
        {"input": {"sectionId": section_id, "productIds": [product_gid(product)]}},
        token=influencer.token,
    )
    # then
    assert body["addProductsToSection"]["errors"] == [{"field": "sectionId", "code": "INVALID"}]


async def test_only_the_owner_changes_a_sections_products(gql, make_influencer, make_product):
    # given
    owner = await make_influencer()
    other = await make_influencer()
    product = await make_product()
    section_id = (await add_section(gql, owner, "Picks", [product_gid(product)]))["section"]["id"]
    # when
    added = await gql.data(
        ADD_PRODUCTS_MUTATION,
        {"input": {"sectionId": section_id, "productIds": [product_gid(product)]}},
        token=other.token,
    )
    removed = await gql.data(
        REMOVE_PRODUCT_MUTATION,
        {"input": {"sectionId": section_id, "productId": product_gid(product)}},
        token=other.token,
    )
    # then
    assert added["addProductsToSection"]["errors"][0]["code"] == "FORBIDDEN"
    assert removed["removeProductFromSection"]["errors"][0]["code"] == "FORBIDDEN"


async def test_section_products_page_with_cursors(gql, make_influencer, make_product):
    # given
    influencer = await make_influencer()
    products = [product_gid(await make_product()) for _ in range(5)]
    section_id = (await add_section(gql, influencer, "Many", products))["section"]["id"]
    # when
    first = await gql.data(SECTION_PAGE_QUERY, {"id": section_id, "first": 2})
    page = first["node"]["products"]
    rest = await gql.data(
        SECTION_PAGE_QUERY, {"id": section_id, "first": 10, "after": page["pageInfo"]["endCursor"]}
    )
    # then
    assert ids_of(page) == products[:2]
    assert page["pageInfo"]["hasNextPage"] is True
    assert ids_of(rest["node"]["products"]) == products[2:]
    assert rest["node"]["products"]["pageInfo"]["hasNextPage"] is False


async def test_page_size_over_100_is_refused(gql, make_influencer):
    # given
    influencer = await make_influencer()
    section_id = (await add_section(gql, influencer, "Any"))["section"]["id"]
    # when
    body = await gql.execute(
        SECTION_PAGE_QUERY, {"id": section_id, "first": 101}, expect_errors=True
    )
    # then
    assert body["errors"][0]["extensions"]["code"] == "INVALID"


async def count_statements(engine, action) -> int:
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        await action()
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    return len([s for s in statements if not s.startswith("PRAGMA")])


async def test_a_storefront_page_costs_the_same_statements_for_2_or_8_sections(
    gql, make_influencer, make_product, engine, sessions, clock
):
    # given: two storefronts, one with 2 sections, one with 8, picks and mirrors mixed
    small = await make_influencer()
    large = await make_influencer()
    products = [product_gid(await make_product()) for _ in range(4)]
    for influencer, count in ((small, 2), (large, 8)):
        idea_list = await factories.make_idea_list(
            sessions, clock, owner_id=influencer.member.id, product_ids=[]
        )
        for n in range(count):
            if n % 2:
                await add_section(
                    gql, influencer, f"S{n}", idea_list_id=global_id("IdeaList", idea_list.id)
                )
            else:
                await add_section(gql, influencer, f"S{n}", products)

    async def page(slug: str) -> None:
        body = await gql.data(STOREFRONT_PAGE_QUERY, {"slug": slug})
        assert body["storefront"]["sections"]

    # when
    few = await count_statements(engine, lambda: page(small.storefront.slug))
    many = await count_statements(engine, lambda: page(large.storefront.slug))
    # then
    assert few == many
    assert many <= 6
