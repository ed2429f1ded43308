"""Affiliate links, clicks, purchase attribution and commission.

A purchase earns when the click it names is at most 24 hours old; every product of the
basket earns, not only the linked one. Commission = quantity x unit price x the category's
rate (commission_rates.json), rounded to the cent with Decimal."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from functools import cache
from importlib import resources

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.catalog.models import Product
from spark_graph.db import insert_ignoring_conflict
from spark_graph.errors import DomainError, ErrorCode
from spark_graph.money import parse_amount, to_cents
from spark_graph.storefronts.models import (
    AffiliateClick,
    AffiliateConversion,
    AffiliateLink,
    Purchase,
    Storefront,
)
from spark_graph.storefronts.program import require_approved

ATTRIBUTION_WINDOW = timedelta(hours=24)
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: codes get read aloud
CODE_LENGTH = 8
CODE_ATTEMPTS = 5
MAX_ORDER_ID_LENGTH = 64
MAX_QUANTITY = 10_000


@dataclass(frozen=True)
class RateTable:
    default: Decimal
    rates: dict[str, Decimal]

    def rate_for(self, category: str) -> Decimal:
        return self.rates.get(category.strip().lower(), self.default)


@cache
def commission_rates() -> RateTable:
    """The rate table shipped with the package (Amazon's fixed standard rates)."""
    text = resources.files("spark_graph.storefronts").joinpath("commission_rates.json").read_text()
    data = json.loads(text)
    return RateTable(
        default=Decimal(data["default"]),
        rates={category: Decimal(rate) for category, rate in data["rates"].items()},
    )


def commission_for(*, quantity: int, unit_price: Decimal, rate: Decimal) -> Decimal:
    return to_cents(Decimal(quantity) * unit_price * rate)


def affiliate_url(public_base_url: str, code: str) -> str:
    return f"{public_base_url}/r/{code}"


def product_page_url(public_base_url: str, *, asin: str, code: str, click_token: str) -> str:
    return f"{public_base_url}/dp/{asin}?tag={code}&click={click_token}"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


async def find_link(
    *, session: AsyncSession, storefront_id: int, product_id: int
) -> AffiliateLink | None:
    result = await session.execute(
        select(AffiliateLink).where(
            col(AffiliateLink.storefront_id) == storefront_id,
            col(AffiliateLink.product_id) == product_id,
        )
    )
    return result.scalar_one_or_none()


async def create_affiliate_link(
    *, session: AsyncSession, viewer_id: int, storefront_id: int, product_id: int, now: datetime
) -> AffiliateLink:
    """A short code for a product from the influencer's storefront; asking again for the
    same product gives the same link."""
    await require_approved(session=session, user_id=viewer_id, now=now)
    storefront = await session.get(Storefront, storefront_id)
    if storefront is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No storefront has that ID.", "storefrontId")
    if storefront.owner_id != viewer_id:
        raise DomainError(
            ErrorCode.FORBIDDEN, "Links are made from your own storefront.", "storefrontId"
        )
    if await session.get(Product, product_id) is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No product has that ID.", "productId")
    for _ in range(CODE_ATTEMPTS):
        # Unique code and unique (storefront, product): a lost race returns the winner's
        # link, a code collision tries another code.
        await insert_ignoring_conflict(
            session,
            AffiliateLink,
            code=new_code(),
            owner_id=viewer_id,
            storefront_id=storefront_id,
            product_id=product_id,
            click_count=0,
            conversion_count=0,
            earnings=Decimal(0),
            created_at=now,
        )
        link = await find_link(session=session, storefront_id=storefront_id, product_id=product_id)
        if link is not None:
            return link
    raise RuntimeError("could not find a free affiliate code")  # pragma: no cover


@dataclass(frozen=True)
class Click:
    click: AffiliateClick
    link: AffiliateLink
    product: Product


async def record_click(*, session: AsyncSession, code: str, now: datetime) -> Click | None:
    """Records a click on the link with this code; None when no link has it."""
    result = await session.execute(
        select(AffiliateLink, Product)
        .join(Product, col(Product.id) == col(AffiliateLink.product_id))
        .where(col(AffiliateLink.code) == code)
    )
    found = result.first()
    if found is None:
        return None
    link, product = found
    assert link.id is not None
    click = AffiliateClick(
        token=secrets.token_urlsafe(16), link_id=link.id, owner_id=link.owner_id, clicked_at=now
    )
    session.add(click)
    await session.execute(
        update(AffiliateLink)
        .where(col(AffiliateLink.id) == link.id)
        .values(click_count=col(AffiliateLink.click_count) + 1)
    )
    await session.flush()
    return Click(click=click, link=link, product=product)


@dataclass(frozen=True)
class PurchaseResult:
    attributed: bool
    purchase: Purchase | None = None
    link: AffiliateLink | None = None


def validate_purchase(*, order_id: str, quantity: int, unit_price: str) -> tuple[str, Decimal]:
    order_id = order_id.strip()
    if not order_id or len(order_id) > MAX_ORDER_ID_LENGTH:
        raise DomainError(ErrorCode.INVALID, "An order ID is 1 to 64 characters.", "orderId")
    if not 1 <= quantity <= MAX_QUANTITY:
        raise DomainError(ErrorCode.INVALID, "A quantity is 1 to 10,000.", "quantity")
    try:
        price = parse_amount(unit_price)
    except ValueError as exc:
        raise DomainError(
            ErrorCode.INVALID, "A unit price is a decimal string.", "unitPrice"
        ) from exc
    if price < 0 or to_cents(price) != price:
        raise DomainError(
            ErrorCode.INVALID, "A unit price is zero or more, in whole cents.", "unitPrice"
        )
    return order_id, price


async def recorded_result(
    *, session: AsyncSession, order_id: str, product_id: int
) -> PurchaseResult | None:
    result = await session.execute(
        select(Purchase, AffiliateLink)
        .join(AffiliateLink, col(AffiliateLink.id) == col(Purchase.link_id))
        .where(col(Purchase.order_id) == order_id, col(Purchase.product_id) == product_id)
    )
    found = result.first()
    if found is None:
        return None
    purchase, link = found
    return PurchaseResult(attributed=True, purchase=purchase, link=link)


async def record_purchase(
    *,
    session: AsyncSession,
    order_id: str,
    product_id: int,
    quantity: int,
    unit_price: str,
    click_token: str,
    now: datetime,
) -> PurchaseResult:
    """Attribute one order line to the click it names. An order line already recorded
    answers as it did the first time; a click older than 24 hours earns nothing and nothing
    is written."""
    order_id, price = validate_purchase(order_id=order_id, quantity=quantity, unit_price=unit_price)
    product = await session.get(Product, product_id)
    if product is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No product has that ID.", "productId")
    if (
        earlier := await recorded_result(session=session, order_id=order_id, product_id=product_id)
    ) is not None:
        return earlier
    click = (
        await session.execute(
            select(AffiliateClick).where(col(AffiliateClick.token) == click_token)
        )
    ).scalar_one_or_none()
    if click is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No click has that ID.", "clickId")
    if not click.clicked_at <= now <= click.clicked_at + ATTRIBUTION_WINDOW:
        return PurchaseResult(attributed=False)
    assert click.id is not None
    rate = commission_rates().rate_for(product.category)
    commission = commission_for(quantity=quantity, unit_price=price, rate=rate)
    # The unique (order, product) constraint: a replay racing this one inserts nothing and
    # answers with what the winner recorded.
    if not await insert_ignoring_conflict(
        session,
        Purchase,
        order_id=order_id,
        product_id=product_id,
        click_id=click.id,
        link_id=click.link_id,
        owner_id=click.owner_id,
        quantity=quantity,
        unit_price=price,
        revenue=to_cents(Decimal(quantity) * price),
        category=product.category,
        rate=str(rate),
        commission=commission,
        currency=product.currency,
        recorded_at=now,
    ):
        replay = await recorded_result(session=session, order_id=order_id, product_id=product_id)
        assert replay is not None
        return replay
    # An order counts once per link however many of its lines earn.
    new_order = await insert_ignoring_conflict(
        session,
        AffiliateConversion,
        link_id=click.link_id,
        owner_id=click.owner_id,
        order_id=order_id,
        converted_at=now,
    )
    await session.execute(
        update(AffiliateLink)
        .where(col(AffiliateLink.id) == click.link_id)
        .values(
            conversion_count=col(AffiliateLink.conversion_count) + int(new_order),
            earnings=col(AffiliateLink.earnings) + commission,
        )
    )
    recorded = await recorded_result(session=session, order_id=order_id, product_id=product_id)
    assert recorded is not None
    return recorded


async def affiliate_links_page(
    *, session: AsyncSession, owner_id: int, after_id: int | None, limit: int
) -> list[AffiliateLink]:
    """The owner's links, oldest first, after a link ID."""
    statement = select(AffiliateLink).where(col(AffiliateLink.owner_id) == owner_id)
    if after_id is not None:
        statement = statement.where(col(AffiliateLink.id) > after_id)
    result = await session.execute(statement.order_by(col(AffiliateLink.id)).limit(limit))
    return list(result.scalars())
