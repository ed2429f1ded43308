"""Catalog and idea-list rules: who may keep lists, who may touch them, and the counters
(`Product.saved_count`, `IdeaList.item_count`) that move only when an item row really does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.auth.models import User
from spark_graph.auth.service import require_prime
from spark_graph.catalog.models import IdeaList, IdeaListItem, Product
from spark_graph.errors import DomainError, ErrorCode

MAX_TITLE_LENGTH = 100
MAX_DESCRIPTION_LENGTH = 1000
MAX_NOTE_LENGTH = 500


@dataclass(frozen=True)
class SavedItem:
    """Where a product was saved or removed, both rows re-read after the change."""

    idea_list: IdeaList
    product: Product
    changed: bool


def clean_title(title: str) -> str:
    title = title.strip()
    if not 1 <= len(title) <= MAX_TITLE_LENGTH:
        raise DomainError(
            ErrorCode.INVALID, f"A title is 1 to {MAX_TITLE_LENGTH} characters.", "title"
        )
    return title


def clean_description(description: str) -> str:
    description = description.strip()
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise DomainError(
            ErrorCode.INVALID,
            f"A description is at most {MAX_DESCRIPTION_LENGTH} characters.",
            "description",
        )
    return description


def clean_note(note: str) -> str:
    note = note.strip()
    if len(note) > MAX_NOTE_LENGTH:
        raise DomainError(
            ErrorCode.INVALID, f"A note is at most {MAX_NOTE_LENGTH} characters.", "note"
        )
    return note


def can_see_idea_list(idea_list: IdeaList, viewer_id: int | None) -> bool:
    """Public lists are seen by everyone; private ones by their owner alone."""
    return idea_list.is_public or idea_list.owner_id == viewer_id


async def create_idea_list(
    *,
    session: AsyncSession,
    viewer: User,
    title: str,
    description: str,
    is_public: bool,
    now: datetime,
) -> IdeaList:
    require_prime(viewer)
    assert viewer.id is not None
    idea_list = IdeaList(
        owner_id=viewer.id,
        title=clean_title(title),
        description=clean_description(description),
        is_public=is_public,
        created_at=now,
        updated_at=now,
    )
    session.add(idea_list)
    await session.flush()
    return idea_list


async def lock_own_idea_list(
    *, session: AsyncSession, viewer: User, idea_list_id: int, field: str = "ideaListId"
) -> IdeaList:
    """The viewer's list, locked for the rest of the transaction on PostgreSQL so that a
    save and a delete of the same list cannot interleave.

    Someone else's private list does not exist for the viewer (NOT_FOUND); someone else's
    public list may be seen but not changed (FORBIDDEN)."""
    idea_list = (
        await session.execute(
            select(IdeaList)
            .where(col(IdeaList.id) == idea_list_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    ).scalar_one_or_none()
    if idea_list is None or not can_see_idea_list(idea_list, viewer.id):
        raise DomainError(ErrorCode.NOT_FOUND, "No idea list has that ID.", field)
    if idea_list.owner_id != viewer.id:
        raise DomainError(
            ErrorCode.FORBIDDEN, "Only the owner of an idea list may change it.", field
        )
    return idea_list


async def get_product(*, session: AsyncSession, product_id: int, field: str) -> Product:
    product = await session.get(Product, product_id)
    if product is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No product has that ID.", field)
    return product


async def _insert_item_unless_present(
    session: AsyncSession, *, idea_list_id: int, product_id: int, note: str, now: datetime
) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING on the (list, product) unique constraint: True when
    a row was really inserted. The database decides, so racing saves insert once."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(IdeaListItem)
        .values(idea_list_id=idea_list_id, product_id=product_id, note=note, added_at=now)
        .on_conflict_do_nothing(index_elements=["idea_list_id", "product_id"])
        .returning(col(IdeaListItem.id))
    )
    return (await session.execute(statement)).first() is not None


async def _move_counters(
    session: AsyncSession, *, idea_list_id: int, product_id: int, by: int, now: datetime
) -> None:
    # The list row first, then the product row: one lock order for every writer.
    await session.execute(
        update(IdeaList)
        .where(col(IdeaList.id) == idea_list_id)
        .values(item_count=col(IdeaList.item_count) + by, updated_at=now)
    )
    await session.execute(
        update(Product)
        .where(col(Product.id) == product_id)
        .values(saved_count=col(Product.saved_count) + by)
    )


async def _reread(
    session: AsyncSession, idea_list_id: int, product_id: int
) -> tuple[IdeaList, Product]:
    idea_list = await session.get(IdeaList, idea_list_id, populate_existing=True)
    product = await session.get(Product, product_id, populate_existing=True)
    assert idea_list is not None and product is not None
    return idea_list, product


async def save_to_idea_list(
    *,
    session: AsyncSession,
    viewer: User,
    idea_list_id: int,
    product_id: int,
    note: str,
    now: datetime,
) -> SavedItem:
    """Save a product into the viewer's list. Saving it twice is a no-op: nothing moves."""
    require_prime(viewer)
    note = clean_note(note)
    await lock_own_idea_list(session=session, viewer=viewer, idea_list_id=idea_list_id)
    await get_product(session=session, product_id=product_id, field="productId")
    inserted = await _insert_item_unless_present(
        session, idea_list_id=idea_list_id, product_id=product_id, note=note, now=now
    )
    if inserted:
        await _move_counters(
            session, idea_list_id=idea_list_id, product_id=product_id, by=1, now=now
        )
    idea_list, product = await _reread(session, idea_list_id, product_id)
    return SavedItem(idea_list=idea_list, product=product, changed=inserted)


