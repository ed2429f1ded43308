"""Rows the storefront tests start from, made through the services where a service exists."""

from __future__ import annotations

import itertools
from decimal import Decimal

from spark_graph.catalog.models import IdeaList, IdeaListItem, Product
from spark_graph.clock import Clock
from spark_graph.db import SessionFactory, transaction
from spark_graph.storefronts import program, service
from spark_graph.storefronts.api_keys import create_server_api_key
from spark_graph.storefronts.models import Storefront

_numbers = itertools.count(1)


async def make_product(
    sessions: SessionFactory,
    clock: Clock,
    *,
    category: str = "kitchen",
    price: str = "10.00",
    title: str | None = None,
) -> Product:
    number = next(_numbers)
    async with transaction(sessions) as session:
        product = Product(
            asin=f"B0TEST{number:04d}",
            title=title or f"Test product {number}",
            brand="Acme",
            category=category,
            price=Decimal(price),
            rating=4.5,
            review_count=10,
            created_at=clock.now(),
        )
        session.add(product)
    return product


async def make_idea_list(
    sessions: SessionFactory, clock: Clock, *, owner_id: int, product_ids: list[int]
) -> IdeaList:
    # The catalog's idea-list service lives on another branch; rows are made directly here.
    async with transaction(sessions) as session:
        idea_list = IdeaList(
            owner_id=owner_id,
            title="Favourites",
            item_count=len(product_ids),
            created_at=clock.now(),
            updated_at=clock.now(),
        )
        session.add(idea_list)
        await session.flush()
        assert idea_list.id is not None
        for product_id in product_ids:
            session.add(
                IdeaListItem(idea_list_id=idea_list.id, product_id=product_id, added_at=clock.now())
            )
    return idea_list


async def approve(sessions: SessionFactory, clock: Clock, *, user_id: int) -> None:
    async with transaction(sessions) as session:
        await program.apply_to_influencer_program(
            session=session,
            user_id=user_id,
            accounts=[program.AccountInput(program.Platform.YOUTUBE, f"yt{user_id}", 5000)],
            now=clock.now(),
        )


async def open_storefront(
    sessions: SessionFactory, clock: Clock, *, user_id: int, slug: str | None = None
) -> Storefront:
    await approve(sessions, clock, user_id=user_id)
    async with transaction(sessions) as session:
        return await service.create_storefront(
            session=session,
            owner_id=user_id,
            slug=slug or f"shop-{user_id}",
            title="My picks",
            now=clock.now(),
        )


async def make_server_key(sessions: SessionFactory, clock: Clock, *, name: str = "orders") -> str:
    async with transaction(sessions) as session:
        _, secret = await create_server_api_key(session=session, name=name, now=clock.now())
    return secret


async def make_idea_list_item(
    sessions: SessionFactory, clock: Clock, *, idea_list_id: int, product_id: int
) -> IdeaListItem:
    async with transaction(sessions) as session:
        item = IdeaListItem(idea_list_id=idea_list_id, product_id=product_id, added_at=clock.now())
        session.add(item)
    return item
