"""Earnings agree with themselves and with the ledger: sum of days == totals == sum over
links == the purchases recorded. Also the range rules, and the CLI's order-system key."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import event, select

from spark_graph.cli import main as cli_main
from spark_graph.storefronts.models import ServerApiKey
from tests.storefronts.conftest import product_gid

CREATE_LINK_MUTATION = """
mutation Link($input: CreateAffiliateLinkInput!) {
  createAffiliateLink(input: $input) { link { code } errors { code } }
}
"""

RECORD_PURCHASE_MUTATION = """
mutation Record($input: RecordPurchaseInput!) {
  recordPurchase(input: $input) { attributed commission { amount { amount } } errors { code } }
}
"""

EARNINGS_QUERY = """
query Earnings($from: Date!, $to: Date!) {
  viewer {
    influencerProfile {
      earnings(from: $from, to: $to) {
        clicks
        orders
        revenue { amount currency }
        commission { amount currency }
        byDay { date clicks orders revenue { amount } commission { amount } }
      }
      affiliateLinks(first: 20) {
        edges { node { code clickCount conversionCount earnings { amount } } }
      }
    }
  }
}
"""


async def link_for(gql, influencer, product) -> str:
    body = await gql.data(
        CREATE_LINK_MUTATION,
        {"input": {"productId": product_gid(product), "storefrontId": influencer.storefront_gid}},
        token=influencer.token,
    )
    return body["createAffiliateLink"]["link"]["code"]


async def click(gql, code: str) -> str:
    response = await gql.http.get(f"/r/{code}")
    return parse_qs(urlsplit(response.headers["location"]).query)["click"][0]


async def buy(gql, key, product, click_id, order, quantity) -> Decimal:
    body = await gql.data(
        RECORD_PURCHASE_MUTATION,
        {
            "input": {
                "orderId": order,
                "productId": product_gid(product),
                "quantity": quantity,
                "unitPrice": str(product.price),
                "clickId": click_id,
            }
        },
        token=key,
    )
    payload = body["recordPurchase"]
    return (
        Decimal(payload["commission"]["amount"]["amount"]) if payload["attributed"] else Decimal(0)
    )


async def test_days_totals_links_and_ledger_agree(
    gql, make_influencer, make_product, server_key, clock
):
    # given: three days of clicks and purchases over two links, a replay, a late purchase
    influencer = await make_influencer()
    other = await make_influencer()
    book = await make_product(category="books", price="12.99")
    tv = await make_product(category="tvs", price="349.00")
    lamp = await make_product(category="home", price="27.50")
    book_code, tv_code = await link_for(gql, influencer, book), await link_for(gql, influencer, tv)
    noise = await click(gql, await link_for(gql, other, book))  # someone else's click
    start = clock.now().date()
    ledger: list[tuple[int, Decimal, Decimal]] = []  # (day, revenue, commission)

    async def earn(day, product, click_id, order, quantity):
        commission = await buy(gql, server_key, product, click_id, order, quantity)
        assert commission > 0
        ledger.append((day, product.price * quantity, commission))

    day0_click = await click(gql, book_code)
    await earn(0, book, day0_click, "A", 2)
    await earn(0, lamp, day0_click, "A", 1)  # same basket, another product
    await buy(gql, server_key, book, day0_click, "A", 2)  # replay: counts once
    await buy(gql, server_key, book, noise, "Z", 1)  # the other influencer's sale
    clock.advance(timedelta(days=1))
    await click(gql, tv_code)  # a click that never buys
    day1_click = await click(gql, tv_code)
    await earn(1, tv, day1_click, "B", 1)
    clock.advance(timedelta(days=2))
    await buy(gql, server_key, book, day1_click, "C", 1)  # 2 days after its click: nothing
    day3_click = await click(gql, book_code)
    await earn(3, book, day3_click, "D", 3)
    # when
    body = await gql.data(
        EARNINGS_QUERY,
        {"from": start.isoformat(), "to": (start + timedelta(days=4)).isoformat()},
        token=influencer.token,
    )
    # then
    profile = body["viewer"]["influencerProfile"]
    earnings = profile["earnings"]
    days = earnings["byDay"]
    links = [edge["node"] for edge in profile["affiliateLinks"]["edges"]]
    assert [d["date"] for d in days] == [(start + timedelta(days=n)).isoformat() for n in range(5)]
    assert [d["clicks"] for d in days] == [1, 2, 0, 1, 0]
    assert [d["orders"] for d in days] == [1, 1, 0, 1, 0]
    ledger_commission = sum((c for _, _, c in ledger), Decimal(0))
    ledger_revenue = sum((r for _, r, _ in ledger), Decimal(0))
    for n, day in enumerate(days):
        assert Decimal(day["commission"]["amount"]) == sum(
            (c for d, _, c in ledger if d == n), Decimal(0)
        )
    assert Decimal(earnings["commission"]["amount"]) == ledger_commission
    assert sum(Decimal(d["commission"]["amount"]) for d in days) == ledger_commission
    assert sum(Decimal(link["earnings"]["amount"]) for link in links) == ledger_commission
    assert Decimal(earnings["revenue"]["amount"]) == ledger_revenue
    assert sum(Decimal(d["revenue"]["amount"]) for d in days) == ledger_revenue
    assert (
        earnings["clicks"]
        == sum(d["clicks"] for d in days)
        == sum(link["clickCount"] for link in links)
        == 4
    )
    assert (
        earnings["orders"]
        == sum(d["orders"] for d in days)
        == sum(link["conversionCount"] for link in links)
        == 3
    )
    # the figures themselves, from the rates: books 4.5%, home 3%, tvs 2%
    assert ledger_commission == Decimal("1.17") + Decimal("0.83") + Decimal("6.98") + Decimal(
        "1.75"
    )


async def test_a_range_counts_only_its_days(gql, make_influencer, make_product, server_key, clock):
    # given: a sale today and one tomorrow
    influencer = await make_influencer()
    product = await make_product(category="books", price="100.00")
    code = await link_for(gql, influencer, product)
    today = clock.now().date()
    await buy(gql, server_key, product, await click(gql, code), "T1", 1)
    clock.advance(timedelta(days=1))
    await buy(gql, server_key, product, await click(gql, code), "T2", 1)
    # when
    body = await gql.data(
        EARNINGS_QUERY,
        {
            "from": (today + timedelta(days=1)).isoformat(),
            "to": (today + timedelta(days=1)).isoformat(),
        },
        token=influencer.token,
    )
    # then
    earnings = body["viewer"]["influencerProfile"]["earnings"]
    assert (earnings["clicks"], earnings["orders"], earnings["commission"]["amount"]) == (
        1,
        1,
        "4.50",
    )
    assert len(earnings["byDay"]) == 1


async def test_backwards_or_too_long_ranges_are_refused(gql, make_influencer):
    # given
    influencer = await make_influencer()
    # when
    backwards = await gql.execute(
        EARNINGS_QUERY,
        {"from": "2026-11-05", "to": "2026-11-01"},
        token=influencer.token,
        expect_errors=True,
    )
    too_long = await gql.execute(
        EARNINGS_QUERY,
        {"from": "2025-01-01", "to": "2026-11-01"},
        token=influencer.token,
        expect_errors=True,
    )
    # then
    assert backwards["errors"][0]["extensions"]["code"] == "INVALID"
    assert too_long["errors"][0]["extensions"]["code"] == "INVALID"


async def test_cli_create_key_prints_a_secret_the_order_system_can_use(
    gql, make_influencer, make_product, settings, monkeypatch, capsys
):
    # given
    monkeypatch.setenv("DATABASE_URL", settings.database_url)
    influencer = await make_influencer()
    product = await make_product()
    click_id = await click(gql, await link_for(gql, influencer, product))
    # when
    exit_code = await asyncio.to_thread(cli_main, ["create-key", "--name", "order-system"])
    secret = capsys.readouterr().out.strip()
    # then
    assert exit_code == 0
    assert secret.startswith("sgk_")
    assert await buy(gql, secret, product, click_id, "cli-1", 1) == Decimal("0.45")
    # and the same name cannot be used twice
    again = await asyncio.to_thread(cli_main, ["create-key", "--name", "order-system"])
    assert again == 1


async def test_only_a_hash_of_the_secret_is_stored(sessions, server_key):
    # when
    async with sessions() as session:
        rows = list((await session.execute(select(ServerApiKey))).scalars())
    # then
    assert len(rows) == 1
    assert server_key not in rows[0].secret_hash
    assert len(rows[0].secret_hash) == 64


LINKS_PAGE_QUERY = """
query { viewer { influencerProfile {
  socialAccounts { platform isActive }
  storefront { slug }
  affiliateLinks(first: 20) { edges { node { code url clickCount earnings { amount }
    product { title price { amount } } storefront { slug } } } }
} } }
"""


async def test_links_page_costs_the_same_statements_for_2_or_8_links(
    gql, make_influencer, make_product, engine
):
    # given
    few = await make_influencer()
    many = await make_influencer()
    for influencer, count in ((few, 2), (many, 8)):
        for _ in range(count):
            await link_for(gql, influencer, await make_product())

    async def statements_for(token: str) -> int:
        seen: list[str] = []

        def record(conn, cursor, statement, *args):
            seen.append(statement)

        event.listen(engine.sync_engine, "before_cursor_execute", record)
        try:
            body = await gql.data(LINKS_PAGE_QUERY, token=token)
        finally:
            event.remove(engine.sync_engine, "before_cursor_execute", record)
        assert body["viewer"]["influencerProfile"]["affiliateLinks"]["edges"]
        return len([s for s in seen if not s.startswith("PRAGMA")])

    # when
    cost_few = await statements_for(few.token)
    cost_many = await statements_for(many.token)
    # then
    assert cost_few == cost_many
