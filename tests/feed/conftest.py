"""The feed tests make topics and products the way the social tests do."""

from tests.social.conftest import make_product, make_topic

__all__ = ["make_product", "make_topic"]
