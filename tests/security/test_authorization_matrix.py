"""The authorization matrix: for every mutation and every protected field, each kind of
caller gets exactly the expected answer.

One line per mutation (or protected field) in ROWS: the operation, how to prepare its
variables for a caller, and the expected answer per caller kind:
  OK                  data, no top-level error and no user error;
  "!CODE"             a top-level error with `extensions.code` CODE (UNAUTHENTICATED, ...);
  "CODE"              a user error in the payload with that code (PRIME_REQUIRED, FORBIDDEN);
  HIDDEN              for a field row: data, but the protected field (at the row's
                      `hidden_at` path) is null for this caller.
`expect(default, caller=answer, ...)` writes a row's answers compactly; `members(...)` is the
same for a mutation that needs a member token (anonymous callers and API keys: UNAUTHENTICATED).

The schema is read by introspection: a mutation or a field with permission classes that has
no row fails `test_every_mutation_and_protected_field_has_a_row`, naming what is missing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from strawberry.types.base import StrawberryObjectDefinition

from spark_graph.schema import get_schema
from tests.catalog import operations as c
from tests.contract.test_contract_runs import user_errors_in
from tests.factories import make_user
from tests.security import moments_setups as m
from tests.security import storefront_setups as sf
from tests.security.callers import CREDENTIALS, Caller, World
from tests.security.matrix_setups import (
    comment_on_owners_post,
    five_topics,
    new_idea_list,
    new_post,
    option_of_owners_poll,
    owners_idea_list,
    owners_post,
    product_for_owners_idea_list,
    product_in_owners_idea_list,
    renaming_owners_idea_list,
    the_owner,
)
from tests.social import operations as s

OK = "ok"
HIDDEN = "hidden"
UNAUTHENTICATED = "!UNAUTHENTICATED"
PRIME_REQUIRED, FORBIDDEN, SELF = "PRIME_REQUIRED", "FORBIDDEN", "CANNOT_FOLLOW_SELF"
NOT_A_MEMBER = {"anonymous": UNAUTHENTICATED, "brand_key": UNAUTHENTICATED}
NOT_A_MEMBER |= {"order_key": UNAUTHENTICATED, "other_brand_key": UNAUTHENTICATED}

Setup = Callable[[World, Caller], Awaitable[dict[str, Any]]]


def expect(default: str, **answers: str) -> dict[Caller, str]:
    unknown = set(answers) - {c.value for c in Caller}
    assert not unknown, f"unknown caller kinds {unknown}"
    return {caller: answers.get(caller.value, default) for caller in Caller}


def members(default: str, **answers: str) -> dict[Caller, str]:
    """For a mutation declared IsAuthenticated: anyone without a member token is refused."""
    return expect(default, **{**NOT_A_MEMBER, **answers})


async def no_variables(world: World, caller: Caller) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class Row:
    field: str  # "Mutation.joinPrime", or "Type.field" for a protected field
    operation: str
    expected: dict[Caller, str]
    setup: Setup = no_variables
    hidden_at: tuple[str, ...] = ()  # field rows: where the protected value is in `data`


# --- auth -------------------------------------------------------------------------------

SIGN_UP = """mutation ($input: SignUpInput!) {
  signUp(input: $input) { token errors { code } } }"""
LOG_IN = """mutation ($input: LogInInput!) {
  logIn(input: $input) { token errors { code } } }"""
JOIN_PRIME = "mutation { joinPrime { user { isPrime } errors { code } } }"
LOG_OUT = "mutation { logOut { revoked errors { code } } }"


async def sign_up_input(world: World, caller: Caller) -> dict[str, Any]:
    handle = f"new_{caller.value}"[:30]
    return {"input": {"handle": handle, "displayName": "New", "password": "a-good-password"}}


async def log_in_input(world: World, caller: Caller) -> dict[str, Any]:
    await make_user(world.sessions, world.settings, world.clock, handle="login_target")
    return {"input": {"handle": "login_target", "password": "correct-horse-battery"}}


PRIME_ONLY = {"member": PRIME_REQUIRED, "admin": PRIME_REQUIRED}  # admins are not Prime
NOT_APPROVED, ALREADY = "NOT_APPROVED", "ALREADY_EXISTS"
ADMINS_ONLY = members("!FORBIDDEN", admin=OK)
OWNER_ONLY = members(FORBIDDEN, owner=OK)
# No member token: no credential, or another system's key.
API_KEYS_ONLY = {"anonymous": UNAUTHENTICATED, "brand_key": UNAUTHENTICATED}
API_KEYS_ONLY |= {"other_brand_key": UNAUTHENTICATED}

ROWS: list[Row] = [
    # auth
    Row("Mutation.signUp", SIGN_UP, expect(OK), sign_up_input),
    Row("Mutation.logIn", LOG_IN, expect(OK), log_in_input),
    Row("Mutation.joinPrime", JOIN_PRIME, members(OK)),
    Row("Mutation.logOut", LOG_OUT, members(OK)),
    # social: Prime members post, smile and comment; every member votes and follows
    Row("Mutation.createPost", s.CREATE_POST_MUTATION, members(OK, **PRIME_ONLY), new_post),
    Row("Mutation.deletePost", s.DELETE_POST_MUTATION, members(FORBIDDEN, owner=OK), owners_post),
    Row("Mutation.smile", s.SMILE_MUTATION, members(OK, **PRIME_ONLY), owners_post),
    Row("Mutation.unsmile", s.UNSMILE_MUTATION, members(OK, **PRIME_ONLY), owners_post),
    Row(
        "Mutation.addComment",
        s.ADD_COMMENT_MUTATION,
        members(OK, **PRIME_ONLY),
        comment_on_owners_post,
    ),
    Row("Mutation.vote", s.VOTE_MUTATION, members(OK), option_of_owners_poll),
    Row("Mutation.follow", s.FOLLOW_MUTATION, members(OK, owner=SELF), the_owner),
    Row("Mutation.unfollow", s.UNFOLLOW_MUTATION, members(OK, owner=SELF), the_owner),
    Row("Mutation.chooseInterests", s.CHOOSE_INTERESTS_MUTATION, members(OK), five_topics),
    # catalog: Prime members keep idea lists; only the owner changes one
    Row("Mutation.createIdeaList", c.CREATE_IDEA_LIST, members(OK, **PRIME_ONLY), new_idea_list),
    Row(
        "Mutation.saveToIdeaList",
        c.SAVE_TO_IDEA_LIST,
        members(FORBIDDEN, owner=OK, **PRIME_ONLY),
        product_for_owners_idea_list,
    ),
    Row(
        "Mutation.removeFromIdeaList",
        c.REMOVE_FROM_IDEA_LIST,
        members(FORBIDDEN, owner=OK),
        product_in_owners_idea_list,
    ),
    Row(
        "Mutation.updateIdeaList",
        c.UPDATE_IDEA_LIST,
        members(FORBIDDEN, owner=OK, **PRIME_ONLY),
        renaming_owners_idea_list,
    ),
    Row(
        "Mutation.deleteIdeaList",
        c.DELETE_IDEA_LIST,
        members(FORBIDDEN, owner=OK),
        owners_idea_list,
    ),
    # storefronts: any member applies; admins review and invite; approved influencers open
    # one storefront and make links from it; only its owner changes it (admins included:
    # FORBIDDEN); only the order system's key records purchases (a member token: FORBIDDEN)
    Row("Mutation.applyToInfluencerProgram", sf.APPLY, members(OK), sf.apply_with_youtube),
    Row("Mutation.reviewInfluencerProfile", sf.REVIEW, ADMINS_ONLY, sf.owners_application),
    Row("Mutation.inviteOnsiteAssociate", sf.INVITE, ADMINS_ONLY, sf.the_owner_to_invite),
    Row(
        "Mutation.createStorefront",
        sf.CREATE_STOREFRONT,
        members(NOT_APPROVED, influencer=OK, owner=ALREADY, other_owner=ALREADY),
        sf.new_storefront,
    ),
    Row(
        "Mutation.updateStorefront",
        sf.UPDATE_STOREFRONT,
        OWNER_ONLY,
        sf.retitling_owners_storefront,
    ),
    Row(
        "Mutation.addStorefrontSection",
        sf.ADD_SECTION,
        OWNER_ONLY,
        sf.section_for_owners_storefront,
    ),
    Row("Mutation.moveStorefrontSection", sf.MOVE_SECTION, OWNER_ONLY, sf.moving_owners_section),
    Row("Mutation.removeStorefrontSection", sf.REMOVE_SECTION, OWNER_ONLY, sf.owners_section),
    Row(
        "Mutation.addProductsToSection",
        sf.ADD_PRODUCTS,
        OWNER_ONLY,
        sf.product_for_owners_section,
    ),
    Row(
        "Mutation.removeProductFromSection",
        sf.REMOVE_PRODUCT,
        OWNER_ONLY,
        sf.product_in_owners_section,
    ),
    Row(
        "Mutation.createAffiliateLink",
        sf.CREATE_LINK,
        members(NOT_APPROVED, influencer=FORBIDDEN, other_owner=FORBIDDEN, owner=OK),
        sf.product_for_owners_link,
    ),
    Row(
        "Mutation.recordPurchase",
        sf.RECORD_PURCHASE,
        expect("!FORBIDDEN", order_key=OK, **API_KEYS_ONLY),
        sf.purchase_after_a_click,
    ),
    # an influencer profile (accounts, earnings, links): the member themself and admins
    Row(
        "User.influencerProfile",
        sf.INFLUENCER_PROFILE,
        expect(HIDDEN, owner=OK, admin=OK),
        sf.owners_influencer_profile,
        hidden_at=("node", "influencerProfile"),
    ),
    Row(
        "AffiliateLink.clickCount",
        sf.AFFILIATE_LINK_NODE,
        expect(HIDDEN, owner=OK, admin=OK),
        sf.owners_link_node,
        hidden_at=("node",),
    ),
    # moments: any member opens a brand account; only its owner makes keys and runs its
    # campaigns (admins included: FORBIDDEN); only the key of the campaign's own account
    # reports actions (another account's key: FORBIDDEN, any member token: UNAUTHENTICATED);
    # only the member who earned a reward claims it
    Row("Mutation.createBrandAccount", m.CREATE_BRAND_ACCOUNT, members(OK), m.new_brand_account),
    Row("Mutation.createApiKey", m.CREATE_API_KEY, OWNER_ONLY, m.owners_account),
    Row(
        "Mutation.createCampaign",
        m.CREATE_CAMPAIGN,
        OWNER_ONLY,
        m.campaign_for_owners_account,
    ),
    Row(
        "Mutation.setCampaignStatus",
        m.SET_CAMPAIGN_STATUS,
        OWNER_ONLY,
        m.activating_owners_campaign,
    ),
    Row(
        "Mutation.reportMomentAction",
        m.REPORT_MOMENT_ACTION,
        expect(
            "!FORBIDDEN",
            anonymous=UNAUTHENTICATED,
            order_key=UNAUTHENTICATED,
            brand_key=OK,
            other_brand_key="!FORBIDDEN",
        ),
        m.action_on_owners_campaign,
    ),
    Row("Mutation.claimReward", m.CLAIM_REWARD, OWNER_ONLY, m.reward_earned_by_the_owner),
    Row(
        "Mutation.fulfillReward",
        m.FULFILL_REWARD,
        OWNER_ONLY,
        m.claimed_reward_of_owners_campaign,
    ),
    # moments fields: a brand account only to its owner; a campaign to all, its commercial
    # figures to its owner; a reward to its member and the campaign's owner, its claim code
    # to its member only
    Row(
        "BrandAccount.spentThisMonth",
        m.BRAND_ACCOUNT_NODE,
        expect(HIDDEN, owner=OK),
        m.owners_account_node,
        hidden_at=("node",),
    ),
    Row(
        "Campaign.cpa",
        m.CAMPAIGN_NODE,
        expect(HIDDEN, owner=OK),
        m.owners_campaign_node,
        hidden_at=("node", "cpa"),
    ),
    Row(
        "Campaign.stats",
        m.CAMPAIGN_NODE,
        expect(HIDDEN, owner=OK),
        m.owners_campaign_node,
        hidden_at=("node", "stats"),
    ),
    Row(
        "RewardGrant.status",
        m.REWARD_GRANT_NODE,
        expect(HIDDEN, member=OK, owner=OK),
        m.grant_of_the_member_node,
        hidden_at=("node",),
    ),
    Row(
        "RewardGrant.claimCode",
        m.REWARD_GRANT_NODE,
        expect(HIDDEN, member=OK),
        m.grant_of_the_member_node,
        hidden_at=("node", "claimCode"),
    ),
]


# --- the machinery ----------------------------------------------------------------------


def answer(body: dict[str, Any], row: Row) -> str:
    if body.get("errors"):
        return "!" + str(body["errors"][0].get("extensions", {}).get("code"))
    found = user_errors_in(body.get("data"))
    if found:
        return str(found[0][1][0]["code"])
    value: Any = body.get("data")
    for key in row.hidden_at:
        value = value.get(key) if isinstance(value, dict) else None
    return HIDDEN if value is None else OK


CELLS = [(row, caller) for row in ROWS for caller in Caller]


@pytest.mark.parametrize(
    ("row", "caller"), CELLS, ids=[f"{row.field}-{caller.value}" for row, caller in CELLS]
)
async def test_caller_gets_the_expected_answer(row, caller, gql, sessions, settings, clock):
    build_credential = CREDENTIALS.get(caller)
    if build_credential is None:
        pytest.skip(f"no builder for {caller.value} yet: add it in tests/security/callers.py")
    # given
    world = World(gql=gql, sessions=sessions, settings=settings, clock=clock)
    token = await build_credential(world)
    variables = await row.setup(world, caller)
    # when
    body = await gql.execute(row.operation, variables, token=token, expect_errors=True)
    # then
    assert answer(body, row) == row.expected[caller], body


def schema_fields_needing_rows() -> set[str]:
    """Every Mutation field, and every field of any type declared with permission classes."""
    schema = get_schema()
    names = {f"Mutation.{name}" for name in schema._schema.mutation_type.fields}  # type: ignore[union-attr]
    for graphql_type in schema.schema_converter.type_map.values():
        definition = graphql_type.definition
        if not isinstance(definition, StrawberryObjectDefinition):
            continue
        for strawberry_field in definition.fields:
            if strawberry_field.permission_classes:
                field_name = schema.config.name_converter.get_graphql_name(strawberry_field)
                names.add(f"{definition.name}.{field_name}")
    return names


def test_every_mutation_and_protected_field_has_a_row():
    missing = schema_fields_needing_rows() - {row.field for row in ROWS}
    assert not missing, f"add authorization matrix rows for: {sorted(missing)}"


def test_every_row_names_a_field_of_the_schema():
    schema = get_schema()._schema
    for row in ROWS:
        type_name, field_name = row.field.split(".")
        graphql_type = schema.get_type(type_name)
        assert graphql_type is not None, row.field
        assert field_name in graphql_type.fields, row.field  # type: ignore[union-attr]
