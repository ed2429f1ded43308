"""Demo part: approved influencers (members made through sign-up), their storefronts,
sections (picks and a mirrored idea list), affiliate links, clicks and attributed purchases,
all through the services, so the demo keeps every rule and counter of the app."""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from seed.data_files import SeedDataError, hours_before, read_data
from spark_graph.auth import service as auth_service
from spark_graph.catalog import service as catalog_service
from spark_graph.catalog.models import Product
from spark_graph.settings import Settings
from spark_graph.storefronts import affiliate, program
from spark_graph.storefronts import service as storefronts

PRODUCT_REF = re.compile(r"^(?P<category>[a-z0-9-]+)#(?P<index>\d+)$")


class Catalog:
    """Product refs of the data file ("B0..." ASINs or "<category>#<n>") to product rows."""

    def __init__(self, products: list[Product]) -> None:
        self.by_asin = {product.asin: product for product in products}
        self.by_category: dict[str, list[Product]] = defaultdict(list)
        for product in products:
            self.by_category[product.category].append(product)

    @classmethod
    async def load(cls, session: AsyncSession) -> Catalog:
        rows = await session.execute(select(Product).order_by(col(Product.id)))
        return cls(list(rows.scalars()))

    def product(self, ref: str) -> Product:
        if ref in self.by_asin:
            return self.by_asin[ref]
        match = PRODUCT_REF.match(ref)
        in_category = self.by_category.get(match["category"], []) if match else []
        if not match or int(match["index"]) >= len(in_category):
            raise SeedDataError(f"no product {ref!r} in the demo catalog")
        return in_category[int(match["index"])]

    def product_id(self, ref: str) -> int:
        product_id = self.product(ref).id
        assert product_id is not None
        return product_id


async def load(session: AsyncSession, *, settings: Settings, now: datetime) -> None:
    catalog = await Catalog.load(session)
    for entry in read_data("storefronts"):
        await load_influencer(session, entry, catalog=catalog, settings=settings, now=now)


async def load_influencer(
    session: AsyncSession,
    entry: dict[str, Any],
    *,
    catalog: Catalog,
    settings: Settings,
    now: datetime,
) -> None:
    joined = hours_before(now, 24 * entry.get("joined_days_ago", 30))
    user = await auth_service.sign_up(
        session=session,
        settings=settings,
        now=joined,
        handle=entry["handle"],
        display_name=entry["display_name"],
        password=entry["password"],
        is_prime=bool(entry.get("prime")),
    )
    user.bio = entry.get("bio", "")
    assert user.id is not None
    accounts = [
        program.AccountInput(program.Platform(a["platform"]), a["handle"], int(a["followers"]))
        for a in entry["accounts"]
    ]
    profile = await program.apply_to_influencer_program(
        session=session, user_id=user.id, accounts=accounts, now=joined
    )
    if not program.is_approved(profile, now):
        raise SeedDataError(f"{entry['handle']} is not approved by the program's rule")
    if entry.get("onsite_associate"):
        await program.invite_onsite_associate(session=session, user_id=user.id, now=joined)

    # The storefront opens once every account has passed its activation delay.
    opened = hours_before(now, 24 * (entry.get("joined_days_ago", 30) - 6))
    spec = entry["storefront"]
    storefront = await storefronts.create_storefront(
        session=session,
        owner_id=user.id,
        slug=spec["slug"],
        title=spec["title"],
        bio=spec.get("bio", ""),
        now=opened,
    )
    assert storefront.id is not None
    if spec.get("banner_url"):
        await storefronts.update_storefront(
            session=session,
            viewer_id=user.id,
            storefront_id=storefront.id,
            banner_url=spec["banner_url"],
            now=opened,
        )
    for section in spec.get("sections", []):
        idea_list_id = None
        if "idea_list" in section:
            idea_list = await catalog_service.create_idea_list(
                session=session,
                viewer=user,
                title=section["idea_list"]["title"],
                description="",
                is_public=True,
                now=opened,
            )
            idea_list_id = idea_list.id
            assert idea_list_id is not None
            for ref in section["idea_list"]["items"]:
                await catalog_service.save_to_idea_list(
                    session=session,
                    viewer=user,
                    idea_list_id=idea_list_id,
                    product_id=catalog.product_id(ref),
                    note="",
                    now=opened,
                )
        await storefronts.add_section(
            session=session,
            viewer_id=user.id,
            storefront_id=storefront.id,
            title=section["title"],
            product_ids=[catalog.product_id(ref) for ref in section.get("picks", [])],
            idea_list_id=idea_list_id,
            now=opened,
        )

    codes: dict[str, str] = {}
    for ref in entry.get("links", []):
        link = await affiliate.create_affiliate_link(
            session=session,
            viewer_id=user.id,
            storefront_id=storefront.id,
            product_id=catalog.product_id(ref),
            now=opened,
        )
        codes[ref] = link.code
    for visit in entry.get("visits", []):
        await load_visit(session, visit, codes=codes, catalog=catalog, now=now)


async def load_visit(
    session: AsyncSession,
    visit: dict[str, Any],
    *,
    codes: dict[str, str],
    catalog: Catalog,
    now: datetime,
) -> None:
    clicked_at = hours_before(now, visit["hours_ago"])
    code = codes.get(visit["link"])
    if code is None:
        raise SeedDataError(f"a visit names {visit['link']!r}, which has no link")
    last_click = None
    for _ in range(int(visit.get("clicks", 1))):
        last_click = await affiliate.record_click(session=session, code=code, now=clicked_at)
    if not visit.get("order") or last_click is None:
        return
    bought_at = hours_before(now, visit["hours_ago"] - 1)
    for line in visit["basket"]:
        product = catalog.product(line["product"])
        assert product.id is not None
        result = await affiliate.record_purchase(
            session=session,
            order_id=visit["order"],
            product_id=product.id,
            quantity=int(line.get("quantity", 1)),
            unit_price=str(product.price),
            click_token=last_click.click.token,
            now=bought_at,
        )
        if not result.attributed:
            raise SeedDataError(f"order {visit['order']} was not attributed")
