"""How to run each operation of storefront.graphql against the seeded demo world.

Operations run in the file's order; later ones use IDs remembered from earlier answers.
A member this scenario signs up itself (`contract_creator`) applies, opens a storefront,
adds a section and makes a link; the order system (a server API key created here through
the service) records a purchase through that link's click; the seeded influencer
`nora_kitchen` reads her earnings and her storefront is read anonymously."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from sqlalchemy import func, select
from sqlmodel import col

from spark_graph.auth import service as auth_service
from spark_graph.auth.models import User
from spark_graph.catalog.models import Product
from spark_graph.db import transaction
from spark_graph.ids import global_id
from spark_graph.storefronts.api_keys import create_server_api_key
from spark_graph.storefronts.models import AffiliateClick
from tests.contract.demo import Demo, Step

NEW_HANDLE = "contract_creator"
NEW_SLUG = "contract-creator"
SEEDED_INFLUENCER = "nora_kitchen"
SEEDED_SLUG = "nora-kitchen"

Prepared = tuple[dict[str, Any], str | None]


async def apply(demo: Demo) -> Prepared:
    async with transaction(demo.sessions) as session:
        await auth_service.sign_up(
            session=session,
            settings=demo.settings,
            now=demo.clock.now(),
            handle=NEW_HANDLE,
            display_name="Contract Creator",
            password="contract-pass-2026",
        )
    accounts = [
        {"platform": "YOUTUBE", "handle": "contractcreator", "followers": 5000},
        {"platform": "INSTAGRAM", "handle": "contract.creator", "followers": 12000},
    ]
    return {"input": {"accounts": accounts}}, await demo.token_for(NEW_HANDLE)


def remember_profile(demo: Demo, data: dict[str, Any]) -> None:
    assert data["applyToInfluencerProgram"]["profile"]["status"] == "APPROVED"


async def as_new_influencer(demo: Demo) -> Prepared:
    return {}, await demo.token_for(NEW_HANDLE)


async def create_storefront(demo: Demo) -> Prepared:
    values = {"slug": NEW_SLUG, "title": "Contract picks", "bio": "Opened by the contract test."}
    return {"input": values}, await demo.token_for(NEW_HANDLE)


def remember_storefront(demo: Demo, data: dict[str, Any]) -> None:
    demo.state["storefront_id"] = data["createStorefront"]["storefront"]["id"]


async def update_storefront(demo: Demo) -> Prepared:
    values = {
        "storefrontId": demo.state["storefront_id"],
        "title": "Contract picks, updated",
        "bio": "Updated by the contract test.",
        "bannerUrl": "https://picsum.photos/seed/contract/1600/400",
    }
    return {"input": values}, await demo.token_for(NEW_HANDLE)


async def demo_product_ids(demo: Demo, count: int) -> list[str]:
    async with demo.sessions() as session:
        rows = await session.execute(select(col(Product.id)).order_by(col(Product.id)).limit(count))
        return [global_id("Product", product_id) for product_id in rows.scalars()]


async def add_section(demo: Demo) -> Prepared:
    product_ids = await demo_product_ids(demo, 3)
    demo.state["product_id"] = product_ids[0]
    values = {
        "storefrontId": demo.state["storefront_id"],
        "title": "Contract section",
        "productIds": product_ids,
    }
    return {"input": values}, await demo.token_for(NEW_HANDLE)


async def storefront(demo: Demo) -> Prepared:
    return {"slug": SEEDED_SLUG}, None


def remember_seeded_storefront(demo: Demo, data: dict[str, Any]) -> None:
    assert data["storefront"]["sections"], "the seeded storefront has sections"


async def create_link(demo: Demo) -> Prepared:
    values = {"productId": demo.state["product_id"], "storefrontId": demo.state["storefront_id"]}
    return {"input": values}, await demo.token_for(NEW_HANDLE)


def remember_link(demo: Demo, data: dict[str, Any]) -> None:
    demo.state["link_code"] = data["createAffiliateLink"]["link"]["code"]


async def record_purchase(demo: Demo) -> Prepared:
    response = await demo.gql.http.get(f"/r/{demo.state['link_code']}")
    assert response.status_code == 302
    click_id = parse_qs(urlsplit(response.headers["location"]).query)["click"][0]
    async with transaction(demo.sessions) as session:
        _, secret = await create_server_api_key(
            session=session, name="contract-order-system", now=demo.clock.now()
        )
    values = {
        "orderId": "CONTRACT-1",
        "productId": demo.state["product_id"],
        "quantity": 2,
        "unitPrice": "24.99",
        "clickId": click_id,
    }
    return {"input": values}, secret


def remember_purchase(demo: Demo, data: dict[str, Any]) -> None:
    assert data["recordPurchase"]["attributed"] is True


async def my_earnings(demo: Demo) -> Prepared:
    # The demo world is anchored to load time; ask for the days its clicks fall on.
    async with demo.sessions() as session:
        first, last = (
            await session.execute(
                select(func.min(AffiliateClick.clicked_at), func.max(AffiliateClick.clicked_at))
                .join(User, col(User.id) == col(AffiliateClick.owner_id))
                .where(col(User.handle) == SEEDED_INFLUENCER)
            )
        ).one()
    days = {"from": first.date().isoformat(), "to": (last + timedelta(days=1)).date().isoformat()}
    return days, await demo.token_for(SEEDED_INFLUENCER)


def remember_earnings(demo: Demo, data: dict[str, Any]) -> None:
    earnings = data["viewer"]["influencerProfile"]["earnings"]
    assert earnings["orders"] > 0 and earnings["clicks"] > 0


STEPS: dict[str, Step] = {
    "ApplyToInfluencerProgram": Step(prepare=apply, remember=remember_profile),
    "MyInfluencerProfile": Step(prepare=as_new_influencer),
    "CreateStorefront": Step(prepare=create_storefront, remember=remember_storefront),
    "UpdateStorefront": Step(prepare=update_storefront),
    "AddStorefrontSection": Step(prepare=add_section),
    "Storefront": Step(prepare=storefront, remember=remember_seeded_storefront),
    "CreateAffiliateLink": Step(prepare=create_link, remember=remember_link),
    "RecordPurchase": Step(prepare=record_purchase, remember=remember_purchase),
    "MyEarnings": Step(prepare=my_earnings, remember=remember_earnings),
}
