"""Mutations of the influencer program and storefronts (affiliate ones: affiliate_mutations)."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry import relay

from spark_graph.context import Info
from spark_graph.db import transaction
from spark_graph.errors import UserError, run_mutation
from spark_graph.ids import decode_id
from spark_graph.permissions import IsAdmin, IsAuthenticated
from spark_graph.storefronts import program, service
from spark_graph.storefronts.models import Storefront as StorefrontRow
from spark_graph.storefronts.types import (
    InfluencerProfile,
    InfluencerStatus,
    SocialPlatform,
    Storefront,
    StorefrontSection,
)


@strawberry.input(description="A social account to link to an influencer application.")
class SocialAccountInput:
    platform: SocialPlatform = strawberry.field(description="The network.")
    handle: str = strawberry.field(description="The handle there, with or without the @.")
    followers: int = strawberry.field(description="How many followers the account has.")


@strawberry.input(description="Social accounts to apply (or re-apply) with.")
class ApplyToInfluencerProgramInput:
    accounts: list[SocialAccountInput] = strawberry.field(
        description="1 to 10 accounts. An account linked before keeps its link date and "
        "takes the new follower count; the review then runs over every linked account."
    )


@strawberry.type(description="The result of applyToInfluencerProgram.")
class ApplyToInfluencerProgramPayload:
    profile: InfluencerProfile | None = strawberry.field(
        default=None, description="The application, reviewed."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="An admin's decision on an influencer application.")
class ReviewInfluencerProfileInput:
    profile_id: relay.GlobalID = strawberry.field(description="The InfluencerProfile's ID.")
    status: InfluencerStatus | None = strawberry.field(
        default=None,
        description="The status to impose; null hands the profile back to the follower rule.",
    )


@strawberry.type(description="The result of reviewInfluencerProfile.")
class ReviewInfluencerProfilePayload:
    profile: InfluencerProfile | None = strawberry.field(
        default=None, description="The profile after the decision."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="The member to invite into the Onsite Associate program.")
class InviteOnsiteAssociateInput:
    user_id: relay.GlobalID = strawberry.field(description="The member's User ID.")


@strawberry.type(description="The result of inviteOnsiteAssociate.")
class InviteOnsiteAssociatePayload:
    profile: InfluencerProfile | None = strawberry.field(
        default=None, description="The member's influencer profile, now an onsite associate."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="A new storefront.")
class CreateStorefrontInput:
    slug: str = strawberry.field(
        description="The vanity address part: 3 to 40 lower-case letters, digits and hyphens "
        "(not first or last), unique, not a reserved word such as `admin` or `shop`."
    )
    title: str = strawberry.field(description="1 to 100 characters.")
    bio: str = strawberry.field(default="", description="At most 1,000 characters.")


@strawberry.type(description="The result of createStorefront.")
class CreateStorefrontPayload:
    storefront: Storefront | None = strawberry.field(default=None, description="The storefront.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="Changes to a storefront; omitted fields keep their value.")
class UpdateStorefrontInput:
    storefront_id: relay.GlobalID = strawberry.field(description="The storefront's ID.")
    title: str | None = strawberry.field(default=None, description="1 to 100 characters.")
    bio: str | None = strawberry.field(default=None, description="At most 1,000 characters.")
    banner_url: str | None = strawberry.field(
        default=None, description="An http or https picture address; an empty string removes it."
    )


@strawberry.type(description="The result of updateStorefront.")
class UpdateStorefrontPayload:
    storefront: Storefront | None = strawberry.field(default=None, description="The storefront.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="A new section at the end of a storefront.")
class AddStorefrontSectionInput:
    storefront_id: relay.GlobalID = strawberry.field(description="The storefront's ID.")
    title: str = strawberry.field(description="The heading, 1 to 100 characters.")
    product_ids: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Picked products, in display order (at most 100)."
    )
    idea_list_id: relay.GlobalID | None = strawberry.field(
        default=None,
        description="Mirror one of your own idea lists instead of picking products.",
    )


@strawberry.type(description="The result of addStorefrontSection.")
class AddStorefrontSectionPayload:
    section: StorefrontSection | None = strawberry.field(default=None, description="The section.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="Where to move a section.")
class MoveStorefrontSectionInput:
    section_id: relay.GlobalID = strawberry.field(description="The section's ID.")
    position: int = strawberry.field(
        description="The new place, 1 = first; the sections in between shift by one."
    )


@strawberry.type(description="The result of moveStorefrontSection.")
class MoveStorefrontSectionPayload:
    section: StorefrontSection | None = strawberry.field(default=None, description="The section.")
    storefront: Storefront | None = strawberry.field(
        default=None, description="The storefront, to read the new order from."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="The section to remove.")
class RemoveStorefrontSectionInput:
    section_id: relay.GlobalID = strawberry.field(description="The section's ID.")


@strawberry.type(description="The result of removeStorefrontSection.")
class RemoveStorefrontSectionPayload:
    removed_section_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The ID of the section removed."
    )
    storefront: Storefront | None = strawberry.field(
        default=None, description="The storefront; the later sections moved up by one."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="Products to append to a section of picks.")
class AddProductsToSectionInput:
    section_id: relay.GlobalID = strawberry.field(description="The section's ID.")
    product_ids: list[relay.GlobalID] = strawberry.field(
        description="Products to append, in order; those already there stay where they are."
    )


@strawberry.input(description="A product to take out of a section of picks.")
class RemoveProductFromSectionInput:
    section_id: relay.GlobalID = strawberry.field(description="The section's ID.")
    product_id: relay.GlobalID = strawberry.field(description="The product's ID.")


@strawberry.type(description="The result of addProductsToSection or removeProductFromSection.")
class SectionProductsPayload:
    section: StorefrontSection | None = strawberry.field(default=None, description="The section.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


def _viewer_id(info: Info) -> int:
    viewer_id = info.context.viewer_id
    assert viewer_id is not None, "declared IsAuthenticated"
    return viewer_id


def _storefront(info: Info, row: StorefrontRow) -> Storefront:
    return Storefront.from_row(row, info.context.settings.public_base_url)


def _product_ids(ids: list[relay.GlobalID] | None, field: str) -> list[int]:
    return [decode_id(gid, "Product", field=field) for gid in ids or []]


@strawberry.type
class StorefrontMutation:
    @strawberry.mutation(
        description="Apply to the influencer program with social accounts. Approved when an "
        "active account has 1,000 followers; PENDING while only Facebook/Instagram accounts "
        "in their 5-day delay could qualify; REJECTED otherwise. Applying again re-runs it.",
        permission_classes=[IsAuthenticated],
    )
    async def apply_to_influencer_program(
        self,
        info: Info,
        input: Annotated[
            ApplyToInfluencerProgramInput,
            strawberry.argument(description="The social accounts to apply with."),
        ],
    ) -> ApplyToInfluencerProgramPayload:
        user_id = _viewer_id(info)
        accounts = [
            program.AccountInput(program.Platform(a.platform.name), a.handle, a.followers)
            for a in input.accounts
        ]

        async def action() -> dict[str, Any]:
            now = info.context.clock.now()
            async with transaction(info.context.sessions) as session:
                row = await program.apply_to_influencer_program(
                    session=session, user_id=user_id, accounts=accounts, now=now
                )
            return {"profile": InfluencerProfile.from_row(row, now)}

        return await run_mutation(ApplyToInfluencerProgramPayload, action)

    @strawberry.mutation(
        description="Admins only: impose a status on an application, or hand it back to the rule.",
        permission_classes=[IsAuthenticated, IsAdmin],
    )
    async def review_influencer_profile(
        self,
        info: Info,
        input: Annotated[
            ReviewInfluencerProfileInput,
            strawberry.argument(description="The profile and the status to impose."),
        ],
    ) -> ReviewInfluencerProfilePayload:
        async def action() -> dict[str, Any]:
            now = info.context.clock.now()
            profile_id = decode_id(input.profile_id, "InfluencerProfile", field="profileId")
            status = program.InfluencerStatus(input.status.name) if input.status else None
            async with transaction(info.context.sessions) as session:
                row = await program.review_influencer_profile(
                    session=session, profile_id=profile_id, status=status, now=now
                )
            return {"profile": InfluencerProfile.from_row(row, now)}

        return await run_mutation(ReviewInfluencerProfilePayload, action)

    @strawberry.mutation(
        description="Admins only: invite a member into the Onsite Associate program (the only "
        "way in). Inviting twice changes nothing.",
        permission_classes=[IsAuthenticated, IsAdmin],
    )
    async def invite_onsite_associate(
        self,
        info: Info,
        input: Annotated[
            InviteOnsiteAssociateInput, strawberry.argument(description="The member to invite.")
        ],
    ) -> InviteOnsiteAssociatePayload:
        async def action() -> dict[str, Any]:
            now = info.context.clock.now()
            user_id = decode_id(input.user_id, "User", field="userId")
            async with transaction(info.context.sessions) as session:
                row = await program.invite_onsite_associate(
                    session=session, user_id=user_id, now=now
                )
            return {"profile": InfluencerProfile.from_row(row, now)}

        return await run_mutation(InviteOnsiteAssociatePayload, action)

    @strawberry.mutation(
        description="Open the viewer's storefront (approved influencers, one each).",
        permission_classes=[IsAuthenticated],
    )
    async def create_storefront(
        self,
        info: Info,
        input: Annotated[
            CreateStorefrontInput,
            strawberry.argument(description="The slug, title and bio of the new storefront."),
        ],
    ) -> CreateStorefrontPayload:
        owner_id = _viewer_id(info)

        async def action() -> dict[str, Any]:
            async with transaction(info.context.sessions) as session:
                row = await service.create_storefront(
                    session=session,
                    owner_id=owner_id,
                    slug=input.slug,
                    title=input.title,
                    bio=input.bio,
                    now=info.context.clock.now(),
                )
            return {"storefront": _storefront(info, row)}

        return await run_mutation(CreateStorefrontPayload, action)

    @strawberry.mutation(
        description="Change a storefront's title, bio or banner (owner only).",
        permission_classes=[IsAuthenticated],
    )
    async def update_storefront(
        self,
        info: Info,
        input: Annotated[
            UpdateStorefrontInput,
            strawberry.argument(description="The storefront and the fields to change."),
        ],
    ) -> UpdateStorefrontPayload:
        viewer_id = _viewer_id(info)

        async def action() -> dict[str, Any]:
            storefront_id = decode_id(input.storefront_id, "Storefront", field="storefrontId")
            async with transaction(info.context.sessions) as session:
                row = await service.update_storefront(
                    session=session,
                    viewer_id=viewer_id,
                    storefront_id=storefront_id,
                    title=input.title,
                    bio=input.bio,
                    banner_url=input.banner_url,
                    now=info.context.clock.now(),
                )
            return {"storefront": _storefront(info, row)}

        return await run_mutation(UpdateStorefrontPayload, action)

    @strawberry.mutation(
        description="Add a section at the end of a storefront: picked products, or a mirror "
        "of one of the owner's idea lists (owner only).",
        permission_classes=[IsAuthenticated],
    )
    async def add_storefront_section(
        self,
        info: Info,
        input: Annotated[
            AddStorefrontSectionInput,
            strawberry.argument(
                description="The storefront, the title, and picks or an idea list."
            ),
        ],
    ) -> AddStorefrontSectionPayload:
        viewer_id = _viewer_id(info)

        async def action() -> dict[str, Any]:
            storefront_id = decode_id(input.storefront_id, "Storefront", field="storefrontId")
            idea_list_id = (
                decode_id(input.idea_list_id, "IdeaList", field="ideaListId")
                if input.idea_list_id
                else None
            )
            async with transaction(info.context.sessions) as session:
                row = await service.add_section(
                    session=session,
                    viewer_id=viewer_id,
                    storefront_id=storefront_id,
                    title=input.title,
                    product_ids=_product_ids(input.product_ids, "productIds"),
                    idea_list_id=idea_list_id,
                    now=info.context.clock.now(),
                )
            return {"section": StorefrontSection.from_row(row)}

        return await run_mutation(AddStorefrontSectionPayload, action)

    @strawberry.mutation(
        description="Move a section to another place (owner only).",
        permission_classes=[IsAuthenticated],
    )
    async def move_storefront_section(
        self,
        info: Info,
        input: Annotated[
            MoveStorefrontSectionInput,
            strawberry.argument(description="The section and its new position."),
        ],
    ) -> MoveStorefrontSectionPayload:
        viewer_id = _viewer_id(info)

        async def action() -> dict[str, Any]:
            section_id = decode_id(input.section_id, "StorefrontSection", field="sectionId")
            async with transaction(info.context.sessions) as session:
                row = await service.move_section(
                    session=session,
                    viewer_id=viewer_id,
                    section_id=section_id,
                    position=input.position,
                    now=info.context.clock.now(),
                )
                storefront = await session.get(StorefrontRow, row.storefront_id)
            assert storefront is not None
            return {
                "section": StorefrontSection.from_row(row),
                "storefront": _storefront(info, storefront),
            }

        return await run_mutation(MoveStorefrontSectionPayload, action)

    @strawberry.mutation(
        description="Remove a section and its picks (owner only); idea lists are untouched.",
        permission_classes=[IsAuthenticated],
    )
    async def remove_storefront_section(
        self,
        info: Info,
        input: Annotated[
            RemoveStorefrontSectionInput, strawberry.argument(description="The section to remove.")
        ],
    ) -> RemoveStorefrontSectionPayload:
        viewer_id = _viewer_id(info)

        async def action() -> dict[str, Any]:
            section_id = decode_id(input.section_id, "StorefrontSection", field="sectionId")
            async with transaction(info.context.sessions) as session:
                storefront = await service.remove_section(
                    session=session,
                    viewer_id=viewer_id,
                    section_id=section_id,
                    now=info.context.clock.now(),
                )
            return {
                "removed_section_id": input.section_id,
                "storefront": Storefront.from_row(
                    storefront, info.context.settings.public_base_url
                ),
            }

        return await run_mutation(RemoveStorefrontSectionPayload, action)

    @strawberry.mutation(
        description="Append products to a section of picks (owner only).",
        permission_classes=[IsAuthenticated],
    )
    async def add_products_to_section(
        self,
        info: Info,
        input: Annotated[
            AddProductsToSectionInput,
            strawberry.argument(description="The section and the products to append."),
        ],
    ) -> SectionProductsPayload:
        viewer_id = _viewer_id(info)

        async def action() -> dict[str, Any]:
            section_id = decode_id(input.section_id, "StorefrontSection", field="sectionId")
            async with transaction(info.context.sessions) as session:
                row = await service.add_products_to_section(
                    session=session,
                    viewer_id=viewer_id,
                    section_id=section_id,
                    product_ids=_product_ids(input.product_ids, "productIds"),
                    now=info.context.clock.now(),
                )
            return {"section": StorefrontSection.from_row(row)}

        return await run_mutation(SectionProductsPayload, action)

    @strawberry.mutation(
        description="Take a product out of a section of picks (owner only); the products "
        "after it move up.",
        permission_classes=[IsAuthenticated],
    )
    async def remove_product_from_section(
        self,
        info: Info,
        input: Annotated[
            RemoveProductFromSectionInput,
            strawberry.argument(description="The section and the product to take out."),
        ],
    ) -> SectionProductsPayload:
        viewer_id = _viewer_id(info)

        async def action() -> dict[str, Any]:
            section_id = decode_id(input.section_id, "StorefrontSection", field="sectionId")
            product_id = decode_id(input.product_id, "Product", field="productId")
            async with transaction(info.context.sessions) as session:
                row = await service.remove_product_from_section(
                    session=session,
                    viewer_id=viewer_id,
                    section_id=section_id,
                    product_id=product_id,
                    now=info.context.clock.now(),
                )
            return {"section": StorefrontSection.from_row(row)}

        return await run_mutation(SectionProductsPayload, action)
