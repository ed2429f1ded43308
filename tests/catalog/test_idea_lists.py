"""Idea lists through the HTTP endpoint: who may create and change them, the no-op second
save, exact counters, and privacy."""

from __future__ import annotations

from datetime import timedelta

from spark_graph.ids import global_id
from tests.catalog.factories import make_product
from tests.catalog.operations import (
    CREATE_IDEA_LIST,
    DELETE_IDEA_LIST,
    IDEA_LIST_NODE,
    MY_IDEA_LISTS,
    PRODUCT,
    REMOVE_FROM_IDEA_LIST,
    SAVE_TO_IDEA_LIST,
    UPDATE_IDEA_LIST,
    USER_IDEA_LISTS,
)


async def create_list(gql, member, *, title="Dream kitchen", is_public=True, description=""):
    variables = {"input": {"title": title, "description": description, "isPublic": is_public}}
    payload = (await gql.data(CREATE_IDEA_LIST, variables, token=member.token))["createIdeaList"]
    assert payload["errors"] == []
    return payload["ideaList"]["id"]


async def save(gql, member, list_id, product_id, note=""):
    variables = {"input": {"ideaListId": list_id, "productId": product_id, "note": note}}
    return (await gql.data(SAVE_TO_IDEA_LIST, variables, token=member.token))["saveToIdeaList"]


async def remove(gql, member, list_id, product_id):
    variables = {"input": {"ideaListId": list_id, "productId": product_id}}
    return (await gql.data(REMOVE_FROM_IDEA_LIST, variables, token=member.token))[
        "removeFromIdeaList"
    ]


async def saved_count(gql, product_id, token=None):
    node = (await gql.data(PRODUCT, {"id": product_id}, token=token))["node"]
    return node["savedCount"]


async def list_node(gql, list_id, token=None, **variables):
    return (await gql.data(IDEA_LIST_NODE, {"id": list_id, **variables}, token=token))["node"]


def codes(payload):
    return [(e["field"], e["code"]) for e in payload["errors"]]


# --- createIdeaList ---------------------------------------------------------------------


async def test_prime_member_creates_an_idea_list(gql, make_member):
    # given
    maya = await make_member(prime=True, handle="maya")
    variables = {"input": {"title": "  Dream kitchen ", "description": "Tools", "isPublic": False}}
    # when
    payload = (await gql.data(CREATE_IDEA_LIST, variables, token=maya.token))["createIdeaList"]
    # then
    assert payload["errors"] == []
    assert payload["ideaList"] | {"id": None} == {
        "id": None,
        "title": "Dream kitchen",
        "description": "Tools",
        "isPublic": False,
        "itemCount": 0,
        "owner": {"handle": "maya"},
    }
    mine = (await gql.data(MY_IDEA_LISTS, token=maya.token))["viewer"]["ideaLists"]["edges"]
    assert [edge["node"]["id"] for edge in mine] == [payload["ideaList"]["id"]]


async def test_non_prime_member_may_not_create_an_idea_list(gql, make_member):
    # given
    sam = await make_member(prime=False)
    variables = {"input": {"title": "Wishes", "description": "", "isPublic": True}}
    # when
    payload = (await gql.data(CREATE_IDEA_LIST, variables, token=sam.token))["createIdeaList"]
    # then
    assert payload["ideaList"] is None
    assert codes(payload) == [(None, "PRIME_REQUIRED")]
    mine = (await gql.data(MY_IDEA_LISTS, token=sam.token))["viewer"]["ideaLists"]["edges"]
    assert mine == []


