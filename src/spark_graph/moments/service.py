"""Moments rules: who may run campaigns, what a campaign may cost, and how an action turns
into exactly one paid reward.

Money is guarded in SQL, never read-then-written in Python: a conditional UPDATE whose
WHERE holds the cap (`spent + :cpa <= :cap`, `grants_issued < max_rewards`,
`granted = false`) either changes one row or none, and PostgreSQL re-checks that WHERE
against the newest committed row when two transactions race (READ COMMITTED). On SQLite
`write_transaction` serializes writers with BEGIN IMMEDIATE."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Table, bindparam, case, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col

from spark_graph.auth.models import User
from spark_graph.catalog.models import Product
from spark_graph.errors import DomainError, ErrorCode
from spark_graph.moments.models import (
    AccountBudgetPeriod,
    ActionReport,
    ApiKey,
    BrandAccount,
    Campaign,
    CampaignBudgetPeriod,
    CampaignProgress,
    FulfillmentState,
    LedgerEntry,
    RewardGrant,
    RewardKind,
    StoredCampaignStatus,
    StoredGrantStatus,
)
from spark_graph.money import MoneyAmount, parse_amount, to_cents


@dataclass(frozen=True)
class MomentsRules:
    """Every number and list of the program, in one place."""

    # South Africa, Albania, Saudi Arabia, Russia, Switzerland.
    ineligible_countries: frozenset[str] = frozenset({"ZA", "AL", "SA", "RU", "CH"})
    account_monthly_cap: Decimal = Decimal("15000.00")
    max_campaign_budget: Decimal = Decimal("5000.00")
    min_cpa: Decimal = Decimal("3.00")  # tax included
    claim_window: timedelta = timedelta(days=30)
    shipping_fee: Decimal = Decimal("5.99")
    # Non-Prime members pay shipping on physical rewards worth less than this.
    free_shipping_from: Decimal = Decimal("25.00")
    max_quantity: int = 10_000
    max_threshold: int = 1_000_000


RULES = MomentsRules()

DIGITAL_KINDS = frozenset(
    {RewardKind.DIGITAL, RewardKind.GIFT_CARD, RewardKind.CREDIT, RewardKind.DONATION}
)
PRODUCT_KINDS = frozenset({RewardKind.PHYSICAL, RewardKind.DIGITAL})
VALUE_KINDS = frozenset({RewardKind.GIFT_CARD, RewardKind.CREDIT, RewardKind.DONATION})
COUNTRY_PATTERN = re.compile(r"^[A-Z]{2}$")
ACTION_KEY_PATTERN = re.compile(r"^[a-z0-9_.\-]{1,64}$")
API_KEY_PREFIX = "spk_"
CLAIM_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def month_of(moment: datetime) -> str:
    """The budget period a moment falls in: its calendar month in UTC."""
    return f"{moment.year:04d}-{moment.month:02d}"


def money_param(name: str, value: Decimal) -> Any:
    """A bound amount typed as MoneyAmount, so it is stored the way the column is (whole
    cents on SQLite, NUMERIC on PostgreSQL) when compared with it in SQL."""
    return bindparam(name, value, type_=MoneyAmount())


# --- brand accounts and keys -------------------------------------------------------------


async def create_brand_account(
    *, session: AsyncSession, owner_id: int, name: str, country: str, now: datetime
) -> BrandAccount:
    name = name.strip()
    country = country.strip().upper()
    if not 1 <= len(name) <= 100:
        raise DomainError(ErrorCode.INVALID, "A brand name is 1 to 100 characters.", "name")
    if not COUNTRY_PATTERN.match(country):
        raise DomainError(
            ErrorCode.INVALID, "A country is a two-letter ISO code such as US.", "country"
        )
    if country in RULES.ineligible_countries:
        raise DomainError(
            ErrorCode.INELIGIBLE_COUNTRY,
            f"Moments campaigns are not offered to brands in {country}.",
            "country",
        )
    account = BrandAccount(
        owner_id=owner_id,
        name=name,
        country=country,
        monthly_cap=RULES.account_monthly_cap,
        created_at=now,
    )
    session.add(account)
    await session.flush()
    return account


async def owned_account(
    *, session: AsyncSession, account_id: int, owner_id: int, field: str = "accountId"
) -> BrandAccount:
    account = await session.get(BrandAccount, account_id)
    if account is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No brand account has that ID.", field)
    if account.owner_id != owner_id:
        raise DomainError(ErrorCode.FORBIDDEN, "Only the account's owner may do this.", field)
    return account


def hash_api_secret(secret: str) -> str:
    # SHA-256 suffices here, unlike for passwords: the secret is 256 random bits, so there
    # is no dictionary to try, and a fast hash keeps the per-request lookup a single
    # indexed equality match instead of a slow KDF per request.
    return hashlib.sha256(secret.encode()).hexdigest()


async def create_api_key(
    *, session: AsyncSession, account_id: int, owner_id: int, name: str, now: datetime
) -> tuple[ApiKey, str]:
    """The new key and its secret; the secret is not stored and cannot be shown again."""
    await owned_account(session=session, account_id=account_id, owner_id=owner_id)
    name = name.strip()
    if not 1 <= len(name) <= 100:
        raise DomainError(ErrorCode.INVALID, "A key name is 1 to 100 characters.", "name")
    secret = API_KEY_PREFIX + secrets.token_urlsafe(32)
    key = ApiKey(
        account_id=account_id,
        name=name,
        prefix=secret[:12],
        secret_hash=hash_api_secret(secret),
        created_at=now,
    )
    session.add(key)
    await session.flush()
    return key, secret


async def account_id_for_api_key(*, session: AsyncSession, secret: str) -> int | None:
    result = await session.execute(
        select(col(ApiKey.account_id)).where(col(ApiKey.secret_hash) == hash_api_secret(secret))
    )
    return result.scalar_one_or_none()


# --- campaigns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignDraft:
    """A createCampaign input as the client sent it (money still as strings)."""

    account_id: int
    name: str
    action_key: str
    action_description: str
    threshold: int
    reward_kind: RewardKind
    reward_product_id: int | None
    reward_value: str | None
    charity: str | None
    cpa: str
    monthly_budget: str
    max_rewards: int | None
    starts_at: datetime | None
    ends_at: datetime | None


def parse_money_field(text: str, field: str) -> Decimal:
    try:
        amount = parse_amount(text)
    except ValueError as exc:
        raise DomainError(ErrorCode.INVALID, f"{text!r} is not an amount.", field) from exc
    if amount != to_cents(amount):
        raise DomainError(ErrorCode.INVALID, "Amounts have at most two decimals.", field)
    return amount


def _aware(moment: datetime | None, field: str) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        raise DomainError(ErrorCode.INVALID, "Give a time zone, e.g. ...T00:00:00Z.", field)
    return moment


async def create_campaign(
    *, session: AsyncSession, owner_id: int, draft: CampaignDraft, now: datetime
) -> Campaign:
    await owned_account(session=session, account_id=draft.account_id, owner_id=owner_id)
    name = draft.name.strip()
    if not 1 <= len(name) <= 100:
        raise DomainError(ErrorCode.INVALID, "A campaign name is 1 to 100 characters.", "name")
    if not ACTION_KEY_PATTERN.match(draft.action_key):
        raise DomainError(
            ErrorCode.INVALID,
            "An action key is 1 to 64 lower-case letters, digits, '_', '.' or '-'.",
            "action.key",
        )
    if not 1 <= draft.threshold <= RULES.max_threshold:
        raise DomainError(
            ErrorCode.INVALID,
            f"A threshold is 1 to {RULES.max_threshold:,}.",
            "action.threshold",
        )
    reward_value, charity = await _reward_terms(session=session, draft=draft)
    cpa = parse_money_field(draft.cpa, "cpa")
    if cpa < RULES.min_cpa:
        raise DomainError(
            ErrorCode.INVALID, f"The CPA is at least {RULES.min_cpa}, tax included.", "cpa"
        )
    budget = parse_money_field(draft.monthly_budget, "monthlyBudget")
    if budget > RULES.max_campaign_budget:
        raise DomainError(
            ErrorCode.INVALID,
            f"A monthly budget is at most {RULES.max_campaign_budget}.",
            "monthlyBudget",
        )
    if budget < cpa:
        raise DomainError(
            ErrorCode.INVALID,
            "The monthly budget must pay for at least one reward.",
            "monthlyBudget",
        )
    if draft.max_rewards is not None and draft.max_rewards < 1:
        raise DomainError(ErrorCode.INVALID, "A reward cap is at least 1.", "maxRewards")
    starts_at = _aware(draft.starts_at, "startsAt") or now
    ends_at = _aware(draft.ends_at, "endsAt")
    if ends_at is not None and ends_at <= starts_at:
        raise DomainError(ErrorCode.INVALID, "A campaign ends after it starts.", "endsAt")
    campaign = Campaign(
        account_id=draft.account_id,
        name=name,
        action_key=draft.action_key,
        action_description=draft.action_description.strip()[:300],
        threshold=draft.threshold,
        reward_kind=draft.reward_kind.value,
        reward_product_id=draft.reward_product_id,
        reward_value=reward_value,
        charity=charity,
        cpa=cpa,
        monthly_budget=budget,
        max_rewards=draft.max_rewards,
        starts_at=starts_at,
        ends_at=ends_at,
        created_at=now,
    )
    session.add(campaign)
    await session.flush()
    return campaign


async def _reward_terms(
    *, session: AsyncSession, draft: CampaignDraft
) -> tuple[Decimal | None, str | None]:
    """The reward's value and charity, checked against its kind."""
    kind = draft.reward_kind
    if kind in PRODUCT_KINDS:
        if draft.reward_product_id is None:
            raise DomainError(
                ErrorCode.INVALID, f"A {kind.value} reward names a product.", "reward.productId"
            )
        product = await session.get(Product, draft.reward_product_id)
        if product is None:
            raise DomainError(ErrorCode.NOT_FOUND, "No product has that ID.", "reward.productId")
        return product.price, None
    if draft.reward_value is None:
        raise DomainError(ErrorCode.INVALID, f"A {kind.value} reward has a value.", "reward.value")
    value = parse_money_field(draft.reward_value, "reward.value")
    if value <= 0:
        raise DomainError(ErrorCode.INVALID, "A reward value is positive.", "reward.value")
    charity = (draft.charity or "").strip()
    if kind == RewardKind.DONATION and not 1 <= len(charity) <= 200:
        raise DomainError(
            ErrorCode.INVALID,
            "A donation names its charity (1 to 200 characters).",
            "reward.charity",
        )
    return value, charity or None


