"""Moments tables: brand accounts, API keys, campaigns, progress, grants and the money.

Money is spent in one transaction that touches, in this order, a member's progress row,
the campaign row (reward cap), the campaign's budget period for the month, the account's
budget period for the month, then inserts the grant and its ledger row. Every step is a
guarded SQL write (see service.py); the same order everywhere keeps PostgreSQL free of
lock-order deadlocks."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from spark_graph.db import UTCDateTime
from spark_graph.money import MoneyAmount


class StoredCampaignStatus(StrEnum):
    """What an owner set. EXHAUSTED is never stored: it is computed from this month's spend."""

    DRAFT = "DRAFT"
    ACTIVE = "ACTIVE"
    PAUSED = "PAUSED"
    ENDED = "ENDED"


class RewardKind(StrEnum):
    PHYSICAL = "PHYSICAL"
    GIFT_CARD = "GIFT_CARD"
    CREDIT = "CREDIT"
    DIGITAL = "DIGITAL"
    DONATION = "DONATION"


class StoredGrantStatus(StrEnum):
    """EXPIRED is never stored: an ISSUED grant older than the claim window is expired."""

    ISSUED = "ISSUED"
    CLAIMED = "CLAIMED"
    FULFILLED = "FULFILLED"


class FulfillmentState(StrEnum):
    PENDING = "PENDING"
    SHIPPED = "SHIPPED"
    DELIVERED = "DELIVERED"
    DONATED = "DONATED"


class BrandAccount(SQLModel, table=True):
    __tablename__ = "brand_account"

    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(max_length=100)
    country: str = Field(max_length=2)
    # Set from the program's cap at creation; per-account caps could only be lower.
    monthly_cap: Decimal = Field(sa_type=MoneyAmount)
    created_at: datetime = Field(sa_type=UTCDateTime)


class ApiKey(SQLModel, table=True):
    """A brand back end's credential. Only the SHA-256 of the secret is kept."""

    __tablename__ = "brand_api_key"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="brand_account.id", index=True)
    name: str = Field(max_length=100)
    # The first characters of the secret, so that a person can tell keys apart.
    prefix: str = Field(max_length=16)
    secret_hash: str = Field(max_length=64, unique=True, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)


class Campaign(SQLModel, table=True):
    __tablename__ = "campaign"

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="brand_account.id", index=True)
    name: str = Field(max_length=100)
    status: str = Field(default=StoredCampaignStatus.DRAFT.value, max_length=16)
    action_key: str = Field(max_length=64)
    action_description: str = Field(default="", max_length=300)
    threshold: int = Field(default=1)
    reward_kind: str = Field(max_length=16)
    reward_product_id: int | None = Field(default=None, foreign_key="product.id")
    # GIFT_CARD/CREDIT/DONATION: the value given; PHYSICAL/DIGITAL: the product's price
    # when the campaign was created (it decides the shipping fee).
    reward_value: Decimal | None = Field(default=None, sa_type=MoneyAmount)
    charity: str | None = Field(default=None, max_length=200)
    cpa: Decimal = Field(sa_type=MoneyAmount)
    monthly_budget: Decimal = Field(sa_type=MoneyAmount)
    max_rewards: int | None = Field(default=None)
    # Maintained by the grant transaction: the reward cap's guard and the donated total.
    grants_issued: int = Field(default=0)
    donated: Decimal = Field(default=Decimal("0"), sa_type=MoneyAmount)
    starts_at: datetime = Field(sa_type=UTCDateTime)
    ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)


class CampaignProgress(SQLModel, table=True):
    """How many times a member did a campaign's action, and whether it earned the grant."""

    __tablename__ = "campaign_progress"
    __table_args__ = (UniqueConstraint("campaign_id", "user_id", name="uq_progress_member"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    count: int = Field(default=0)
    granted: bool = Field(default=False)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class CampaignBudgetPeriod(SQLModel, table=True):
    """A campaign's spend in one calendar month (UTC). A new month is a new row, so a new
    budget starts without anyone touching the data."""

    __tablename__ = "campaign_budget_period"

    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True)
    month: str = Field(max_length=7, primary_key=True)  # "2026-11"
    spent: Decimal = Field(default=Decimal("0"), sa_type=MoneyAmount)


class AccountBudgetPeriod(SQLModel, table=True):
    """All campaigns of an account together, in one calendar month (UTC)."""

    __tablename__ = "account_budget_period"

    account_id: int = Field(foreign_key="brand_account.id", primary_key=True)
    month: str = Field(max_length=7, primary_key=True)
    spent: Decimal = Field(default=Decimal("0"), sa_type=MoneyAmount)


class RewardGrant(SQLModel, table=True):
    __tablename__ = "reward_grant"
    # The last line of defence against double grants, behind the progress guard.
    __table_args__ = (UniqueConstraint("campaign_id", "user_id", name="uq_grant_member"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    reward_kind: str = Field(max_length=16)
    # Null for donations: there is nothing for the member to claim.
    claim_code: str | None = Field(default=None, max_length=32, unique=True)
    status: str = Field(default=StoredGrantStatus.ISSUED.value, max_length=16)
    shipping_fee: Decimal = Field(default=Decimal("0"), sa_type=MoneyAmount)
    fulfillment_state: str | None = Field(default=None, max_length=16)
    tracking_code: str | None = Field(default=None, max_length=100)
    issued_at: datetime = Field(sa_type=UTCDateTime)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    fulfilled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LedgerEntry(SQLModel, table=True):
    """One row per charge. Budget periods are kept equal to the sums of these rows."""

    __tablename__ = "moments_ledger"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    account_id: int = Field(foreign_key="brand_account.id", index=True)
    grant_id: int = Field(foreign_key="reward_grant.id", unique=True)
    amount: Decimal = Field(sa_type=MoneyAmount)
    month: str = Field(max_length=7, index=True)
    created_at: datetime = Field(sa_type=UTCDateTime)


class ActionReport(SQLModel, table=True):
    """An idempotency record: the first answer to a (campaign, idempotency key), replayed
    to any retry. The unique constraint decides which of two racing requests counts."""

    __tablename__ = "moment_action_report"
    __table_args__ = (
        UniqueConstraint("campaign_id", "idempotency_key", name="uq_report_idempotency_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id")
    idempotency_key: str = Field(max_length=100)
    user_id: int = Field(foreign_key="user.id")
    quantity: int
    response: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(sa_type=UTCDateTime)
