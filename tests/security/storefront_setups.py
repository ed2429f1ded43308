"""Storefront rows of the authorization matrix: their operations and how each prepares its
variables. The OWNER and the OTHER_OWNER are approved influencers with a storefront each
(the OWNER's is the one acted on); the INFLUENCER is approved and has no storefront."""

from __future__ import annotations

from typing import Any

from spark_graph.db import transaction
from spark_graph.ids import global_id
from spark_graph.storefronts import affiliate, program, service
from spark_graph.storefronts.models import AffiliateLink, Storefront, StorefrontSection
from tests.factories import Member
from tests.security.callers import Caller, World
from tests.storefronts import factories

Variables = dict[str, Any]

APPLY = """mutation ($input: ApplyToInfluencerProgramInput!) {
  applyToInfluencerProgram(input: $input) { profile { status } errors { code } } }"""
REVIEW = """mutation ($input: ReviewInfluencerProfileInput!) {
  reviewInfluencerProfile(input: $input) { profile { status } errors { code } } }"""
INVITE = """mutation ($input: InviteOnsiteAssociateInput!) {
  inviteOnsiteAssociate(input: $input) { profile { status } errors { code } } }"""
CREATE_STOREFRONT = """mutation ($input: CreateStorefrontInput!) {
  createStorefront(input: $input) { storefront { slug } errors { code } } }"""
UPDATE_STOREFRONT = """mutation ($input: UpdateStorefrontInput!) {
  updateStorefront(input: $input) { storefront { title } errors { code } } }"""
ADD_SECTION = """mutation ($input: AddStorefrontSectionInput!) {
  addStorefrontSection(input: $input) { section { title } errors { code } } }"""
MOVE_SECTION = """mutation ($input: MoveStorefrontSectionInput!) {
  moveStorefrontSection(input: $input) { section { position } errors { code } } }"""
REMOVE_SECTION = """mutation ($input: RemoveStorefrontSectionInput!) {
  removeStorefrontSection(input: $input) { removedSectionId errors { code } } }"""
ADD_PRODUCTS = """mutation ($input: AddProductsToSectionInput!) {
  addProductsToSection(input: $input) { section { title } errors { code } } }"""
REMOVE_PRODUCT = """mutation ($input: RemoveProductFromSectionInput!) {
  removeProductFromSection(input: $input) { section { title } errors { code } } }"""
CREATE_LINK = """mutation ($input: CreateAffiliateLinkInput!) {
  createAffiliateLink(input: $input) { link { code } errors { code } } }"""
RECORD_PURCHASE = """mutation ($input: RecordPurchaseInput!) {
  recordPurchase(input: $input) { attributed errors { code } } }"""
INFLUENCER_PROFILE = """query ($id: ID!) {
  node(id: $id) { ... on User { influencerProfile {
    status
    socialAccounts { handle }
    earnings(from: "2026-01-01", to: "2026-01-31") { clicks commission { amount } }
    affiliateLinks(first: 5) { edges { node { code } } }
  } } } }"""


async def _storefront_of(world: World, member: Member) -> Storefront:
    async with world.sessions() as session:
        existing = await service.find_storefront_by_owner(session=session, owner_id=member.id)
    if existing is not None:
        return existing
    return await factories.open_storefront(world.sessions, world.clock, user_id=member.id)


async def owners_storefront(world: World) -> Storefront:
    """Both owners' storefronts; returns the OWNER's."""
    await _storefront_of(world, await world.other_owner)
    return await _storefront_of(world, await world.owner)


def _gid(type_name: str, row_id: int | None) -> str:
    assert row_id is not None
    return global_id(type_name, row_id)


async def _sections(world: World, storefront: Storefront, count: int) -> list[StorefrontSection]:
    product = await factories.make_product(world.sessions, world.clock)
    assert product.id is not None and storefront.id is not None
    sections = []
    for number in range(count):
        async with transaction(world.sessions) as session:
            sections.append(
                await service.add_section(
                    session=session,
                    viewer_id=storefront.owner_id,
                    storefront_id=storefront.id,
                    title=f"Picks {number}",
                    product_ids=[product.id],
                    idea_list_id=None,
                    now=world.clock.now(),
                )
            )
    world.notes["product_id"] = _gid("Product", product.id)
    return sections


