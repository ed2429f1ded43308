"""Demo part: idea lists (public and private) and the products saved in them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from seed.data_files import (
    SeedDataError,
    hours_before,
    ids_by,
    lookup,
    prime_member_ids,
    read_data,
)
from spark_graph.auth.models import User
from spark_graph.catalog.models import IdeaList, IdeaListItem, Product
from spark_graph.settings import Settings


async def load(session: AsyncSession, *, settings: Settings, now: datetime) -> None:
    entries = read_data("idea_lists")
    user_ids = await ids_by(session, User.handle, User.id)  # type: ignore[arg-type]
    prime_ids = await prime_member_ids(session)
    product_ids = await ids_by(session, Product.asin, Product.id)  # type: ignore[arg-type]
    lists = []
    for entry in entries:
        owner_id = lookup(user_ids, entry["owner"], "member")
        if owner_id not in prime_ids:
            raise SeedDataError(f"{entry['owner']} keeps an idea list but is not Prime")
        created = hours_before(now, entry.get("hours_ago", 24))
        lists.append(
            IdeaList(
                owner_id=owner_id,
                title=entry["title"],
                description=entry.get("description", ""),
                is_public=bool(entry.get("public", True)),
                created_at=created,
                updated_at=created,
            )
        )
    session.add_all(lists)
    await session.flush()
    items = [
        {
            "idea_list_id": idea_list.id,
            "product_id": lookup(product_ids, asin, "product ASIN"),
            "note": item.get("note") or "",
            "added_at": hours_before(now, item.get("hours_ago", 1)),
        }
        for idea_list, entry in zip(lists, entries, strict=True)
        # A product appears once per list, as the unique constraint wants.
        for asin, item in {i["asin"]: i for i in entry.get("items", [])}.items()
    ]
    if items:
        await session.execute(insert(IdeaListItem), items)