async def test_anonymous_caller_may_not_create_an_idea_list(gql):
    # given
    variables = {"input": {"title": "Wishes", "description": "", "isPublic": True}}
    # when
    body = await gql.execute(CREATE_IDEA_LIST, variables, expect_errors=True)
    # then
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_idea_list_fields_are_validated(gql, make_member):
    # given
    maya = await make_member(prime=True)
    cases = {
        "title": {"title": "   ", "description": ""},
        "description": {"title": "Ok", "description": "x" * 1001},
    }
    for field, values in cases.items():
        # when
        variables = {"input": {**values, "isPublic": True}}
        payload = (await gql.data(CREATE_IDEA_LIST, variables, token=maya.token))["createIdeaList"]
        # then
        assert payload["ideaList"] is None
        assert codes(payload) == [(field, "INVALID")]
    title_too_long = {"input": {"title": "x" * 101, "description": "", "isPublic": True}}
    payload = (await gql.data(CREATE_IDEA_LIST, title_too_long, token=maya.token))["createIdeaList"]
    assert codes(payload) == [("title", "INVALID")]
    mine = (await gql.data(MY_IDEA_LISTS, token=maya.token))["viewer"]["ideaLists"]["edges"]
    assert mine == []


# --- saveToIdeaList ---------------------------------------------------------------------


async def test_saving_moves_both_counters_and_saving_again_is_a_no_op(
    gql, make_member, sessions, clock
):
    # given
    maya = await make_member(prime=True)
    product_id = await make_product(sessions, clock)
    list_id = await create_list(gql, maya)
    # when
    first = await save(gql, maya, list_id, product_id, note="For Sunday pancakes")
    clock.advance(timedelta(minutes=5))
    second = await save(gql, maya, list_id, product_id, note="Another note")
    # then
    expected = {
        "ideaList": {"id": list_id, "itemCount": 1},
        "product": {"id": product_id, "savedCount": 1},
        "errors": [],
    }
    assert first == expected
    assert second == expected
    node = await list_node(gql, list_id, token=maya.token)
    notes = [edge["node"]["note"] for edge in node["items"]["edges"]]
    assert notes == ["For Sunday pancakes"]


async def test_saved_count_counts_every_list_holding_the_product(gql, make_member, sessions, clock):
    # given
    maya = await make_member(prime=True)
    lee = await make_member(prime=True)
    product_id = await make_product(sessions, clock)
    lists = [
        await create_list(gql, maya, title="One"),
        await create_list(gql, maya, title="Two", is_public=False),
        await create_list(gql, lee, title="Three"),
    ]
    # when
    await save(gql, maya, lists[0], product_id)
    await save(gql, maya, lists[1], product_id)
    last = await save(gql, lee, lists[2], product_id)
    # then: private lists count too, even if an anonymous reader cannot see them
    assert last["product"]["savedCount"] == 3
    assert await saved_count(gql, product_id) == 3


async def test_only_the_owner_may_save_into_a_list(gql, make_member, sessions, clock):
    # given
    maya = await make_member(prime=True)
    lee = await make_member(prime=True)
    product_id = await make_product(sessions, clock)
    public_id = await create_list(gql, maya, title="Public")
    private_id = await create_list(gql, maya, title="Private", is_public=False)
    # when
    on_public = await save(gql, lee, public_id, product_id)
    on_private = await save(gql, lee, private_id, product_id)
    # then: a public list is seen but not changed; a private one does not exist for lee
    assert codes(on_public) == [("ideaListId", "FORBIDDEN")]
    assert codes(on_private) == [("ideaListId", "NOT_FOUND")]
    assert on_public["product"] is None
    assert await saved_count(gql, product_id) == 0
    assert (await list_node(gql, public_id))["itemCount"] == 0


async def test_saving_needs_prime_and_known_ids(gql, make_member, sessions, clock):
    # given
    maya = await make_member(prime=True)
    sam = await make_member(prime=False)
    product_id = await make_product(sessions, clock)
    list_id = await create_list(gql, maya)
    # when
    by_sam = await save(gql, sam, list_id, product_id)
    no_product = await save(gql, maya, list_id, global_id("Product", 999_999))
    no_list = await save(gql, maya, global_id("IdeaList", 999_999), product_id)
    wrong_type = await save(gql, maya, product_id, product_id)
    garbage = await save(gql, maya, list_id, "not-an-id")
    long_note = await save(gql, maya, list_id, product_id, note="x" * 501)
    # then
    assert codes(by_sam) == [(None, "PRIME_REQUIRED")]
    assert codes(no_product) == [("productId", "NOT_FOUND")]
    assert codes(no_list) == [("ideaListId", "NOT_FOUND")]
    assert codes(wrong_type) == [("ideaListId", "NOT_FOUND")]
    assert codes(garbage) == [("productId", "NOT_FOUND")]
    assert codes(long_note) == [("note", "INVALID")]
    assert await saved_count(gql, product_id) == 0


