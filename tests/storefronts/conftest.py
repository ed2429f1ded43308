from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from spark_graph.ids import global_id
from spark_graph.storefronts.models import Storefront
from tests.factories import Member
from tests.storefronts import factories


@dataclass
class Influencer:
    member: Member
    storefront: Storefront

    @property
    def token(self) -> str:
        return self.member.token

    @property
    def storefront_gid(self) -> str:
        assert self.storefront.id is not None
        return global_id("Storefront", self.storefront.id)


@pytest.fixture
def make_product(sessions, clock) -> Any:
    async def make(**kwargs: Any) -> Any:
        return await factories.make_product(sessions, clock, **kwargs)

    return make


@pytest.fixture
def make_influencer(sessions, clock, make_member) -> Any:
    """An approved influencer (a YouTube account with 5,000 followers) with a storefront."""

    async def make(slug: str | None = None, **kwargs: Any) -> Influencer:
        member = await make_member(**kwargs)
        storefront = await factories.open_storefront(sessions, clock, user_id=member.id, slug=slug)
        return Influencer(member=member, storefront=storefront)

    return make


@pytest.fixture
async def server_key(sessions, clock) -> str:
    return await factories.make_server_key(sessions, clock)


def product_gid(product: Any) -> str:
    return global_id("Product", product.id)
