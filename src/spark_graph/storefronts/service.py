"""Storefront rules: vanity slugs, ownership, ordered sections of picks or mirrored idea lists.

The influencer program's rules live in `program.py`, affiliate links and commission in
`affiliate.py`; this module is the storefront itself."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.catalog.models import IdeaList, Product
from spark_graph.catalog.service import can_see_idea_list
from spark_graph.db import insert_ignoring_conflict
from spark_graph.errors import DomainError, ErrorCode
from spark_graph.storefronts.models import SectionProduct, Storefront, StorefrontSection
from spark_graph.storefronts.program import require_approved

SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
MIN_SLUG_LENGTH = 3
MAX_SLUG_LENGTH = 40
# Paths of the site itself and words that would mislead shoppers.
RESERVED_SLUGS = frozenset(
    {
        "about", "account", "admin", "amazon", "api", "assets", "dashboard", "dp", "explore",
        "feed", "graphiql", "graphql", "healthz", "help", "login", "logout", "metrics",
        "moments", "privacy", "r", "search", "settings", "shop", "signup", "spark", "static",
        "storefront", "storefronts", "support", "terms", "www",
    }
)  # fmt: skip
MAX_TITLE_LENGTH = 100
MAX_BIO_LENGTH = 1000
MAX_URL_LENGTH = 500
MAX_PRODUCTS_PER_CALL = 100


def storefront_url(public_base_url: str, slug: str) -> str:
    return f"{public_base_url}/shop/{slug}"


def validate_slug(slug: str) -> str:
    slug = slug.strip()
    if slug in RESERVED_SLUGS:
        raise DomainError(ErrorCode.RESERVED, f"“{slug}” is reserved; pick another.", "slug")
    if not MIN_SLUG_LENGTH <= len(slug) <= MAX_SLUG_LENGTH or not SLUG_PATTERN.match(slug):
        raise DomainError(
            ErrorCode.INVALID,
            "A slug is 3 to 40 lower-case letters, digits and hyphens, "
            "starting and ending with a letter or digit.",
            "slug",
        )
    return slug


def validate_title(title: str) -> str:
    title = title.strip()
    if not title or len(title) > MAX_TITLE_LENGTH:
        raise DomainError(ErrorCode.INVALID, "A title is 1 to 100 characters.", "title")
    return title


def validate_bio(bio: str) -> str:
    bio = bio.strip()
    if len(bio) > MAX_BIO_LENGTH:
        raise DomainError(ErrorCode.INVALID, "A bio is at most 1,000 characters.", "bio")
    return bio


def validate_banner_url(url: str) -> str | None:
    """An empty string removes the banner."""
    url = url.strip()
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or len(url) > MAX_URL_LENGTH:
        raise DomainError(ErrorCode.INVALID, "A banner is an http or https address.", "bannerUrl")
    return url


async def find_storefront_by_slug(*, session: AsyncSession, slug: str) -> Storefront | None:
    result = await session.execute(select(Storefront).where(col(Storefront.slug) == slug))
    return result.scalar_one_or_none()


async def find_storefront_by_owner(*, session: AsyncSession, owner_id: int) -> Storefront | None:
    result = await session.execute(select(Storefront).where(col(Storefront.owner_id) == owner_id))
    return result.scalar_one_or_none()


async def create_storefront(
    *,
    session: AsyncSession,
    owner_id: int,
    slug: str,
    title: str,
    bio: str = "",
    now: datetime,
) -> Storefront:
    await require_approved(session=session, user_id=owner_id, now=now)
    slug = validate_slug(slug)
    title = validate_title(title)
    bio = validate_bio(bio)
    if await find_storefront_by_owner(session=session, owner_id=owner_id) is not None:
        raise DomainError(ErrorCode.ALREADY_EXISTS, "You have a storefront already.")
    if await find_storefront_by_slug(session=session, slug=slug) is not None:
        raise DomainError(ErrorCode.TAKEN, "That slug is taken.", "slug")
    # The unique indexes on owner_id and slug are the guards when two requests race.
    inserted = await insert_ignoring_conflict(
        session,
        Storefront,
        owner_id=owner_id,
        slug=slug,
        title=title,
        bio=bio,
        section_count=0,
        created_at=now,
        updated_at=now,
    )
    storefront = await find_storefront_by_owner(session=session, owner_id=owner_id)
    if not inserted:
        if storefront is not None:
            raise DomainError(ErrorCode.ALREADY_EXISTS, "You have a storefront already.")
        raise DomainError(ErrorCode.TAKEN, "That slug is taken.", "slug")
    assert storefront is not None
    return storefront


async def owned_storefront(
    *, session: AsyncSession, storefront_id: int, viewer_id: int, now: datetime
) -> Storefront:
    """The storefront, locked for this transaction (the UPDATE takes the row lock on
    PostgreSQL and the write lock on SQLite), when the viewer owns it."""
    storefront = await session.get(Storefront, storefront_id)
    if storefront is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No storefront has that ID.", "storefrontId")
    if storefront.owner_id != viewer_id:
        raise DomainError(ErrorCode.FORBIDDEN, "Only the owner may change this storefront.")
    await session.execute(
        update(Storefront).where(col(Storefront.id) == storefront_id).values(updated_at=now)
    )
    await session.refresh(storefront)
    return storefront


async def update_storefront(
    *,
    session: AsyncSession,
    viewer_id: int,
    storefront_id: int,
    now: datetime,
    title: str | None = None,
    bio: str | None = None,
    banner_url: str | None = None,
) -> Storefront:
    """Fields left as None keep their value; an empty banner URL removes the banner."""
    storefront = await owned_storefront(
        session=session, storefront_id=storefront_id, viewer_id=viewer_id, now=now
    )
    if title is not None:
        storefront.title = validate_title(title)
    if bio is not None:
        storefront.bio = validate_bio(bio)
    if banner_url is not None:
        storefront.banner_url = validate_banner_url(banner_url)
    await session.flush()
    return storefront


async def existing_product_ids(
    *, session: AsyncSession, product_ids: Sequence[int], field: str
) -> list[int]:
    """The IDs, duplicates dropped, in the order given; NOT_FOUND if any is unknown."""
    wanted = list(dict.fromkeys(product_ids))
    if len(wanted) > MAX_PRODUCTS_PER_CALL:
        raise DomainError(
            ErrorCode.INVALID, f"Send at most {MAX_PRODUCTS_PER_CALL} products at a time.", field
        )
    if not wanted:
        return []
    result = await session.execute(select(col(Product.id)).where(col(Product.id).in_(wanted)))
    found = set(result.scalars())
    if missing := [pid for pid in wanted if pid not in found]:
        raise DomainError(ErrorCode.NOT_FOUND, f"No product has the ID {missing[0]}.", field)
    return wanted


async def add_section(
    *,
    session: AsyncSession,
    viewer_id: int,
    storefront_id: int,
    title: str,
    product_ids: Sequence[int] = (),
    idea_list_id: int | None = None,
    now: datetime,
) -> StorefrontSection:
    """A section of picked products (in the order given), or one that mirrors one of the
    owner's own idea lists; never both."""
    storefront = await owned_storefront(
        session=session, storefront_id=storefront_id, viewer_id=viewer_id, now=now
    )
    title = validate_title(title)
    if idea_list_id is not None and product_ids:
        raise DomainError(
            ErrorCode.INVALID,
            "A section holds picked products or mirrors an idea list, not both.",
            "ideaListId",
        )
    if idea_list_id is not None:
        idea_list = await session.get(IdeaList, idea_list_id)
        # Someone else's private list does not exist for the viewer, as in the catalog.
        if idea_list is None or not can_see_idea_list(idea_list, viewer_id):
            raise DomainError(ErrorCode.NOT_FOUND, "No idea list has that ID.", "ideaListId")
        if idea_list.owner_id != storefront.owner_id:
            raise DomainError(
                ErrorCode.FORBIDDEN, "A section may mirror only your own idea lists.", "ideaListId"
            )
    picks = await existing_product_ids(session=session, product_ids=product_ids, field="productIds")
    position = (
        await session.execute(
            update(Storefront)
            .where(col(Storefront.id) == storefront_id)
            .values(section_count=col(Storefront.section_count) + 1)
            .returning(col(Storefront.section_count))
        )
    ).scalar_one()
    section = StorefrontSection(
        storefront_id=storefront_id,
        title=title,
        position=position,
        idea_list_id=idea_list_id,
        product_count=len(picks),
        created_at=now,
    )
    session.add(section)
    await session.flush()
    assert section.id is not None
    session.add_all(
        SectionProduct(section_id=section.id, product_id=pid, position=index, added_at=now)
        for index, pid in enumerate(picks, start=1)
    )
    await session.flush()
    return section


