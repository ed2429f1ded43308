from __future__ import annotations

from typing import Any

import strawberry
from strawberry import relay

from spark_graph.auth.models import User as UserRow
from spark_graph.catalog import service
from spark_graph.catalog.types import IdeaList, Product
from spark_graph.context import Info
from spark_graph.db import transaction
from spark_graph.errors import UserError, run_mutation
from spark_graph.ids import decode_id
from spark_graph.permissions import IsAuthenticated


@strawberry.input(description="A new idea list.")
class CreateIdeaListInput:
    title: str = strawberry.field(description="1 to 100 characters.")
    description: str = strawberry.field(default="", description="At most 1000 characters.")
    is_public: bool = strawberry.field(
        default=True, description="Private lists (false) are seen by their owner alone."
    )


@strawberry.type(description="The result of createIdeaList.")
class CreateIdeaListPayload:
    idea_list: IdeaList | None = strawberry.field(default=None, description="The new list.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="A product to save into one of the viewer's idea lists.")
class SaveToIdeaListInput:
    idea_list_id: strawberry.ID = strawberry.field(description="The viewer's idea list.")
    product_id: strawberry.ID = strawberry.field(description="The product to save.")
    note: str = strawberry.field(default="", description="A note, at most 500 characters.")


@strawberry.type(
    description="The result of saveToIdeaList. Saving a product the list already holds "
    "changes nothing and is not an error."
)
class SaveToIdeaListPayload:
    idea_list: IdeaList | None = strawberry.field(
        default=None, description="The list, with its new item count."
    )
    product: Product | None = strawberry.field(
        default=None, description="The product, with its new saved count."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="A product to take out of one of the viewer's idea lists.")
class RemoveFromIdeaListInput:
    idea_list_id: strawberry.ID = strawberry.field(description="The viewer's idea list.")
    product_id: strawberry.ID = strawberry.field(description="The product to remove.")


@strawberry.type(
    description="The result of removeFromIdeaList. Removing a product the list does not "
    "hold changes nothing and is not an error."
)
class RemoveFromIdeaListPayload:
    idea_list: IdeaList | None = strawberry.field(
        default=None, description="The list, with its new item count."
    )
    product: Product | None = strawberry.field(
        default=None, description="The product, with its new saved count."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="Changes to one of the viewer's idea lists; omitted fields stay.")
class UpdateIdeaListInput:
    idea_list_id: strawberry.ID = strawberry.field(description="The viewer's idea list.")
    title: str | None = strawberry.field(default=None, description="1 to 100 characters.")
    description: str | None = strawberry.field(default=None, description="At most 1000 characters.")
    is_public: bool | None = strawberry.field(
        default=None, description="Private lists (false) are seen by their owner alone."
    )


@strawberry.type(description="The result of updateIdeaList.")
class UpdateIdeaListPayload:
    idea_list: IdeaList | None = strawberry.field(default=None, description="The changed list.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="One of the viewer's idea lists, to delete.")
class DeleteIdeaListInput:
    idea_list_id: strawberry.ID = strawberry.field(description="The viewer's idea list.")


@strawberry.type(description="The result of deleteIdeaList.")
class DeleteIdeaListPayload:
    deleted_idea_list_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The ID of the deleted list, to drop it from client caches."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


def _viewer(info: Info) -> UserRow:
    viewer = info.context.viewer
    assert viewer is not None, "guarded by IsAuthenticated"
    return viewer


@strawberry.type
class CatalogMutation:
    @strawberry.mutation(
        description="Create an idea list (Prime members only).",
        permission_classes=[IsAuthenticated],
    )
    async def create_idea_list(
        self, info: Info, input: CreateIdeaListInput
    ) -> CreateIdeaListPayload:
        async def action() -> dict[str, Any]:
            async with transaction(info.context.sessions) as session:
                row = await service.create_idea_list(
                    session=session,
                    viewer=_viewer(info),
                    title=input.title,
                    description=input.description,
                    is_public=input.is_public,
                    now=info.context.clock.now(),
                )
            return {"idea_list": IdeaList.from_row(row)}

        return await run_mutation(CreateIdeaListPayload, action)

    @strawberry.mutation(
        description="Save a product into one of the viewer's idea lists (Prime members "
        "only). Saving it twice is a no-op.",
        permission_classes=[IsAuthenticated],
    )
    async def save_to_idea_list(
        self, info: Info, input: SaveToIdeaListInput
    ) -> SaveToIdeaListPayload:
        async def action() -> dict[str, Any]:
            idea_list_id = decode_id(input.idea_list_id, "IdeaList", field="ideaListId")
            product_id = decode_id(input.product_id, "Product", field="productId")
            async with transaction(info.context.sessions) as session:
                saved = await service.save_to_idea_list(
                    session=session,
                    viewer=_viewer(info),
                    idea_list_id=idea_list_id,
                    product_id=product_id,
                    note=input.note,
                    now=info.context.clock.now(),
                )
            return {
                "idea_list": IdeaList.from_row(saved.idea_list),
                "product": Product.from_row(saved.product),
            }

        return await run_mutation(SaveToIdeaListPayload, action)

    @strawberry.mutation(
        description="Take a product out of one of the viewer's idea lists.",
        permission_classes=[IsAuthenticated],
    )
    async def remove_from_idea_list(
        self, info: Info, input: RemoveFromIdeaListInput
    ) -> RemoveFromIdeaListPayload:
        async def action() -> dict[str, Any]:
            idea_list_id = decode_id(input.idea_list_id, "IdeaList", field="ideaListId")
            product_id = decode_id(input.product_id, "Product", field="productId")
            async with transaction(info.context.sessions) as session:
                removed = await service.remove_from_idea_list(
                    session=session,
                    viewer=_viewer(info),
                    idea_list_id=idea_list_id,
                    product_id=product_id,
                    now=info.context.clock.now(),
                )
            return {
                "idea_list": IdeaList.from_row(removed.idea_list),
                "product": Product.from_row(removed.product),
            }

        return await run_mutation(RemoveFromIdeaListPayload, action)

    @strawberry.mutation(
        description="Rename, describe, or make public or private one of the viewer's idea "
        "lists (Prime members only).",
        permission_classes=[IsAuthenticated],
    )
    async def update_idea_list(
        self, info: Info, input: UpdateIdeaListInput
    ) -> UpdateIdeaListPayload:
        async def action() -> dict[str, Any]:
            idea_list_id = decode_id(input.idea_list_id, "IdeaList", field="ideaListId")
            async with transaction(info.context.sessions) as session:
                row = await service.update_idea_list(
                    session=session,
                    viewer=_viewer(info),
                    idea_list_id=idea_list_id,
                    title=input.title,
                    description=input.description,
                    is_public=input.is_public,
                    now=info.context.clock.now(),
                )
            return {"idea_list": IdeaList.from_row(row)}

        return await run_mutation(UpdateIdeaListPayload, action)

    @strawberry.mutation(
        description="Delete one of the viewer's idea lists and its items; each product it "
        "held is saved once less.",
        permission_classes=[IsAuthenticated],
    )
    async def delete_idea_list(
        self, info: Info, input: DeleteIdeaListInput
    ) -> DeleteIdeaListPayload:
        async def action() -> dict[str, Any]:
            idea_list_id = decode_id(input.idea_list_id, "IdeaList", field="ideaListId")
            async with transaction(info.context.sessions) as session:
                await service.delete_idea_list(
                    session=session, viewer=_viewer(info), idea_list_id=idea_list_id
                )
            return {
                "deleted_idea_list_id": relay.GlobalID(
                    type_name="IdeaList", node_id=str(idea_list_id)
                )
            }

        return await run_mutation(DeleteIdeaListPayload, action)
