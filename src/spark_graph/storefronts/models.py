"""Influencer program, storefronts, affiliate links and the commission ledger.

Activity and approval are never stored as flags that go stale: a social account stores when
it was linked (its `activeAt` follows from the platform), and a profile stores `qualifies_at`,
the moment its first qualifying account becomes active; the status at any time follows."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from spark_graph.db import UTCDateTime
from spark_graph.money import MoneyAmount


class InfluencerProfile(SQLModel, table=True):
    __tablename__ = "influencer_profile"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", unique=True, index=True)
    # When the first account with enough followers becomes active; null when none qualifies.
    # Recomputed with the accounts, in the same transaction, on every application.
    qualifies_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # An admin's decision ("APPROVED", "REJECTED", "PENDING"); it stands over the rule review
    # until an admin clears it.
    status_override: str | None = Field(default=None, max_length=16)
    onsite_associate: bool = Field(default=False)
    applied_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class SocialAccount(SQLModel, table=True):
    __tablename__ = "social_account"
    __table_args__ = (
        UniqueConstraint("profile_id", "platform", "handle", name="uq_social_account_handle"),
    )

    id: int | None = Field(default=None, primary_key=True)
    profile_id: int = Field(foreign_key="influencer_profile.id", index=True)
    platform: str = Field(max_length=16)
    handle: str = Field(max_length=100)
    followers: int = Field(default=0)
    linked_at: datetime = Field(sa_type=UTCDateTime)


class Storefront(SQLModel, table=True):
    __tablename__ = "storefront"

    id: int | None = Field(default=None, primary_key=True)
    # One storefront per influencer: the unique index is the guard.
    owner_id: int = Field(foreign_key="user.id", unique=True, index=True)
    slug: str = Field(max_length=40, unique=True, index=True)
    title: str = Field(max_length=100)
    bio: str = Field(default="", max_length=1000)
    banner_url: str | None = Field(default=None, max_length=500)
    # Maintained with the sections: a new section takes position section_count + 1 from an
    # UPDATE ... RETURNING, so two concurrent additions cannot take the same place.
    section_count: int = Field(default=0)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class StorefrontSection(SQLModel, table=True):
    __tablename__ = "storefront_section"
    __table_args__ = (Index("ix_storefront_section_position", "storefront_id", "position"),)

    id: int | None = Field(default=None, primary_key=True)
    storefront_id: int = Field(foreign_key="storefront.id", index=True)
    title: str = Field(max_length=100)
    # 1-based and dense: 1..section_count.
    position: int
    # Set when the section mirrors one of the owner's idea lists instead of holding picks.
    idea_list_id: int | None = Field(default=None, foreign_key="idea_list.id")
    # Maintained with the picks, as section_count is with the sections.
    product_count: int = Field(default=0)
    created_at: datetime = Field(sa_type=UTCDateTime)


class SectionProduct(SQLModel, table=True):
    __tablename__ = "section_product"
    __table_args__ = (
        UniqueConstraint("section_id", "product_id", name="uq_section_product"),
        Index("ix_section_product_position", "section_id", "position"),
    )

    id: int | None = Field(default=None, primary_key=True)
    section_id: int = Field(foreign_key="storefront_section.id")
    product_id: int = Field(foreign_key="product.id")
    position: int
    added_at: datetime = Field(sa_type=UTCDateTime)


class AffiliateLink(SQLModel, table=True):
    __tablename__ = "affiliate_link"
    __table_args__ = (
        # Asking twice for a link to one product from one storefront gives the same link.
        UniqueConstraint("storefront_id", "product_id", name="uq_affiliate_link_product"),
    )

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True, index=True)
    owner_id: int = Field(foreign_key="user.id", index=True)
    storefront_id: int = Field(foreign_key="storefront.id")
    product_id: int = Field(foreign_key="product.id")
    # Maintained counters, changed in the transaction that records the click or purchase.
    click_count: int = Field(default=0)
    conversion_count: int = Field(default=0)
    earnings: Decimal = Field(default=Decimal(0), sa_type=MoneyAmount)
    created_at: datetime = Field(sa_type=UTCDateTime)


class AffiliateClick(SQLModel, table=True):
    __tablename__ = "affiliate_click"
    __table_args__ = (Index("ix_affiliate_click_link_time", "link_id", "clicked_at"),)

    id: int | None = Field(default=None, primary_key=True)
    # The click id handed to the shop in the redirect: random, so that nobody can guess
    # another shopper's click and take its attribution.
    token: str = Field(max_length=32, unique=True, index=True)
    link_id: int = Field(foreign_key="affiliate_link.id")
    owner_id: int = Field(foreign_key="user.id", index=True)
    clicked_at: datetime = Field(sa_type=UTCDateTime)


class AffiliateConversion(SQLModel, table=True):
    """One row per (link, order): an order counts once per link however many lines it has."""

    __tablename__ = "affiliate_conversion"
    __table_args__ = (
        UniqueConstraint("link_id", "order_id", name="uq_affiliate_conversion_order"),
        Index("ix_affiliate_conversion_owner_time", "owner_id", "converted_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    link_id: int = Field(foreign_key="affiliate_link.id")
    owner_id: int = Field(foreign_key="user.id")
    order_id: str = Field(max_length=64)
    converted_at: datetime = Field(sa_type=UTCDateTime)


class Purchase(SQLModel, table=True):
    """The commission ledger: one row per attributed order line."""

    __tablename__ = "purchase"
    __table_args__ = (
        # The same order line recorded twice counts once.
        UniqueConstraint("order_id", "product_id", name="uq_purchase_order_line"),
        Index("ix_purchase_owner_time", "owner_id", "recorded_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    order_id: str = Field(max_length=64)
    product_id: int = Field(foreign_key="product.id")
    click_id: int = Field(foreign_key="affiliate_click.id")
    link_id: int = Field(foreign_key="affiliate_link.id", index=True)
    owner_id: int = Field(foreign_key="user.id")
    quantity: int
    unit_price: Decimal = Field(sa_type=MoneyAmount)
    revenue: Decimal = Field(sa_type=MoneyAmount)
    category: str = Field(max_length=60)
    # The category rate applied, as a decimal string ("0.045"): exact on every database.
    rate: str = Field(max_length=12)
    commission: Decimal = Field(sa_type=MoneyAmount)
    currency: str = Field(default="USD", max_length=3)
    recorded_at: datetime = Field(sa_type=UTCDateTime)


class ServerApiKey(SQLModel, table=True):
    """A credential for the order system. Only a SHA-256 hash of the secret is kept: the
    secret is 32 random bytes, so a fast hash is enough and lookup stays one indexed read."""

    __tablename__ = "server_api_key"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=60, unique=True)
    secret_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
