"""Demo part: members (through the sign-up service, so passwords are hashed as in the app),
their interests and whom they follow."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from seed.data_files import hours_before, ids_by, lookup, read_data
from spark_graph.auth import service as auth_service
from spark_graph.auth.models import Role
from spark_graph.settings import Settings
from spark_graph.social.models import Follow, Topic, UserInterest


async def load(session: AsyncSession, *, settings: Settings, now: datetime) -> None:
    entries = read_data("members")
    user_ids: dict[str, int] = {}
    for entry in entries:
        joined = hours_before(now, 24 * entry.get("joined_days_ago", 30))
        user = await auth_service.sign_up(
            session=session,
            settings=settings,
            now=joined,
            handle=entry["handle"],
            display_name=entry["display_name"],
            password=entry["password"],
            country=entry.get("country", "US"),
            is_prime=bool(entry.get("prime")),
        )
        user.role = Role(entry.get("role", Role.MEMBER.value)).value
        user.bio = entry.get("bio", "")
        user.avatar_url = entry.get("avatar_url")
        assert user.id is not None
        user_ids[user.handle] = user.id
    await session.flush()

    topic_ids = await ids_by(session, Topic.slug, Topic.id)  # type: ignore[arg-type]
    interests = [
        {
            "user_id": user_ids[entry["handle"]],
            "topic_id": lookup(topic_ids, slug, "topic"),
            "created_at": hours_before(now, 24 * entry.get("joined_days_ago", 30) - 1),
        }
        for entry in entries
        for slug in dict.fromkeys(entry.get("interests", []))
    ]
    follows = [
        {
            "follower_id": user_ids[entry["handle"]],
            "followee_id": lookup(user_ids, handle, "member"),
            "created_at": hours_before(now, 24 * min(entry.get("joined_days_ago", 30), 20)),
        }
        for entry in entries
        for handle in dict.fromkeys(entry.get("follows", []))
        if handle != entry["handle"]
    ]
    if interests:
        await session.execute(insert(UserInterest), interests)
    if follows:
        await session.execute(insert(Follow), follows)
