"""Mutations of affiliate links and of the order system's purchase feed."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry import relay

from spark_graph.context import Info
from spark_graph.db import transaction
from spark_graph.errors import UserError, run_mutation
from spark_graph.ids import decode_id
from spark_graph.money import Money
from spark_graph.permissions import IsAuthenticated, IsNotMember
from spark_graph.storefronts import affiliate
from spark_graph.storefronts.permissions import HasServerApiKey
from spark_graph.storefronts.types import AffiliateLink, Commission


@strawberry.input(description="The product to link to, from one of your storefronts.")
class CreateAffiliateLinkInput:
    product_id: relay.GlobalID = strawberry.field(description="The product's ID.")
    storefront_id: relay.GlobalID = strawberry.field(description="Your storefront's ID.")


@strawberry.type(description="The result of createAffiliateLink.")
class CreateAffiliateLinkPayload:
    link: AffiliateLink | None = strawberry.field(default=None, description="The link.")
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.input(description="One order line, as the order system reports it.")
class RecordPurchaseInput:
    order_id: str = strawberry.field(description="The order's ID in the order system.")
    product_id: relay.GlobalID = strawberry.field(description="The product bought.")
    quantity: int = strawberry.field(description="How many, 1 to 10,000.")
    unit_price: str = strawberry.field(
        description='The price paid per unit, a decimal string in whole cents ("19.99").'
    )
    click_id: str = strawberry.field(
        description="The `click` parameter of the product page address the shopper arrived "
        "at through GET /r/<code>."
    )


@strawberry.type(description="The result of recordPurchase.")
class RecordPurchasePayload:
    attributed: bool = strawberry.field(
        default=False,
        description="Whether the line earns commission (its click was at most 24 hours old).",
    )
    commission: Commission | None = strawberry.field(
        default=None, description="What the line earned; null when not attributed."
    )
    errors: list[UserError] = strawberry.field(default_factory=list, description="User errors.")


@strawberry.type
class AffiliateMutation:
    @strawberry.mutation(
        description="A short affiliate link to a product from the viewer's storefront "
        "(approved influencers only). Asking again for the same product gives the same link.",
        permission_classes=[IsAuthenticated],
    )
    async def create_affiliate_link(
        self,
        info: Info,
        input: Annotated[
            CreateAffiliateLinkInput,
            strawberry.argument(description="The product and the storefront the link comes from."),
        ],
    ) -> CreateAffiliateLinkPayload:
        viewer_id = info.context.viewer_id
        assert viewer_id is not None

        async def action() -> dict[str, Any]:
            storefront_id = decode_id(input.storefront_id, "Storefront", field="storefrontId")
            product_id = decode_id(input.product_id, "Product", field="productId")
            async with transaction(info.context.sessions) as session:
                row = await affiliate.create_affiliate_link(
                    session=session,
                    viewer_id=viewer_id,
                    storefront_id=storefront_id,
                    product_id=product_id,
                    now=info.context.clock.now(),
                )
            return {"link": AffiliateLink.from_row(row, info.context.settings.public_base_url)}

        return await run_mutation(CreateAffiliateLinkPayload, action)

    @strawberry.mutation(
        description="For the order system, with a server API key (a member token is "
        "FORBIDDEN, no or a bad key UNAUTHENTICATED): attribute an order line to the click it "
        "names when that click is at most 24 hours old. Every line of the basket earns at its "
        "category's rate; the same order line sent twice counts once and answers the same.",
        permission_classes=[IsNotMember, HasServerApiKey],
    )
    async def record_purchase(
        self,
        info: Info,
        input: Annotated[
            RecordPurchaseInput,
            strawberry.argument(
                description="One order line and the click the shopper arrived with."
            ),
        ],
    ) -> RecordPurchasePayload:
        async def action() -> dict[str, Any]:
            product_id = decode_id(input.product_id, "Product", field="productId")
            async with transaction(info.context.sessions) as session:
                result = await affiliate.record_purchase(
                    session=session,
                    order_id=input.order_id,
                    product_id=product_id,
                    quantity=input.quantity,
                    unit_price=input.unit_price,
                    click_token=input.click_id,
                    now=info.context.clock.now(),
                )
            if result.purchase is None or result.link is None:
                return {"attributed": False}
            purchase = result.purchase
            link = AffiliateLink.from_row(result.link, info.context.settings.public_base_url)
            return {
                "attributed": True,
                "commission": Commission(
                    amount=Money.of(purchase.commission, purchase.currency),
                    rate=purchase.rate,
                    category=purchase.category,
                    link=link,
                ),
            }

        return await run_mutation(RecordPurchasePayload, action)