async def test_anonymous_caller_may_not_save(gql, make_member, sessions, clock):
    # given
    maya = await make_member(prime=True)
    product_id = await make_product(sessions, clock)
    list_id = await create_list(gql, maya)
    variables = {"input": {"ideaListId": list_id, "productId": product_id}}
    # when
    body = await gql.execute(SAVE_TO_IDEA_LIST, variables, expect_errors=True)
    # then
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert await saved_count(gql, product_id) == 0


# --- removeFromIdeaList, updateIdeaList, deleteIdeaList --------------------------------


async def test_removing_moves_both_counters_once(gql, make_member, sessions, clock):
    # given
    maya = await make_member(prime=True)
    product_id = await make_product(sessions, clock)
    list_id = await create_list(gql, maya)
    await save(gql, maya, list_id, product_id)
    # when
    first = await remove(gql, maya, list_id, product_id)
    second = await remove(gql, maya, list_id, product_id)
    # then
    expected = {
        "ideaList": {"id": list_id, "itemCount": 0},
        "product": {"id": product_id, "savedCount": 0},
        "errors": [],
    }
    assert first == expected
    assert second == expected
    assert (await list_node(gql, list_id))["items"]["edges"] == []


async def test_only_the_owner_may_remove(gql, make_member, sessions, clock):
    # given
    maya = await make_member(prime=True)
    lee = await make_member(prime=True)
    product_id = await make_product(sessions, clock)
    list_id = await create_list(gql, maya)
    await save(gql, maya, list_id, product_id)
    # when
    payload = await remove(gql, lee, list_id, product_id)
    # then
    assert codes(payload) == [("ideaListId", "FORBIDDEN")]
    assert await saved_count(gql, product_id) == 1


async def test_owner_updates_a_list_and_others_may_not(gql, make_member):
    # given
    maya = await make_member(prime=True)
    lee = await make_member(prime=True)
    list_id = await create_list(gql, maya, title="Old", description="Old words")
    # when
    changed = (
        await gql.data(
            UPDATE_IDEA_LIST,
            {"input": {"ideaListId": list_id, "title": "New", "isPublic": False}},
            token=maya.token,
        )
    )["updateIdeaList"]
    by_lee = (
        await gql.data(
            UPDATE_IDEA_LIST, {"input": {"ideaListId": list_id, "title": "Mine"}}, token=lee.token
        )
    )["updateIdeaList"]
    invalid = (
        await gql.data(
            UPDATE_IDEA_LIST, {"input": {"ideaListId": list_id, "title": ""}}, token=maya.token
        )
    )["updateIdeaList"]
    # then: lee no longer sees the (now private) list at all
    assert changed == {
        "ideaList": {"id": list_id, "title": "New", "description": "Old words", "isPublic": False},
        "errors": [],
    }
    assert codes(by_lee) == [("ideaListId", "NOT_FOUND")]
    assert codes(invalid) == [("title", "INVALID")]
    assert (await list_node(gql, list_id, token=maya.token))["title"] == "New"


async def test_updating_someone_elses_public_list_is_forbidden(gql, make_member):
    # given
    maya = await make_member(prime=True)
    lee = await make_member(prime=True)
    list_id = await create_list(gql, maya, title="Shared")
    # when
    payload = (
        await gql.data(
            UPDATE_IDEA_LIST, {"input": {"ideaListId": list_id, "title": "Mine"}}, token=lee.token
        )
    )["updateIdeaList"]
    # then
    assert codes(payload) == [("ideaListId", "FORBIDDEN")]
    assert (await list_node(gql, list_id))["title"] == "Shared"


