"""Affiliate links, the /r/<code> redirect, and recordPurchase with a server API key:
attribution window, replays, the whole basket, commission per category."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest

from spark_graph.ids import global_id
from tests.storefronts.conftest import product_gid

CREATE_LINK_MUTATION = """
mutation Link($input: CreateAffiliateLinkInput!) {
  createAffiliateLink(input: $input) {
    link { id code url clickCount conversionCount earnings { amount } product { id } }
    errors { field code }
  }
}
"""

RECORD_PURCHASE_MUTATION = """
mutation Record($input: RecordPurchaseInput!) {
  recordPurchase(input: $input) {
    attributed
    commission {
      amount { amount currency }
      rate
      category
      link { code clickCount conversionCount earnings { amount } }
    }
    errors { field code }
  }
}
"""

REVIEW_MUTATION = """
mutation Review($input: ReviewInfluencerProfileInput!) {
  reviewInfluencerProfile(input: $input) { errors { code } }
}
"""

MY_LINKS_QUERY = """
query { viewer { influencerProfile { affiliateLinks(first: 20) { edges { node {
  code clickCount conversionCount earnings { amount } } } } } } }
"""


async def create_link(gql, influencer, product) -> dict:
    data = await gql.data(
        CREATE_LINK_MUTATION,
        {"input": {"productId": product_gid(product), "storefrontId": influencer.storefront_gid}},
        token=influencer.token,
    )
    return data["createAffiliateLink"]


async def click(gql, code: str) -> str:
    response = await gql.http.get(f"/r/{code}")
    assert response.status_code == 302
    return parse_qs(urlsplit(response.headers["location"]).query)["click"][0]


async def record(gql, key, product, click_id, *, order="order-1", quantity=1, price=None) -> dict:
    body = await gql.data(
        RECORD_PURCHASE_MUTATION,
        {
            "input": {
                "orderId": order,
                "productId": product_gid(product),
                "quantity": quantity,
                "unitPrice": price or str(product.price),
                "clickId": click_id,
            }
        },
        token=key,
    )
    return body["recordPurchase"]


async def test_an_approved_influencer_gets_a_short_link(
    gql, make_influencer, make_product, settings
):
    # given
    influencer = await make_influencer()
    product = await make_product()
    # when
    payload = await create_link(gql, influencer, product)
    # then
    assert payload["errors"] == []
    link = payload["link"]
    assert 4 <= len(link["code"]) <= 10
    assert link["url"] == f"{settings.public_base_url}/r/{link['code']}"
    assert link["product"]["id"] == product_gid(product)
    assert (link["clickCount"], link["conversionCount"], link["earnings"]["amount"]) == (
        0,
        0,
        "0.00",
    )


async def test_the_same_product_gives_the_same_link_and_others_new_codes(
    gql, make_influencer, make_product
):
    # given
    influencer = await make_influencer()
    one, two = await make_product(), await make_product()
    # when
    first = await create_link(gql, influencer, one)
    again = await create_link(gql, influencer, one)
    other = await create_link(gql, influencer, two)
    # then
    assert again["link"]["code"] == first["link"]["code"]
    assert other["link"]["code"] != first["link"]["code"]


async def test_links_need_an_approved_influencer(
    gql, make_influencer, make_product, make_member, sessions, clock
):
    # given: an influencer whose approval an admin withdrew after the storefront opened
    influencer = await make_influencer()
    admin = await make_member(admin=True)
    product = await make_product()
    profile = await gql.data(
        "query { viewer { influencerProfile { id } } }", token=influencer.token
    )
    await gql.data(
        REVIEW_MUTATION,
        {
            "input": {
                "profileId": profile["viewer"]["influencerProfile"]["id"],
                "status": "REJECTED",
            }
        },
        token=admin.token,
    )
    # when
    payload = await create_link(gql, influencer, product)
    # then
    assert payload["link"] is None
    assert payload["errors"][0]["code"] == "NOT_APPROVED"


async def test_links_come_from_your_own_storefront(gql, make_influencer, make_product):
    # given
    owner = await make_influencer()
    other = await make_influencer()
    product = await make_product()
    # when
    body = await gql.data(
        CREATE_LINK_MUTATION,
        {"input": {"productId": product_gid(product), "storefrontId": owner.storefront_gid}},
        token=other.token,
    )
    # then
    assert body["createAffiliateLink"]["errors"] == [{"field": "storefrontId", "code": "FORBIDDEN"}]


async def test_a_link_to_an_unknown_product_is_not_found(gql, make_influencer):
    # given
    influencer = await make_influencer()
    # when
    body = await gql.data(
        CREATE_LINK_MUTATION,
        {
            "input": {
                "productId": global_id("Product", 999),
                "storefrontId": influencer.storefront_gid,
            }
        },
        token=influencer.token,
    )
    # then
    assert body["createAffiliateLink"]["errors"] == [{"field": "productId", "code": "NOT_FOUND"}]


async def test_the_redirect_counts_a_click_and_sends_to_the_product_page(
    gql, make_influencer, make_product, settings
):
    # given
    influencer = await make_influencer()
    product = await make_product()
    code = (await create_link(gql, influencer, product))["link"]["code"]
    # when
    first = await gql.http.get(f"/r/{code}")
    second = await gql.http.get(f"/r/{code}")
    # then
    assert first.status_code == 302
    location = urlsplit(first.headers["location"])
    assert f"{location.scheme}://{location.netloc}" == settings.public_base_url
    assert location.path == f"/dp/{product.asin}"
    query = parse_qs(location.query)
    assert query["tag"] == [code]
    assert query["click"] != parse_qs(urlsplit(second.headers["location"]).query)["click"]
    links = await gql.data(MY_LINKS_QUERY, token=influencer.token)
    assert (
        links["viewer"]["influencerProfile"]["affiliateLinks"]["edges"][0]["node"]["clickCount"]
        == 2
    )


async def test_an_unknown_code_is_404(gql):
    # when
    response = await gql.http.get("/r/nosuchcode")
    # then
    assert response.status_code == 404


async def test_record_purchase_without_credentials_is_unauthenticated(
    gql, make_influencer, make_product
):
    # given
    influencer = await make_influencer()
    product = await make_product()
    click_id = await click(gql, (await create_link(gql, influencer, product))["link"]["code"])
    variables = {
        "input": {
            "orderId": "o-1",
            "productId": product_gid(product),
            "quantity": 1,
            "unitPrice": "10.00",
            "clickId": click_id,
        }
    }
    # when
    anonymous = await gql.execute(RECORD_PURCHASE_MUTATION, variables, expect_errors=True)
    wrong_key = await gql.execute(
        RECORD_PURCHASE_MUTATION, variables, token="sgk_not-a-real-key", expect_errors=True
    )
    member = await gql.execute(
        RECORD_PURCHASE_MUTATION, variables, token=influencer.token, expect_errors=True
    )
    # then
    assert anonymous["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert wrong_key["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert member["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    links = await gql.data(MY_LINKS_QUERY, token=influencer.token)
    assert (
        links["viewer"]["influencerProfile"]["affiliateLinks"]["edges"][0]["node"][
            "conversionCount"
        ]
        == 0
    )


@pytest.mark.parametrize(
    ("category", "rate"),
    [
        ("luxury-beauty", "0.10"),
        ("books", "0.045"),
        ("kitchen", "0.045"),
        ("automotive", "0.045"),
        ("toys", "0.03"),
        ("furniture", "0.03"),
        ("home", "0.03"),
        ("pets", "0.03"),
        ("beauty", "0.03"),
        ("sports", "0.03"),
        ("baby", "0.03"),
        ("tvs", "0.02"),
        ("grocery", "0.01"),
        ("health", "0.01"),
        ("gift-cards", "0.00"),
        ("electronics", "0.04"),
        ("garden", "0.04"),
    ],
)
async def test_commission_is_quantity_times_price_times_the_category_rate(
    gql, make_influencer, make_product, server_key, category, rate
):
    # given
    influencer = await make_influencer()
    product = await make_product(category=category, price="123.45")
    click_id = await click(gql, (await create_link(gql, influencer, product))["link"]["code"])
    # when
    payload = await record(gql, server_key, product, click_id, quantity=3)
    # then
    expected = (3 * Decimal("123.45") * Decimal(rate)).quantize(Decimal("0.01"))
    assert payload["attributed"] is True
    assert payload["commission"]["amount"] == {"amount": str(expected), "currency": "USD"}
    assert Decimal(payload["commission"]["rate"]) == Decimal(rate)
    assert payload["commission"]["category"] == category


async def test_commission_rounds_half_up_to_the_cent(
    gql, make_influencer, make_product, server_key
):
    # given: 3 x 3.33 x 4.5% = 0.44955
    influencer = await make_influencer()
    product = await make_product(category="books", price="3.33")
    click_id = await click(gql, (await create_link(gql, influencer, product))["link"]["code"])
    # when
    payload = await record(gql, server_key, product, click_id, quantity=3)
    # then
    assert payload["commission"]["amount"]["amount"] == "0.45"


@pytest.mark.parametrize(
    ("wait", "attributed"),
    [(timedelta(0), True), (timedelta(hours=24), True), (timedelta(hours=24, seconds=1), False)],
)
async def test_a_click_attributes_for_24_hours(
    gql, make_influencer, make_product, server_key, clock, wait, attributed
):
    # given
    influencer = await make_influencer()
    product = await make_product()
    click_id = await click(gql, (await create_link(gql, influencer, product))["link"]["code"])
    clock.advance(wait)
    # when
    payload = await record(gql, server_key, product, click_id)
    # then
    assert payload["attributed"] is attributed
    assert (payload["commission"] is not None) is attributed
    links = await gql.data(MY_LINKS_QUERY, token=influencer.token)
    node = links["viewer"]["influencerProfile"]["affiliateLinks"]["edges"][0]["node"]
    assert node["conversionCount"] == (1 if attributed else 0)


async def test_the_same_order_line_counts_once_and_answers_the_same(
    gql, make_influencer, make_product, server_key, clock
):
    # given
    influencer = await make_influencer()
    product = await make_product(price="20.00")
    click_id = await click(gql, (await create_link(gql, influencer, product))["link"]["code"])
    first = await record(gql, server_key, product, click_id, quantity=2)
    # when: sent again, later (after the window even), with another quantity
    clock.advance(timedelta(days=2))
    second = await record(gql, server_key, product, click_id, quantity=5)
    # then
    assert second == first
    links = await gql.data(MY_LINKS_QUERY, token=influencer.token)
    node = links["viewer"]["influencerProfile"]["affiliateLinks"]["edges"][0]["node"]
    assert node["conversionCount"] == 1
    assert node["earnings"]["amount"] == first["commission"]["amount"]["amount"] == "1.80"


async def test_the_whole_basket_earns_each_at_its_own_rate(
    gql, make_influencer, make_product, server_key
):
    # given: the link is for a book; the shopper also buys a TV and a kitchen knife
    influencer = await make_influencer()
    book = await make_product(category="books", price="20.00")
    tv = await make_product(category="tvs", price="500.00")
    knife = await make_product(category="kitchen", price="40.00")
    click_id = await click(gql, (await create_link(gql, influencer, book))["link"]["code"])
    # when
    lines = [
        await record(gql, server_key, product, click_id, order="basket-9")
        for product in (book, tv, knife)
    ]
    # then
    assert [line["commission"]["amount"]["amount"] for line in lines] == ["0.90", "10.00", "1.80"]
    link = lines[-1]["commission"]["link"]
    assert link["conversionCount"] == 1  # one order, however many lines
    assert link["earnings"]["amount"] == "12.70"


async def test_an_unknown_click_is_not_found(gql, make_product, server_key):
    # given
    product = await make_product()
    # when
    payload = await record(gql, server_key, product, "no-such-click")
    # then
    assert payload["errors"] == [{"field": "clickId", "code": "NOT_FOUND"}]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"quantity": 0}, "quantity"),
        ({"unitPrice": "-1.00"}, "unitPrice"),
        ({"unitPrice": "1.005"}, "unitPrice"),
        ({"unitPrice": "ten"}, "unitPrice"),
        ({"orderId": " "}, "orderId"),
        ({"productId": global_id("Product", 999)}, "productId"),
    ],
)
async def test_malformed_purchases_are_refused(
    gql, make_influencer, make_product, server_key, changes, field
):
    # given
    influencer = await make_influencer()
    product = await make_product()
    click_id = await click(gql, (await create_link(gql, influencer, product))["link"]["code"])
    variables = {
        "input": {
            "orderId": "o-7",
            "productId": product_gid(product),
            "quantity": 1,
            "unitPrice": "10.00",
            "clickId": click_id,
        }
    }
    variables["input"].update(changes)
    # when
    body = await gql.data(RECORD_PURCHASE_MUTATION, variables, token=server_key)
    # then
    assert body["recordPurchase"]["errors"][0]["field"] == field
    assert body["recordPurchase"]["attributed"] is False


async def test_concurrent_replays_of_one_order_line_count_once(
    gql, make_influencer, make_product, server_key
):
    # given
    influencer = await make_influencer()
    product = await make_product(category="books", price="10.00")
    code = (await create_link(gql, influencer, product))["link"]["code"]
    click_id = await click(gql, code)
    # when: the order system sends the same line 10 times at once
    answers = await asyncio.gather(
        *(record(gql, server_key, product, click_id, order="race-1") for _ in range(10))
    )
    # then
    assert all(answer == answers[0] for answer in answers)
    assert answers[0]["commission"]["amount"]["amount"] == "0.45"
    links = await gql.data(MY_LINKS_QUERY, token=influencer.token)
    node = links["viewer"]["influencerProfile"]["affiliateLinks"]["edges"][0]["node"]
    assert (node["conversionCount"], node["earnings"]["amount"]) == (1, "0.45")


async def test_concurrent_clicks_are_all_counted(gql, make_influencer, make_product):
    # given
    influencer = await make_influencer()
    code = (await create_link(gql, influencer, await make_product()))["link"]["code"]
    # when
    responses = await asyncio.gather(*(gql.http.get(f"/r/{code}") for _ in range(20)))
    # then
    assert {response.status_code for response in responses} == {302}
    links = await gql.data(MY_LINKS_QUERY, token=influencer.token)
    assert (
        links["viewer"]["influencerProfile"]["affiliateLinks"]["edges"][0]["node"]["clickCount"]
        == 20
    )
