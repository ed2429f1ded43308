"""Products through the HTTP endpoint: search, similar products, savedIn, pagination, and
the statement counts of list fields."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from spark_graph.ids import global_id
from tests.catalog.factories import make_product
from tests.catalog.operations import (
    IDEA_LIST_NODE,
    MY_IDEA_LISTS,
    PRODUCT,
    SEARCH_PRODUCTS,
    USER_IDEA_LISTS,
)
from tests.catalog.statements import count_statements
from tests.catalog.test_idea_lists import create_list, list_node, save


async def search(gql, query, **variables):
    return (await gql.data(SEARCH_PRODUCTS, {"query": query, **variables}))["products"]


def titles(connection):
    return [edge["node"]["title"] for edge in connection["edges"]]


# --- products(query:) --------------------------------------------------------------------


async def test_search_matches_titles_and_brands_ignoring_case(gql, sessions, clock):
    # given
    await make_product(sessions, clock, title="Cast Iron SKILLET", brand="Lodge")
    await make_product(sessions, clock, title="Dutch Oven", brand="Le Creuset")
    await make_product(sessions, clock, title="Chef's Knife", brand="Zwilling")
    # when
    by_title = await search(gql, "skillet")
    by_brand = await search(gql, "CREUSET")
    by_both = await search(gql, "l")
    nothing = await search(gql, "toaster")
    # then
    assert titles(by_title) == ["Cast Iron SKILLET"]
    assert titles(by_brand) == ["Dutch Oven"]
    assert titles(by_both) == ["Cast Iron SKILLET", "Dutch Oven", "Chef's Knife"]
    assert titles(nothing) == []


async def test_search_takes_wildcards_literally(gql, sessions, clock):
    # given
    await make_product(sessions, clock, title="100% Cotton Sheets", brand="Brooklinen")
    await make_product(sessions, clock, title="1000 Thread Sheets", brand="Other")
    await make_product(sessions, clock, title="snake_case mug", brand="Dev")
    await make_product(sessions, clock, title="snakeXcase mug", brand="Dev")
    # when
    percent = await search(gql, "100%")
    underscore = await search(gql, "snake_case")
    # then
    assert titles(percent) == ["100% Cotton Sheets"]
    assert titles(underscore) == ["snake_case mug"]


async def test_empty_query_pages_through_every_product_once(gql, sessions, clock):
    # given
    made = [await make_product(sessions, clock, title=f"Product {n:02d}") for n in range(7)]
    # when
    seen = []
    after = None
    pages = 0
    while pages < 10:
        page = await search(gql, "", first=3, after=after)
        seen += [edge["node"]["id"] for edge in page["edges"]]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    # then
    assert pages == 3
    assert seen == made


async def test_page_size_and_cursor_are_checked(gql):
    # when
    too_big = await gql.execute(SEARCH_PRODUCTS, {"query": "", "first": 101}, expect_errors=True)
    bad_cursor = await gql.execute(
        SEARCH_PRODUCTS, {"query": "", "after": "nonsense"}, expect_errors=True
    )
    # then
    assert too_big["errors"][0]["extensions"]["code"] == "INVALID"
    assert bad_cursor["errors"][0]["extensions"]["code"] == "INVALID"


# --- Product.similar ------------------------------------------------------------------------


async def test_similar_is_same_category_most_saved_first_without_itself(
    gql, make_member, sessions, clock
):
    # given: four kitchen products saved 0, 3, 1 and 2 times, and a book saved 5 times
    maya = await make_member(prime=True)
    skillet = await make_product(sessions, clock, title="Skillet")
    whisk = await make_product(sessions, clock, title="Whisk")
    kettle = await make_product(sessions, clock, title="Kettle")
    grater = await make_product(sessions, clock, title="Grater")
    novel = await make_product(sessions, clock, title="Novel", category="books")
    lists = [await create_list(gql, maya, title=f"List {n}") for n in range(5)]
    saves = {whisk: 3, kettle: 1, grater: 2, novel: 5}
    for product_id, times in saves.items():
        for list_id in lists[:times]:
            await save(gql, maya, list_id, product_id)
    # when
    similar = (await gql.data(PRODUCT, {"id": skillet}))["node"]["similar"]
    top_two = (await gql.data(PRODUCT, {"id": skillet, "similar": 2}))["node"]["similar"]
    of_whisk = (await gql.data(PRODUCT, {"id": whisk}))["node"]["similar"]
    # then
    assert [(p["title"], p["savedCount"]) for p in similar] == [
        ("Whisk", 3),
        ("Grater", 2),
        ("Kettle", 1),
    ]
    assert [p["title"] for p in top_two] == ["Whisk", "Grater"]
    assert [p["title"] for p in of_whisk] == ["Grater", "Kettle", "Skillet"]


# --- Product.savedIn and IdeaList.items pagination --------------------------------------


async def test_saved_in_pages_newest_save_first(gql, make_member, sessions, clock):
    # given
    members = [await make_member(prime=True) for _ in range(5)]
    product_id = await make_product(sessions, clock)
    for number, member in enumerate(members):
        list_id = await create_list(gql, member, title=f"List {number}")
        clock.advance(timedelta(minutes=1))
        await save(gql, member, list_id, product_id)
    # when
    first = (await gql.data(PRODUCT, {"id": product_id, "first": 2}))["node"]["savedIn"]
    rest = (
        await gql.data(
            PRODUCT, {"id": product_id, "first": 5, "after": first["pageInfo"]["endCursor"]}
        )
    )["node"]["savedIn"]
    # then
    assert titles(first) == ["List 4", "List 3"]
    assert first["pageInfo"]["hasNextPage"] is True
    assert titles(rest) == ["List 2", "List 1", "List 0"]
    assert rest["pageInfo"]["hasNextPage"] is False


async def test_items_page_newest_first_with_cursors(gql, make_member, sessions, clock):
    # given
    maya = await make_member(prime=True)
    list_id = await create_list(gql, maya)
    products = [await make_product(sessions, clock, title=f"Item {n}") for n in range(5)]
    for product_id in products:
        await save(gql, maya, list_id, product_id)  # same moment: the id breaks the tie
    # when
    first = (await list_node(gql, list_id, first=3))["items"]
    rest = (await list_node(gql, list_id, first=3, after=first["pageInfo"]["endCursor"]))["items"]
    too_big = await gql.execute(IDEA_LIST_NODE, {"id": list_id, "first": 101}, expect_errors=True)

    # then
    def product_titles(connection):
        return [edge["node"]["product"]["title"] for edge in connection["edges"]]

    assert product_titles(first) == ["Item 4", "Item 3", "Item 2"]
    assert product_titles(rest) == ["Item 1", "Item 0"]
    assert rest["pageInfo"]["hasNextPage"] is False
    assert too_big["errors"][0]["extensions"]["code"] == "INVALID"


async def test_user_idea_lists_page_newest_first(gql, make_member, clock):
    # given
    maya = await make_member(prime=True)
    for number in range(3):
        await create_list(gql, maya, title=f"List {number}")
        clock.advance(timedelta(minutes=1))
    variables = {"id": global_id("User", maya.id), "first": 2}
    # when
    first = (await gql.data(USER_IDEA_LISTS, variables))["node"]["ideaLists"]
    after = first["pageInfo"]["endCursor"]
    rest = (await gql.data(USER_IDEA_LISTS, {**variables, "after": after}))["node"]["ideaLists"]
    # then
    assert titles(first) == ["List 2", "List 1"]
    assert titles(rest) == ["List 0"]


async def test_product_round_trips_through_node(gql, sessions, clock):
    # given
    product_id = await make_product(sessions, clock, title="Skillet", price="19.90")
    # when
    node = (await gql.data(PRODUCT, {"id": product_id}))["node"]
    missing = (await gql.data(PRODUCT, {"id": global_id("Product", 424242)}))["node"]
    # then
    assert node["id"] == product_id
    assert node["price"] == {"amount": "19.90", "currency": "USD"}
    assert missing is None


# --- statement counts -----------------------------------------------------------------------


async def fill_lists(gql, member, sessions, clock, *, lists, items):
    for number in range(lists):
        list_id = await create_list(gql, member, title=f"List {number}")
        for item in range(items):
            product_id = await make_product(sessions, clock, title=f"P {number}-{item}")
            await save(gql, member, list_id, product_id)


async def test_my_idea_lists_costs_the_same_statements_for_more_lists(
    gql, make_member, sessions, clock, engine
):
    # given
    few = await make_member(prime=True)
    many = await make_member(prime=True)
    await fill_lists(gql, few, sessions, clock, lists=1, items=1)
    await fill_lists(gql, many, sessions, clock, lists=4, items=3)
    # when
    with count_statements(engine) as for_few:
        await gql.data(MY_IDEA_LISTS, token=few.token)
    with count_statements(engine) as for_many:
        data = await gql.data(MY_IDEA_LISTS, token=many.token)
    # then
    lists = data["viewer"]["ideaLists"]["edges"]
    assert len(lists) == 4
    assert all(len(edge["node"]["items"]["edges"]) == 3 for edge in lists)
    # the viewer (user row with the token check in one), then lists, items, products
    assert len(for_many) == len(for_few) == 4, for_many


async def test_product_page_costs_the_same_statements_for_more_saves(
    gql, make_member, sessions, clock, engine
):
    # given
    quiet = await make_product(sessions, clock, title="Quiet")
    popular = await make_product(sessions, clock, title="Popular")
    for number in range(4):
        member = await make_member(prime=True)
        list_id = await create_list(gql, member, title=f"List {number}")
        await save(gql, member, list_id, popular)
        if number == 0:
            await save(gql, member, list_id, quiet)
    for number in range(4):
        await make_product(sessions, clock, title=f"Similar {number}")
    # when
    with count_statements(engine) as for_quiet:
        await gql.data(PRODUCT, {"id": quiet})
    with count_statements(engine) as for_popular:
        data = await gql.data(PRODUCT, {"id": popular})
    # then
    assert len(data["node"]["savedIn"]["edges"]) == 4
    assert len(data["node"]["similar"]) == 5
    assert len(for_popular) == len(for_quiet) <= 5, for_popular


# --- concurrency ----------------------------------------------------------------------------


async def test_concurrent_saves_of_one_product_count_exactly(gql, make_member, sessions, clock):
    # given: twelve members, each with a list
    members = [await make_member(prime=True) for _ in range(12)]
    product_id = await make_product(sessions, clock)
    lists = [await create_list(gql, member) for member in members]
    # when: all save the same product at once, and the first member saves it six more times
    results = await asyncio.gather(
        *[save(gql, member, list_id, product_id) for member, list_id in zip(members, lists)],
        *[save(gql, members[0], lists[0], product_id) for _ in range(6)],
    )
    # then
    assert all(result["errors"] == [] for result in results)
    node = (await gql.data(PRODUCT, {"id": product_id, "first": 20}))["node"]
    assert node["savedCount"] == 12
    assert len(node["savedIn"]["edges"]) == 12
    assert (await list_node(gql, lists[0]))["itemCount"] == 1