async def test_deleting_a_list_gives_back_every_saved_count(gql, make_member, sessions, clock):
    # given
    maya = await make_member(prime=True)
    lee = await make_member(prime=True)
    skillet = await make_product(sessions, clock)
    kettle = await make_product(sessions, clock, title="Kettle")
    doomed = await create_list(gql, maya, title="Doomed")
    kept = await create_list(gql, maya, title="Kept")
    for product_id in (skillet, kettle):
        await save(gql, maya, doomed, product_id)
    await save(gql, maya, kept, skillet)
    # when
    by_lee = (await gql.data(DELETE_IDEA_LIST, {"input": {"ideaListId": doomed}}, token=lee.token))[
        "deleteIdeaList"
    ]
    deleted = (
        await gql.data(DELETE_IDEA_LIST, {"input": {"ideaListId": doomed}}, token=maya.token)
    )["deleteIdeaList"]
    again = (await gql.data(DELETE_IDEA_LIST, {"input": {"ideaListId": doomed}}, token=maya.token))[
        "deleteIdeaList"
    ]
    # then
    assert codes(by_lee) == [("ideaListId", "FORBIDDEN")]
    assert deleted == {"deletedIdeaListId": doomed, "errors": []}
    assert codes(again) == [("ideaListId", "NOT_FOUND")]
    assert await saved_count(gql, skillet) == 1
    assert await saved_count(gql, kettle) == 0
    assert await list_node(gql, doomed, token=maya.token) is None
    assert (await list_node(gql, kept))["itemCount"] == 1


async def test_anonymous_caller_may_not_change_lists(gql):
    # given
    list_id = global_id("IdeaList", 1)
    product_id = global_id("Product", 1)
    cases = [
        (REMOVE_FROM_IDEA_LIST, {"input": {"ideaListId": list_id, "productId": product_id}}),
        (UPDATE_IDEA_LIST, {"input": {"ideaListId": list_id, "title": "x"}}),
        (DELETE_IDEA_LIST, {"input": {"ideaListId": list_id}}),
    ]
    for operation, variables in cases:
        # when
        body = await gql.execute(operation, variables, expect_errors=True)
        # then
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


# --- privacy ------------------------------------------------------------------------------


async def test_private_lists_are_seen_by_their_owner_alone(gql, make_member, sessions, clock):
    # given
    maya = await make_member(prime=True, handle="maya")
    lee = await make_member(prime=True)
    product_id = await make_product(sessions, clock)
    public_id = await create_list(gql, maya, title="Public")
    private_id = await create_list(gql, maya, title="Private", is_public=False)
    await save(gql, maya, public_id, product_id)
    await save(gql, maya, private_id, product_id)
    maya_id = global_id("User", maya.id)

    def titles(data):
        return sorted(edge["node"]["title"] for edge in data["node"]["ideaLists"]["edges"])

    def saved_in(data):
        return sorted(edge["node"]["title"] for edge in data["node"]["savedIn"]["edges"])

    # when / then: node(id)
    assert await list_node(gql, private_id, token=lee.token) is None
    assert await list_node(gql, private_id) is None
    assert (await list_node(gql, private_id, token=maya.token))["title"] == "Private"
    # User.ideaLists
    by_owner = await gql.data(USER_IDEA_LISTS, {"id": maya_id}, token=maya.token)
    by_other = await gql.data(USER_IDEA_LISTS, {"id": maya_id}, token=lee.token)
    by_anonymous = await gql.data(USER_IDEA_LISTS, {"id": maya_id})
    assert titles(by_owner) == ["Private", "Public"]
    assert titles(by_other) == ["Public"]
    assert titles(by_anonymous) == ["Public"]
    # Product.savedIn
    assert saved_in(await gql.data(PRODUCT, {"id": product_id}, token=maya.token)) == [
        "Private",
        "Public",
    ]
    assert saved_in(await gql.data(PRODUCT, {"id": product_id}, token=lee.token)) == ["Public"]
    assert saved_in(await gql.data(PRODUCT, {"id": product_id})) == ["Public"]
