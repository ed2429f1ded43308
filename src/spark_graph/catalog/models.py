from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from spark_graph.db import UTCDateTime
from spark_graph.money import MoneyAmount


class Product(SQLModel, table=True):
    __tablename__ = "product"
    __table_args__ = (Index("ix_product_category_saved", "category", "saved_count"),)

    id: int | None = Field(default=None, primary_key=True)
    asin: str = Field(max_length=10, unique=True, index=True)
    title: str = Field(max_length=300)
    brand: str = Field(max_length=100, index=True)
    # A category slug such as "kitchen" or "luxury-beauty": it picks the commission rate.
    category: str = Field(max_length=60)
    price: Decimal = Field(sa_type=MoneyAmount)
    currency: str = Field(default="USD", max_length=3)
    rating: float = Field(default=0.0)
    review_count: int = Field(default=0)
    image_url: str | None = Field(default=None, max_length=500)
    # How many idea lists hold the product; kept exact by the save/remove transactions.
    saved_count: int = Field(default=0)
    created_at: datetime = Field(sa_type=UTCDateTime)


class IdeaList(SQLModel, table=True):
    __tablename__ = "idea_list"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True)
    title: str = Field(max_length=100)
    description: str = Field(default="", max_length=1000)
    is_public: bool = Field(default=True)
    item_count: int = Field(default=0)
    created_at: datetime = Field(sa_type=UTCDateTime)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class IdeaListItem(SQLModel, table=True):
    __tablename__ = "idea_list_item"
    __table_args__ = (
        # Saving the same product twice into one list is a no-op: the database says so.
        UniqueConstraint("idea_list_id", "product_id", name="uq_idea_list_item_product"),
        Index("ix_idea_list_item_product", "product_id", "idea_list_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    idea_list_id: int = Field(foreign_key="idea_list.id", index=True)
    product_id: int = Field(foreign_key="product.id")
    note: str = Field(default="", max_length=500)
    added_at: datetime = Field(sa_type=UTCDateTime)
