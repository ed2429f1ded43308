"""Declared permissions: `permission_classes=[IsAuthenticated]` on a field.

A failed check is a top-level GraphQL error whose `extensions.code` names the reason.
Rules that depend on the object or on membership (PRIME_REQUIRED, FORBIDDEN) are user
errors raised by the services, so that a payload can carry them."""

from __future__ import annotations

from typing import Any

from strawberry.permission import BasePermission

from spark_graph.context import Info


class IsAuthenticated(BasePermission):
    message = "Log in first: send 'Authorization: Bearer <token>' from logIn or signUp."
    error_extensions = {"code": "UNAUTHENTICATED"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.viewer is not None


class IsAdmin(BasePermission):
    message = "Only administrators may do this."
    error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        viewer = info.context.viewer
        return viewer is not None and viewer.is_admin


class IsNotMember(BasePermission):
    """For endpoints called by another system with an API key (the order system, a brand's
    back end): a member token is a valid credential of the wrong kind, so FORBIDDEN rather
    than UNAUTHENTICATED, the same on every such endpoint."""

    message = "Members may not call this; it takes the calling system's API key."
    error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.viewer is None
