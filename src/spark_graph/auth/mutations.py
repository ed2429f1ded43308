from __future__ import annotations

from datetime import timedelta
from typing import Any

import strawberry

from spark_graph.auth import service
from spark_graph.auth.tokens import issue_token
from spark_graph.auth.types import User
from spark_graph.context import Info
from spark_graph.db import transaction
from spark_graph.errors import UserError, run_mutation
from spark_graph.permissions import IsAuthenticated


@strawberry.input(description="A new member's details.")
class SignUpInput:
    handle: str = strawberry.field(description="3 to 30 letters, digits or underscores.")
    display_name: str = strawberry.field(description="1 to 60 characters.")
    password: str = strawberry.field(description="8 to 128 characters.")
    country: str = strawberry.field(default="US", description="Two-letter ISO country code.")


@strawberry.type(description="The result of signUp: a token to send as a bearer credential.")
class SignUpPayload:
    token: str | None = strawberry.field(default=None, description="Send as 'Bearer <token>'.")
    user: User | None = strawberry.field(default=None, description="The new member.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="Credentials to log in with.")
class LogInInput:
    handle: str = strawberry.field(description="The member's handle.")
    password: str = strawberry.field(description="The member's password.")


@strawberry.type(description="The result of logIn.")
class LogInPayload:
    token: str | None = strawberry.field(default=None, description="Send as 'Bearer <token>'.")
    user: User | None = strawberry.field(default=None, description="The member logged in.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.type(description="The result of joinPrime.")
class JoinPrimePayload:
    user: User | None = strawberry.field(default=None, description="The member, now Prime.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.type(description="The result of logOut.")
class LogOutPayload:
    revoked: bool = strawberry.field(
        default=False, description="True once the token sent with this request is revoked."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


def _token_for(info: Info, user_id: int) -> str:
    settings = info.context.settings
    return issue_token(
        user_id=user_id,
        secret_key=settings.secret_key,
        now=info.context.clock.now(),
        ttl_seconds=settings.token_ttl_seconds,
    )


@strawberry.type
class AuthMutation:
    @strawberry.mutation(description="Create a member account and log in.")
    async def sign_up(self, info: Info, input: SignUpInput) -> SignUpPayload:
        async def action() -> dict[str, Any]:
            async with transaction(info.context.sessions) as session:
                row = await service.sign_up(
                    session=session,
                    settings=info.context.settings,
                    now=info.context.clock.now(),
                    handle=input.handle,
                    display_name=input.display_name,
                    password=input.password,
                    country=input.country,
                )
            assert row.id is not None
            return {"token": _token_for(info, row.id), "user": User.from_row(row)}

        return await run_mutation(SignUpPayload, action)

    @strawberry.mutation(description="Exchange a handle and password for a bearer token.")
    async def log_in(self, info: Info, input: LogInInput) -> LogInPayload:
        async def action() -> dict[str, Any]:
            async with info.context.sessions() as session:
                settings = info.context.settings
                row = await service.log_in(
                    session=session,
                    handle=input.handle,
                    password=input.password,
                    now=info.context.clock.now(),
                    max_failures=settings.login_max_failures,
                    window_seconds=settings.login_failure_window_seconds,
                )
            assert row.id is not None
            return {"token": _token_for(info, row.id), "user": User.from_row(row)}

        return await run_mutation(LogInPayload, action)

    @strawberry.mutation(
        description="Start the viewer's Prime membership (payment is out of scope). Idempotent.",
        permission_classes=[IsAuthenticated],
    )
    async def join_prime(self, info: Info) -> JoinPrimePayload:
        viewer_id = info.context.viewer_id
        assert viewer_id is not None

        async def action() -> dict[str, Any]:
            async with transaction(info.context.sessions) as session:
                row = await service.join_prime(
                    session=session, user_id=viewer_id, now=info.context.clock.now()
                )
            return {"user": User.from_row(row)}

        return await run_mutation(JoinPrimePayload, action)

    @strawberry.mutation(
        description="End the bearer token sent with this request: it stops working at once. "
        "Other tokens of the member keep working.",
        permission_classes=[IsAuthenticated],
    )
    async def log_out(self, info: Info) -> LogOutPayload:
        token_id = info.context.token_id
        assert token_id is not None, "IsAuthenticated lets only member tokens through"
        # The token cannot outlive its full lifetime from now; the row may go after that.
        expires_at = info.context.clock.now() + timedelta(
            seconds=info.context.settings.token_ttl_seconds
        )

        async def action() -> dict[str, Any]:
            async with transaction(info.context.sessions) as session:
                await service.revoke_token(
                    session=session, token_id=token_id, expires_at=expires_at
                )
            return {"revoked": True}

        return await run_mutation(LogOutPayload, action)
