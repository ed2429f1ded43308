from __future__ import annotations

import strawberry

from spark_graph.auth.types import User
from spark_graph.context import Info


@strawberry.type
class AuthQuery:
    @strawberry.field(description="The member the bearer token belongs to; null when anonymous.")
    def viewer(self, info: Info) -> User | None:
        viewer = info.context.viewer
        return User.from_row(viewer) if viewer else None
