"""User errors as data: a stable code, a message, and the input field at fault.

Services raise `DomainError`; mutations turn it into `errors: [UserError!]!` on their payload
with `payload_from_error`. Top-level GraphQL errors are kept for bugs and authentication."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from enum import Enum
from typing import Any, TypeVar

import strawberry


@strawberry.enum(description="Stable machine-readable codes for user errors.")
class ErrorCode(Enum):
    UNAUTHENTICATED = strawberry.enum_value(
        "UNAUTHENTICATED", description="No valid credentials were sent."
    )
    FORBIDDEN = strawberry.enum_value(
        "FORBIDDEN", description="The caller may not touch this object."
    )
    NOT_FOUND = strawberry.enum_value("NOT_FOUND", description="No object has that ID.")
    INVALID = strawberry.enum_value(
        "INVALID", description="A value is malformed or out of range; see `field`."
    )
    PRIME_REQUIRED = strawberry.enum_value(
        "PRIME_REQUIRED", description="Only Prime members may do this."
    )
    TAKEN = strawberry.enum_value(
        "TAKEN", description="The value is already used by someone else (a handle, a slug)."
    )
    INVALID_CREDENTIALS = strawberry.enum_value(
        "INVALID_CREDENTIALS", description="The handle and password do not match."
    )
    TOO_FEW_INTERESTS = strawberry.enum_value(
        "TOO_FEW_INTERESTS", description="At least five distinct topics must be chosen."
    )
    POLL_CLOSED = strawberry.enum_value(
        "POLL_CLOSED", description="The poll no longer takes votes."
    )
    CANNOT_FOLLOW_SELF = strawberry.enum_value(
        "CANNOT_FOLLOW_SELF", description="Members cannot follow themselves."
    )
    NOT_APPROVED = strawberry.enum_value(
        "NOT_APPROVED", description="Only approved influencers may do this."
    )
    ALREADY_EXISTS = strawberry.enum_value(
        "ALREADY_EXISTS", description="The object exists already and only one is allowed."
    )
    RESERVED = strawberry.enum_value(
        "RESERVED", description="The value is reserved (a storefront slug such as `admin`)."
    )
    INELIGIBLE_COUNTRY = strawberry.enum_value(
        "INELIGIBLE_COUNTRY", description="The program is not offered in that country."
    )
    BUDGET_EXHAUSTED = strawberry.enum_value(
        "BUDGET_EXHAUSTED",
        description="A campaign budget, account cap or reward cap has been reached.",
    )
    CAMPAIGN_NOT_ACTIVE = strawberry.enum_value(
        "CAMPAIGN_NOT_ACTIVE", description="The campaign is not active or outside its dates."
    )
    ALREADY_CLAIMED = strawberry.enum_value(
        "ALREADY_CLAIMED", description="The reward was claimed already."
    )
    EXPIRED = strawberry.enum_value("EXPIRED", description="The object has expired.")
    RATE_LIMITED = strawberry.enum_value(
        "RATE_LIMITED", description="Too many requests; retry after the given time."
    )


@strawberry.type(description="A problem with the input of a mutation, for the user to fix.")
class UserError:
    field: str | None = strawberry.field(
        description="The input field at fault (camelCase path), or null when no one field is."
    )
    message: str = strawberry.field(description="A sentence for a person.")
    code: ErrorCode = strawberry.field(description="A stable code for programs.")


class DomainError(Exception):
    """A rule was broken. Raised by services, rolled back, reported as a `UserError`."""

    def __init__(self, code: ErrorCode, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field

    def to_user_error(self) -> UserError:
        return UserError(field=self.field, message=self.message, code=self.code)


PayloadT = TypeVar("PayloadT")


def payload_from_error(payload_type: Callable[..., PayloadT], error: DomainError) -> PayloadT:
    return payload_type(errors=[error.to_user_error()])


async def run_mutation(
    payload_type: Callable[..., PayloadT], action: Callable[[], Awaitable[dict[str, Any]]]
) -> PayloadT:
    """Run a mutation's service call; its dict becomes the payload, a DomainError its errors."""
    try:
        fields = await action()
    except DomainError as error:
        return payload_from_error(payload_type, error)
    return payload_type(**fields)