# The statuses an owner may move a campaign to, from each stored status.
ALLOWED_TRANSITIONS: dict[StoredCampaignStatus, frozenset[StoredCampaignStatus]] = {
    StoredCampaignStatus.ACTIVE: frozenset(
        {StoredCampaignStatus.DRAFT, StoredCampaignStatus.ACTIVE, StoredCampaignStatus.PAUSED}
    ),
    StoredCampaignStatus.PAUSED: frozenset(
        {StoredCampaignStatus.ACTIVE, StoredCampaignStatus.PAUSED}
    ),
    StoredCampaignStatus.ENDED: frozenset(
        {
            StoredCampaignStatus.DRAFT,
            StoredCampaignStatus.ACTIVE,
            StoredCampaignStatus.PAUSED,
            StoredCampaignStatus.ENDED,
        }
    ),
}


async def owned_campaign(
    *, session: AsyncSession, campaign_id: int, owner_id: int, field: str = "campaignId"
) -> Campaign:
    campaign = await session.get(Campaign, campaign_id)
    if campaign is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No campaign has that ID.", field)
    await owned_account(
        session=session, account_id=campaign.account_id, owner_id=owner_id, field=field
    )
    return campaign


async def set_campaign_status(
    *, session: AsyncSession, campaign_id: int, owner_id: int, status: str
) -> Campaign:
    await owned_campaign(session=session, campaign_id=campaign_id, owner_id=owner_id)
    try:
        target = StoredCampaignStatus(status)
        allowed_from = ALLOWED_TRANSITIONS[target]
    except (ValueError, KeyError) as exc:
        raise DomainError(
            ErrorCode.INVALID, "A campaign can be set ACTIVE, PAUSED or ENDED.", "status"
        ) from exc
    result = await session.execute(
        update(Campaign)
        .where(
            col(Campaign.id) == campaign_id,
            col(Campaign.status).in_([s.value for s in allowed_from]),
        )
        .values(status=target.value)
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise DomainError(
            ErrorCode.INVALID, f"The campaign cannot move to {target.value} from here.", "status"
        )
    campaign = await session.get(Campaign, campaign_id, populate_existing=True)
    assert campaign is not None
    return campaign


def is_granting_window(campaign: Campaign, now: datetime) -> bool:
    return campaign.starts_at <= now and (campaign.ends_at is None or now < campaign.ends_at)


def computed_campaign_status(
    campaign: Campaign,
    *,
    now: datetime,
    campaign_spent: Decimal,
    account_spent: Decimal,
    account_cap: Decimal,
) -> str:
    """The status shown: what the owner set, ENDED past the end time, and EXHAUSTED while
    this month's budget, the account's cap or the reward cap cannot pay for one more grant."""
    stored = StoredCampaignStatus(campaign.status)
    if stored == StoredCampaignStatus.ENDED or (
        campaign.ends_at is not None and now >= campaign.ends_at
    ):
        return StoredCampaignStatus.ENDED.value
    if stored != StoredCampaignStatus.ACTIVE:
        return stored.value
    if (
        campaign_spent + campaign.cpa > campaign.monthly_budget
        or account_spent + campaign.cpa > account_cap
        or (campaign.max_rewards is not None and campaign.grants_issued >= campaign.max_rewards)
    ):
        return "EXHAUSTED"
    return stored.value


# --- reporting actions and granting ------------------------------------------------------


@dataclass(frozen=True)
class ReportOutcome:
    """What reportMomentAction answers; stored as JSON and replayed for a repeated key."""

    count: int
    threshold: int
    grant_id: int | None
    error: DomainError | None

    def to_json(self) -> dict[str, Any]:
        error = None
        if self.error is not None:
            error = {
                "code": self.error.code.value,
                "message": self.error.message,
                "field": self.error.field,
            }
        return {
            "count": self.count,
            "threshold": self.threshold,
            "grant_id": self.grant_id,
            "error": error,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportOutcome:
        error = data.get("error")
        return cls(
            count=int(data["count"]),
            threshold=int(data["threshold"]),
            grant_id=data.get("grant_id"),
            error=DomainError(ErrorCode(error["code"]), error["message"], error.get("field"))
            if error
            else None,
        )


class CapReached(Exception):
    """A guarded UPDATE changed nothing: roll the grant back (the savepoint), keep progress."""


def dialect_insert(session: AsyncSession, model: type[SQLModel]) -> Any:
    table: Table = model.__table__  # type: ignore[attr-defined]
    assert session.bind is not None
    if session.bind.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


async def report_moment_action(
    *,
    session: AsyncSession,
    account_id: int,
    campaign_id: int,
    user_id: int,
    quantity: int,
    idempotency_key: str,
    now: datetime,
) -> ReportOutcome:
    """Count `quantity` actions for a member and, on reaching the threshold, issue the one
    grant and charge the CPA. Call inside `write_transaction`: refusals raise DomainError
    (and roll everything back); a cap reached is an answer with progress kept."""
    idempotency_key = idempotency_key.strip()
    if not 1 <= len(idempotency_key) <= 100:
        raise DomainError(
            ErrorCode.INVALID, "An idempotency key is 1 to 100 characters.", "idempotencyKey"
        )
    if not 1 <= quantity <= RULES.max_quantity:
        raise DomainError(
            ErrorCode.INVALID, f"A quantity is 1 to {RULES.max_quantity:,}.", "quantity"
        )
    campaign = await session.get(Campaign, campaign_id)
    if campaign is None or campaign.account_id != account_id:
        raise DomainError(ErrorCode.NOT_FOUND, "No campaign has that ID.", "campaignId")
    if await session.get(User, user_id) is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No member has that ID.", "userId")

    # The idempotency record goes first: of two requests with one key, the unique
    # constraint lets one in; the other waits for it to commit and replays its answer.
    report = ActionReport(
        campaign_id=campaign_id,
        idempotency_key=idempotency_key,
        user_id=user_id,
        quantity=quantity,
        response={},
        created_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(report)
            await session.flush()
    except IntegrityError:
        return await _replay(
            session=session,
            campaign_id=campaign_id,
            idempotency_key=idempotency_key,
            user_id=user_id,
            quantity=quantity,
        )

    if campaign.status != StoredCampaignStatus.ACTIVE or not is_granting_window(campaign, now):
        raise DomainError(
            ErrorCode.CAMPAIGN_NOT_ACTIVE,
            "The campaign is not active or is outside its dates.",
            "campaignId",
        )

    # Plain values: rolling a savepoint back expires the ORM objects loaded before it.
    threshold, report_id = campaign.threshold, report.id
    count = await _add_progress(
        session=session, campaign_id=campaign_id, user_id=user_id, quantity=quantity, now=now
    )
    grant_id: int | None = None
    error: DomainError | None = None
    if count >= threshold:
        try:
            async with session.begin_nested():
                grant_id = await _grant_reward(
                    session=session, campaign=campaign, user_id=user_id, now=now
                )
        except CapReached as reached:
            error = DomainError(ErrorCode.BUDGET_EXHAUSTED, str(reached), "campaignId")
    outcome = ReportOutcome(count=count, threshold=threshold, grant_id=grant_id, error=error)
    await session.execute(
        update(ActionReport)
        .where(col(ActionReport.id) == report_id)
        .values(response=outcome.to_json())
    )
    return outcome


async def _replay(
    *,
    session: AsyncSession,
    campaign_id: int,
    idempotency_key: str,
    user_id: int,
    quantity: int,
) -> ReportOutcome:
    stored = (
        await session.execute(
            select(ActionReport).where(
                col(ActionReport.campaign_id) == campaign_id,
                col(ActionReport.idempotency_key) == idempotency_key,
            )
        )
    ).scalar_one()
    if stored.user_id != user_id or stored.quantity != quantity:
        raise DomainError(
            ErrorCode.INVALID,
            "This idempotency key was used for a different member or quantity.",
            "idempotencyKey",
        )
    return ReportOutcome.from_json(stored.response)


async def _add_progress(
    *, session: AsyncSession, campaign_id: int, user_id: int, quantity: int, now: datetime
) -> int:
    """Upsert the member's progress; the count after this report."""
    statement = dialect_insert(session, CampaignProgress).values(
        campaign_id=campaign_id, user_id=user_id, count=quantity, granted=False, updated_at=now
    )
    table = CampaignProgress.__table__  # type: ignore[attr-defined]
    statement = statement.on_conflict_do_update(
        index_elements=["campaign_id", "user_id"],
        set_={"count": table.c["count"] + statement.excluded["count"], "updated_at": now},
    ).returning(table.c["count"])
    return int((await session.execute(statement)).scalar_one())


async def _charge_period(
    session: AsyncSession,
    model: type[SQLModel],
    keys: dict[str, Any],
    *,
    amount: Decimal,
    cap: Any,
) -> bool:
    """Add `amount` to this month's budget-period row unless that passes `cap`, in one
    upsert: the first charge of a month creates the row, later ones add to it only while
    `spent + amount <= cap`. PostgreSQL re-checks that WHERE on the newest row version
    when charges race; a refused charge returns no row."""
    table: Table = model.__table__  # type: ignore[attr-defined]
    statement = dialect_insert(session, model).values(**keys, spent=amount)
    statement = statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={"spent": table.c.spent + statement.excluded.spent},
        where=(table.c.spent + statement.excluded.spent) <= cap,
    ).returning(table.c.spent)
    return (await session.execute(statement)).first() is not None


async def _grant_reward(
    *, session: AsyncSession, campaign: Campaign, user_id: int, now: datetime
) -> int:
    """Issue the grant and charge the CPA, each step a guarded write. Raises CapReached
    (the caller's savepoint then undoes every step) or returns the grant's ID.

    Rows only this member touches come first; the rows every grant of the campaign or
    account shares (the campaign, the budget periods) come last and in a fixed order, so
    that on PostgreSQL their row locks are held for a few statements and never in a
    deadlocking order."""
    assert campaign.id is not None
    month = month_of(now)
    cpa = campaign.cpa
    is_donation = campaign.reward_kind == RewardKind.DONATION

    # 1. One grant per member: only the report that flips `granted` goes on.
    flipped = await session.execute(
        update(CampaignProgress)
        .where(
            col(CampaignProgress.campaign_id) == campaign.id,
            col(CampaignProgress.user_id) == user_id,
            col(CampaignProgress.granted).is_(False),
            col(CampaignProgress.count) >= campaign.threshold,
        )
        .values(granted=True)
    )
    if flipped.rowcount == 0:  # type: ignore[attr-defined]
        return await _existing_grant_id(session, campaign.id, user_id)

    # 2. The grant and its ledger row (the unique constraints back up step 1).
    member = await session.get(User, user_id)
    grant = RewardGrant(
        campaign_id=campaign.id,
        user_id=user_id,
        reward_kind=campaign.reward_kind,
        claim_code=None if is_donation else new_claim_code(),
        status=(StoredGrantStatus.FULFILLED if is_donation else StoredGrantStatus.ISSUED).value,
        shipping_fee=shipping_fee_for(
            kind=RewardKind(campaign.reward_kind),
            value=campaign.reward_value,
            is_prime=bool(member and member.is_prime),
        ),
        fulfillment_state=FulfillmentState.DONATED.value if is_donation else None,
        issued_at=now,
        fulfilled_at=now if is_donation else None,
    )
    session.add(grant)
    await session.flush()
    assert grant.id is not None
    grant_id = grant.id
    session.add(
        LedgerEntry(
            campaign_id=campaign.id,
            account_id=campaign.account_id,
            grant_id=grant_id,
            amount=cpa,
            month=month,
            created_at=now,
        )
    )
    await session.flush()

    # 3. The reward cap, and the donated total for donations.
    campaign_values: dict[str, Any] = {"grants_issued": col(Campaign.grants_issued) + 1}
    if is_donation:
        campaign_values["donated"] = col(Campaign.donated) + money_param(
            "donation", campaign.reward_value or Decimal("0")
        )
    counted = await session.execute(
        update(Campaign)
        .where(
            col(Campaign.id) == campaign.id,
            or_(
                col(Campaign.max_rewards).is_(None),
                col(Campaign.grants_issued) < col(Campaign.max_rewards),
            ),
        )
        .values(**campaign_values)
    )
    if counted.rowcount == 0:  # type: ignore[attr-defined]
        raise CapReached("The campaign has given all the rewards it offers.")

    # 4. This month's campaign budget (cpa <= budget was checked at creation, so the
    # month's first charge always fits).
    if not await _charge_period(
        session,
        CampaignBudgetPeriod,
        {"campaign_id": campaign.id, "month": month},
        amount=cpa,
        cap=money_param("budget", campaign.monthly_budget),
    ):
        raise CapReached("The campaign's budget for this month is spent.")

    # 5. This month's account cap across all its campaigns, read from the account row in
    # the same statement.
    account_cap = (
        select(col(BrandAccount.monthly_cap))
        .where(col(BrandAccount.id) == campaign.account_id)
        .scalar_subquery()
    )
    if not await _charge_period(
        session,
        AccountBudgetPeriod,
        {"account_id": campaign.account_id, "month": month},
        amount=cpa,
        cap=account_cap,
    ):
        raise CapReached("The brand account's monthly cap is reached.")
    return grant_id


async def _existing_grant_id(session: AsyncSession, campaign_id: int, user_id: int) -> int:
    result = await session.execute(
        select(col(RewardGrant.id)).where(
            col(RewardGrant.campaign_id) == campaign_id, col(RewardGrant.user_id) == user_id
        )
    )
    grant_id = result.scalar_one_or_none()
    if grant_id is None:  # progress granted=true always has its grant; never reached
        raise CapReached("The member's reward could not be found.")
    return int(grant_id)


def new_claim_code() -> str:
    groups = ["".join(secrets.choice(CLAIM_CODE_ALPHABET) for _ in range(4)) for _ in range(3)]
    return "-".join(groups)


def shipping_fee_for(*, kind: RewardKind, value: Decimal | None, is_prime: bool) -> Decimal:
    """Only physical rewards ship; Prime members and rewards worth 25.00 or more ship free."""
    if kind != RewardKind.PHYSICAL or is_prime:
        return Decimal("0.00")
    if value is not None and value >= RULES.free_shipping_from:
        return Decimal("0.00")
    return RULES.shipping_fee


def grant_status(grant: RewardGrant, now: datetime) -> str:
    if grant.status == StoredGrantStatus.ISSUED and now >= grant.issued_at + RULES.claim_window:
        return "EXPIRED"
    return grant.status


# --- claiming and fulfilling -------------------------------------------------------------


async def claim_reward(
    *, session: AsyncSession, claim_code: str, member: User, now: datetime
) -> RewardGrant:
    """Claim an issued grant. Digital kinds are delivered at once (FULFILLED); physical
    ones wait for the brand to ship them (CLAIMED, fulfillment PENDING)."""
    code = claim_code.strip().upper()
    grant = (
        await session.execute(select(RewardGrant).where(col(RewardGrant.claim_code) == code))
    ).scalar_one_or_none()
    if grant is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No reward has that claim code.", "claimCode")
    if grant.user_id != member.id:
        raise DomainError(ErrorCode.FORBIDDEN, "This reward is another member's.", "claimCode")
    kind = RewardKind(grant.reward_kind)
    delivered = kind in DIGITAL_KINDS
    campaign = await session.get(Campaign, grant.campaign_id)
    assert campaign is not None
    # The guard: still ISSUED and still inside the claim window, checked by the UPDATE.
    result = await session.execute(
        update(RewardGrant)
        .where(
            col(RewardGrant.id) == grant.id,
            col(RewardGrant.status) == StoredGrantStatus.ISSUED.value,
            col(RewardGrant.issued_at) > now - RULES.claim_window,
        )
        .values(
            status=(StoredGrantStatus.FULFILLED if delivered else StoredGrantStatus.CLAIMED).value,
            claimed_at=now,
            # Re-decided at claim time: joining Prime before claiming waives the fee.
            shipping_fee=money_param(
                "fee",
                shipping_fee_for(kind=kind, value=campaign.reward_value, is_prime=member.is_prime),
            ),
            fulfillment_state=(
                FulfillmentState.DELIVERED if delivered else FulfillmentState.PENDING
            ).value,
            fulfilled_at=now if delivered else None,
        )
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        await session.refresh(grant)
        if grant.status != StoredGrantStatus.ISSUED:
            raise DomainError(
                ErrorCode.ALREADY_CLAIMED, "This reward was claimed already.", "claimCode"
            )
        raise DomainError(
            ErrorCode.EXPIRED,
            "Rewards must be claimed within 30 days; this one expired.",
            "claimCode",
        )
    await session.refresh(grant)
    return grant


async def fulfill_reward(
    *,
    session: AsyncSession,
    grant_id: int,
    owner_id: int,
    tracking_code: str | None,
    now: datetime,
) -> RewardGrant:
    """The brand marks a claimed physical reward as shipped."""
    grant = await session.get(RewardGrant, grant_id)
    if grant is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No reward has that ID.", "grantId")
    await owned_campaign(
        session=session, campaign_id=grant.campaign_id, owner_id=owner_id, field="grantId"
    )
    result = await session.execute(
        update(RewardGrant)
        .where(
            col(RewardGrant.id) == grant_id,
            col(RewardGrant.status) == StoredGrantStatus.CLAIMED.value,
        )
        .values(
            status=StoredGrantStatus.FULFILLED.value,
            fulfillment_state=FulfillmentState.SHIPPED.value,
            tracking_code=(tracking_code or "").strip()[:100] or None,
            fulfilled_at=now,
        )
    )
    if result.rowcount == 0:  # type: ignore[attr-defined]
        raise DomainError(
            ErrorCode.INVALID, "Only a claimed reward that is not yet shipped can be.", "grantId"
        )
    await session.refresh(grant)
    return grant


# --- reading -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignCounts:
    participants: int = 0
    completions: int = 0
    grants_claimed: int = 0


async def campaign_counts(
    *, session: AsyncSession, campaign_ids: list[int]
) -> dict[int, CampaignCounts]:
    """Participants, completions and claims per campaign, by aggregate (two queries)."""
    progress = (
        await session.execute(
            select(
                col(CampaignProgress.campaign_id),
                func.count(),
                func.sum(
                    case((col(CampaignProgress.count) >= col(Campaign.threshold), 1), else_=0)
                ),
            )
            .join(Campaign, col(Campaign.id) == col(CampaignProgress.campaign_id))
            .where(col(CampaignProgress.campaign_id).in_(campaign_ids))
            .group_by(col(CampaignProgress.campaign_id))
        )
    ).all()
    claimed = dict(
        (
            await session.execute(
                select(col(RewardGrant.campaign_id), func.count())
                .where(
                    col(RewardGrant.campaign_id).in_(campaign_ids),
                    col(RewardGrant.claimed_at).is_not(None),
                )
                .group_by(col(RewardGrant.campaign_id))
            )
        ).all()
    )
    counts = {
        int(campaign_id): CampaignCounts(
            participants=int(participants),
            completions=int(completions or 0),
            grants_claimed=int(claimed.get(campaign_id, 0)),
        )
        for campaign_id, participants, completions in progress
    }
    return counts
