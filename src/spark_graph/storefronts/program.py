"""The influencer program's rules: account activation, eligibility review, admin overrides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.auth.models import User
from spark_graph.db import insert_ignoring_conflict
from spark_graph.errors import DomainError, ErrorCode
from spark_graph.storefronts.models import InfluencerProfile, SocialAccount

MIN_FOLLOWERS = 1_000
MAX_ACCOUNTS_PER_APPLICATION = 10
MAX_HANDLE_LENGTH = 100
MAX_FOLLOWERS = 10_000_000_000


class Platform(StrEnum):
    YOUTUBE = "YOUTUBE"
    TWITTER = "TWITTER"
    FACEBOOK = "FACEBOOK"
    INSTAGRAM = "INSTAGRAM"


class InfluencerStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"


# Facebook and Instagram links count only after a cooling-off delay; the others at once.
ACTIVATION_DELAY: dict[Platform, timedelta] = {
    Platform.YOUTUBE: timedelta(0),
    Platform.TWITTER: timedelta(0),
    Platform.FACEBOOK: timedelta(days=5),
    Platform.INSTAGRAM: timedelta(days=5),
}


@dataclass(frozen=True)
class AccountInput:
    platform: Platform
    handle: str
    followers: int


def active_at(platform: str, linked_at: datetime) -> datetime:
    return linked_at + ACTIVATION_DELAY[Platform(platform)]


def is_active(account: SocialAccount, now: datetime) -> bool:
    return active_at(account.platform, account.linked_at) <= now


def qualifies_at(accounts: Sequence[SocialAccount]) -> datetime | None:
    """When the first account with enough followers is (or becomes) active."""
    moments = [
        active_at(account.platform, account.linked_at)
        for account in accounts
        if account.followers >= MIN_FOLLOWERS
    ]
    return min(moments) if moments else None


def profile_status(profile: InfluencerProfile, now: datetime) -> InfluencerStatus:
    """APPROVED once an active account has enough followers, PENDING while only accounts
    still in their delay could qualify, REJECTED otherwise; an admin's decision wins."""
    if profile.status_override:
        return InfluencerStatus(profile.status_override)
    if profile.qualifies_at is None:
        return InfluencerStatus.REJECTED
    return InfluencerStatus.APPROVED if profile.qualifies_at <= now else InfluencerStatus.PENDING


def is_approved(profile: InfluencerProfile | None, now: datetime) -> bool:
    return profile is not None and profile_status(profile, now) is InfluencerStatus.APPROVED


def normalize_account_handle(handle: str) -> str:
    return handle.strip().lstrip("@").lower()


def validate_accounts(accounts: Sequence[AccountInput]) -> list[AccountInput]:
    if not accounts:
        raise DomainError(ErrorCode.INVALID, "Link at least one social account.", "accounts")
    if len(accounts) > MAX_ACCOUNTS_PER_APPLICATION:
        raise DomainError(
            ErrorCode.INVALID,
            f"Link at most {MAX_ACCOUNTS_PER_APPLICATION} accounts at a time.",
            "accounts",
        )
    cleaned: list[AccountInput] = []
    seen: set[tuple[Platform, str]] = set()
    for index, account in enumerate(accounts):
        handle = normalize_account_handle(account.handle)
        if not handle or len(handle) > MAX_HANDLE_LENGTH:
            raise DomainError(
                ErrorCode.INVALID, "A handle is 1 to 100 characters.", f"accounts.{index}.handle"
            )
        if not 0 <= account.followers <= MAX_FOLLOWERS:
            raise DomainError(
                ErrorCode.INVALID,
                "A follower count is a whole number, zero or more.",
                f"accounts.{index}.followers",
            )
        if (account.platform, handle) in seen:
            raise DomainError(
                ErrorCode.INVALID, "The same account is listed twice.", f"accounts.{index}.handle"
            )
        seen.add((account.platform, handle))
        cleaned.append(AccountInput(account.platform, handle, account.followers))
    return cleaned


async def find_profile(*, session: AsyncSession, user_id: int) -> InfluencerProfile | None:
    result = await session.execute(
        select(InfluencerProfile).where(col(InfluencerProfile.user_id) == user_id)
    )
    return result.scalar_one_or_none()


async def get_profile(*, session: AsyncSession, profile_id: int) -> InfluencerProfile:
    profile = await session.get(InfluencerProfile, profile_id)
    if profile is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No influencer profile has that ID.", "profileId")
    return profile


async def ensure_profile(
    *, session: AsyncSession, user_id: int, now: datetime
) -> InfluencerProfile:
    """The member's profile, created on first use. The unique index on user_id settles two
    first applications racing each other."""
    profile = await find_profile(session=session, user_id=user_id)
    if profile is not None:
        return profile
    await insert_ignoring_conflict(
        session, InfluencerProfile, user_id=user_id, applied_at=now, updated_at=now
    )
    created = await find_profile(session=session, user_id=user_id)
    assert created is not None
    return created


async def accounts_of(*, session: AsyncSession, profile_id: int) -> list[SocialAccount]:
    result = await session.execute(
        select(SocialAccount)
        .where(col(SocialAccount.profile_id) == profile_id)
        .order_by(col(SocialAccount.id))
    )
    return list(result.scalars())


async def apply_to_influencer_program(
    *, session: AsyncSession, user_id: int, accounts: Sequence[AccountInput], now: datetime
) -> InfluencerProfile:
    """Link the accounts (a known account keeps its link date and gets the new follower
    count) and re-run the review over every account the member has linked."""
    cleaned = validate_accounts(accounts)
    profile = await ensure_profile(session=session, user_id=user_id, now=now)
    assert profile.id is not None
    linked = {
        (a.platform, a.handle): a for a in await accounts_of(session=session, profile_id=profile.id)
    }
    for account in cleaned:
        known = linked.get((account.platform.value, account.handle))
        if known is not None:
            known.followers = account.followers
        else:
            row = SocialAccount(
                profile_id=profile.id,
                platform=account.platform.value,
                handle=account.handle,
                followers=account.followers,
                linked_at=now,
            )
            session.add(row)
            linked[(row.platform, row.handle)] = row
    profile.qualifies_at = qualifies_at(list(linked.values()))
    profile.applied_at = now
    profile.updated_at = now
    await session.flush()
    return profile


async def review_influencer_profile(
    *, session: AsyncSession, profile_id: int, status: InfluencerStatus | None, now: datetime
) -> InfluencerProfile:
    """An admin's decision; `None` hands the profile back to the rule review."""
    profile = await get_profile(session=session, profile_id=profile_id)
    profile.status_override = status.value if status else None
    profile.updated_at = now
    await session.flush()
    return profile


async def invite_onsite_associate(
    *, session: AsyncSession, user_id: int, now: datetime
) -> InfluencerProfile:
    if await session.get(User, user_id) is None:
        raise DomainError(ErrorCode.NOT_FOUND, "No member has that ID.", "userId")
    profile = await ensure_profile(session=session, user_id=user_id, now=now)
    profile.onsite_associate = True
    profile.updated_at = now
    await session.flush()
    return profile


async def require_approved(
    *, session: AsyncSession, user_id: int, now: datetime
) -> InfluencerProfile:
    profile = await find_profile(session=session, user_id=user_id)
    if profile is None or not is_approved(profile, now):
        raise DomainError(
            ErrorCode.NOT_APPROVED,
            "Only approved influencers may do this; apply to the influencer program first.",
        )
    return profile