async def owned_section(
    *, session: AsyncSession, section_id: int, viewer_id: int, now: datetime
) -> tuple[Storefront, StorefrontSection]:
    section = await session.get(StorefrontSection, section_id)
    if section is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No section has that ID.", "sectionId")
    storefront = await owned_storefront(
        session=session, storefront_id=section.storefront_id, viewer_id=viewer_id, now=now
    )
    # Read again under the storefront's lock: another request may have moved it.
    await session.refresh(section)
    return storefront, section


async def move_section(
    *, session: AsyncSession, viewer_id: int, section_id: int, position: int, now: datetime
) -> StorefrontSection:
    """Put the section at `position` (1 = first); the sections between shift by one."""
    storefront, section = await owned_section(
        session=session, section_id=section_id, viewer_id=viewer_id, now=now
    )
    if not 1 <= position <= storefront.section_count:
        raise DomainError(
            ErrorCode.INVALID,
            f"A position is 1 to {storefront.section_count} for this storefront.",
            "position",
        )
    old = section.position
    siblings = col(StorefrontSection.storefront_id) == storefront.id
    position_col = col(StorefrontSection.position)
    if position < old:
        await session.execute(
            update(StorefrontSection)
            .where(siblings, position_col >= position, position_col < old)
            .values(position=position_col + 1)
        )
    elif position > old:
        await session.execute(
            update(StorefrontSection)
            .where(siblings, position_col > old, position_col <= position)
            .values(position=position_col - 1)
        )
    await session.execute(
        update(StorefrontSection)
        .where(col(StorefrontSection.id) == section_id)
        .values(position=position)
    )
    await session.refresh(section)
    return section


