"""Who may call the order system's mutations: a server API key, never a member.

A member token is FORBIDDEN (members cannot record purchases, whoever they are); no
credential, or a key that is unknown or revoked, is UNAUTHENTICATED. Both are top-level
errors with `extensions.code`, like every authentication failure."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from spark_graph.context import Info
from spark_graph.storefronts.api_keys import find_active_key


class HasServerApiKey(BasePermission):
    message = (
        "Send a server API key as 'Authorization: Bearer <secret>' "
        "(create one with: spark-graph create-key --name NAME)."
    )
    error_extensions = {"code": "UNAUTHENTICATED"}

    async def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        secret = info.context.api_key
        if not secret:
            return False
        async with info.context.sessions() as session:
            return await find_active_key(session=session, secret=secret) is not None