async def remove_from_idea_list(
    *,
    session: AsyncSession,
    viewer: User,
    idea_list_id: int,
    product_id: int,
    now: datetime,
) -> SavedItem:
    """Take a product out of the viewer's list. Removing one that is not there is a no-op."""
    await lock_own_idea_list(session=session, viewer=viewer, idea_list_id=idea_list_id)
    await get_product(session=session, product_id=product_id, field="productId")
    result = await session.execute(
        delete(IdeaListItem).where(
            col(IdeaListItem.idea_list_id) == idea_list_id,
            col(IdeaListItem.product_id) == product_id,
        )
    )
    removed = bool(result.rowcount)  # type: ignore[attr-defined]
    if removed:
        await _move_counters(
            session, idea_list_id=idea_list_id, product_id=product_id, by=-1, now=now
        )
    idea_list, product = await _reread(session, idea_list_id, product_id)
    return SavedItem(idea_list=idea_list, product=product, changed=removed)


async def update_idea_list(
    *,
    session: AsyncSession,
    viewer: User,
    idea_list_id: int,
    title: str | None,
    description: str | None,
    is_public: bool | None,
    now: datetime,
) -> IdeaList:
    """Change what was given; fields left out (null) stay as they are."""
    require_prime(viewer)
    idea_list = await lock_own_idea_list(session=session, viewer=viewer, idea_list_id=idea_list_id)
    if title is not None:
        idea_list.title = clean_title(title)
    if description is not None:
        idea_list.description = clean_description(description)
    if is_public is not None:
        idea_list.is_public = is_public
    idea_list.updated_at = now
    await session.flush()
    return idea_list


async def delete_idea_list(*, session: AsyncSession, viewer: User, idea_list_id: int) -> int:
    """Delete the viewer's list and its items; every product it held is saved once less."""
    await lock_own_idea_list(session=session, viewer=viewer, idea_list_id=idea_list_id)
    held = select(col(IdeaListItem.product_id)).where(
        col(IdeaListItem.idea_list_id) == idea_list_id
    )
    await session.execute(
        update(Product)
        .where(col(Product.id).in_(held))
        .values(saved_count=col(Product.saved_count) - 1)
    )
    await session.execute(
        delete(IdeaListItem).where(col(IdeaListItem.idea_list_id) == idea_list_id)
    )
    await session.execute(delete(IdeaList).where(col(IdeaList.id) == idea_list_id))
    return idea_list_id


LIKE_ESCAPE = "\\"


def like_pattern(text: str) -> str:
    """`%text%` for LIKE, with the searcher's own `%` and `_` taken literally."""
    for special in (LIKE_ESCAPE, "%", "_"):
        text = text.replace(special, LIKE_ESCAPE + special)
    return f"%{text}%"


async def search_products(
    *, session: AsyncSession, query: str, limit: int, after_id: int | None
) -> list[Product]:
    """Products whose title or brand contains `query`, ignoring case, by id. lower(...) LIKE
    behaves the same on SQLite and PostgreSQL (unlike ILIKE, which SQLite lacks)."""
    statement = select(Product).order_by(col(Product.id)).limit(limit)
    text = query.strip().lower()
    if text:
        pattern = like_pattern(text)
        statement = statement.where(
            or_(
                func.lower(col(Product.title)).like(pattern, escape=LIKE_ESCAPE),
                func.lower(col(Product.brand)).like(pattern, escape=LIKE_ESCAPE),
            )
        )
    if after_id is not None:
        statement = statement.where(col(Product.id) > after_id)
    return list((await session.execute(statement)).scalars())