async def apply_with_youtube(world: World, caller: Caller) -> Variables:
    account = {"platform": "YOUTUBE", "handle": f"yt_{caller.value}", "followers": 5000}
    return {"input": {"accounts": [account]}}


async def owners_application(world: World, caller: Caller) -> Variables:
    owner = await world.owner
    async with transaction(world.sessions) as session:
        profile = await program.apply_to_influencer_program(
            session=session,
            user_id=owner.id,
            accounts=[program.AccountInput(program.Platform.YOUTUBE, "owner_yt", 10)],
            now=world.clock.now(),
        )
    return {"input": {"profileId": _gid("InfluencerProfile", profile.id), "status": "APPROVED"}}


async def the_owner_to_invite(world: World, caller: Caller) -> Variables:
    return {"input": {"userId": _gid("User", (await world.owner).id)}}


async def new_storefront(world: World, caller: Caller) -> Variables:
    """The owners have their storefront already; the influencer has none."""
    await owners_storefront(world)
    slug = "new-" + caller.value.replace("_", "-")
    return {"input": {"slug": slug, "title": "My picks"}}


async def retitling_owners_storefront(world: World, caller: Caller) -> Variables:
    storefront = await owners_storefront(world)
    return {"input": {"storefrontId": _gid("Storefront", storefront.id), "title": "Renamed"}}


async def section_for_owners_storefront(world: World, caller: Caller) -> Variables:
    storefront = await owners_storefront(world)
    product_id = await factories.make_product(world.sessions, world.clock)
    return {
        "input": {
            "storefrontId": _gid("Storefront", storefront.id),
            "title": "Summer",
            "productIds": [_gid("Product", product_id.id)],
        }
    }


async def moving_owners_section(world: World, caller: Caller) -> Variables:
    first, _ = await _sections(world, await owners_storefront(world), 2)
    return {"input": {"sectionId": _gid("StorefrontSection", first.id), "position": 2}}


async def owners_section(world: World, caller: Caller) -> Variables:
    (section,) = await _sections(world, await owners_storefront(world), 1)
    return {"input": {"sectionId": _gid("StorefrontSection", section.id)}}


async def product_for_owners_section(world: World, caller: Caller) -> Variables:
    variables = await owners_section(world, caller)
    product = await factories.make_product(world.sessions, world.clock)
    variables["input"]["productIds"] = [_gid("Product", product.id)]
    return variables


async def product_in_owners_section(world: World, caller: Caller) -> Variables:
    variables = await owners_section(world, caller)
    variables["input"]["productId"] = world.notes["product_id"]
    return variables


async def product_for_owners_link(world: World, caller: Caller) -> Variables:
    storefront = await owners_storefront(world)
    product = await factories.make_product(world.sessions, world.clock)
    return {
        "input": {
            "storefrontId": _gid("Storefront", storefront.id),
            "productId": _gid("Product", product.id),
        }
    }


async def _owners_link(world: World) -> AffiliateLink:
    storefront = await owners_storefront(world)
    product = await factories.make_product(world.sessions, world.clock, price="20.00")
    assert storefront.id is not None and product.id is not None
    async with transaction(world.sessions) as session:
        return await affiliate.create_affiliate_link(
            session=session,
            viewer_id=storefront.owner_id,
            storefront_id=storefront.id,
            product_id=product.id,
            now=world.clock.now(),
        )


async def purchase_after_a_click(world: World, caller: Caller) -> Variables:
    link = await _owners_link(world)
    async with transaction(world.sessions) as session:
        click = await affiliate.record_click(session=session, code=link.code, now=world.clock.now())
    assert click is not None
    return {
        "input": {
            "orderId": f"order-{caller.value}",
            "productId": _gid("Product", link.product_id),
            "quantity": 1,
            "unitPrice": "20.00",
            "clickId": click.click.token,
        }
    }


async def owners_influencer_profile(world: World, caller: Caller) -> Variables:
    await owners_storefront(world)
    return {"id": _gid("User", (await world.owner).id)}


AFFILIATE_LINK_NODE = """query ($id: ID!) {
  node(id: $id) { ... on AffiliateLink { code clickCount } } }"""


async def owners_link_node(world: World, caller: Caller) -> Variables:
    return {"id": _gid("AffiliateLink", (await _owners_link(world)).id)}
