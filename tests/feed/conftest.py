"""The feed tests make topics and products the way the social tests do."""

import pytest

from spark_graph.settings import Settings
from tests.social.conftest import make_product, make_topic

__all__ = ["make_product", "make_topic"]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Feed tests read pages of up to 100 full post cards to show that ranking and batching
    do not depend on the page size; such a page costs more than the default query-cost
    limit (issue 7 refuses a 100-card page), so the abuse limits are off here. The limits
    have their own tests in tests/security."""
    return settings.with_changes(limits_enabled=False)