async def remove_section(
    *, session: AsyncSession, viewer_id: int, section_id: int, now: datetime
) -> Storefront:
    storefront, section = await owned_section(
        session=session, section_id=section_id, viewer_id=viewer_id, now=now
    )
    await session.execute(
        delete(SectionProduct).where(col(SectionProduct.section_id) == section_id)
    )
    await session.execute(delete(StorefrontSection).where(col(StorefrontSection.id) == section_id))
    await session.execute(
        update(StorefrontSection)
        .where(
            col(StorefrontSection.storefront_id) == storefront.id,
            col(StorefrontSection.position) > section.position,
        )
        .values(position=col(StorefrontSection.position) - 1)
    )
    await session.execute(
        update(Storefront)
        .where(col(Storefront.id) == storefront.id)
        .values(section_count=col(Storefront.section_count) - 1)
    )
    session.expunge(section)
    await session.refresh(storefront)
    return storefront


def require_picks(section: StorefrontSection) -> None:
    if section.idea_list_id is not None:
        raise DomainError(
            ErrorCode.INVALID,
            "This section mirrors an idea list; change the list to change its products.",
            "sectionId",
        )


async def add_products_to_section(
    *,
    session: AsyncSession,
    viewer_id: int,
    section_id: int,
    product_ids: Sequence[int],
    now: datetime,
) -> StorefrontSection:
    """Appends the products in the order given; products already in the section stay put."""
    _, section = await owned_section(
        session=session, section_id=section_id, viewer_id=viewer_id, now=now
    )
    require_picks(section)
    picks = await existing_product_ids(session=session, product_ids=product_ids, field="productIds")
    if not picks:
        raise DomainError(ErrorCode.INVALID, "Name at least one product.", "productIds")
    next_position = (
        select(col(StorefrontSection.product_count) + 1)
        .where(col(StorefrontSection.id) == section_id)
        .scalar_subquery()
    )
    for product_id in picks:
        # The unique (section, product) constraint skips a product already there. The
        # storefront's lock (owned_section) keeps positions and the counter in step.
        if await insert_ignoring_conflict(
            session,
            SectionProduct,
            section_id=section_id,
            product_id=product_id,
            position=next_position,
            added_at=now,
        ):
            await session.execute(
                update(StorefrontSection)
                .where(col(StorefrontSection.id) == section_id)
                .values(product_count=col(StorefrontSection.product_count) + 1)
            )
    await session.refresh(section)
    return section


async def remove_product_from_section(
    *, session: AsyncSession, viewer_id: int, section_id: int, product_id: int, now: datetime
) -> StorefrontSection:
    _, section = await owned_section(
        session=session, section_id=section_id, viewer_id=viewer_id, now=now
    )
    require_picks(section)
    removed = (
        await session.execute(
            delete(SectionProduct)
            .where(
                col(SectionProduct.section_id) == section_id,
                col(SectionProduct.product_id) == product_id,
            )
            .returning(col(SectionProduct.position))
        )
    ).scalar_one_or_none()
    if removed is None:
        raise DomainError(ErrorCode.NOT_FOUND, "That product is not in this section.", "productId")
    await session.execute(
        update(SectionProduct)
        .where(col(SectionProduct.section_id) == section_id, col(SectionProduct.position) > removed)
        .values(position=col(SectionProduct.position) - 1)
    )
    await session.execute(
        update(StorefrontSection)
        .where(col(StorefrontSection.id) == section_id)
        .values(product_count=col(StorefrontSection.product_count) - 1)
    )
    await session.refresh(section)
    return section
