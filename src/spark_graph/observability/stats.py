"""What is known about the request being served, reachable from anywhere in its task."""

from __future__ import annotations

import re
from contextvars import ContextVar
from dataclasses import dataclass, field

OPERATION_NAME = re.compile(r"^[_A-Za-z][_0-9A-Za-z]{0,99}$")


@dataclass
class RequestStats:
    request_id: str
    statement_count: int = 0
    # GraphQL operations run by this request (several for a batch), by name.
    operations: list[str] = field(default_factory=list)
    results: int = 0
    # (code, kind) of every error sent: kind is top_level or payload (a UserError).
    errors: list[tuple[str, str]] = field(default_factory=list)

    def add_operation(self, name: str | None) -> None:
        self.operations.append(name if name and OPERATION_NAME.match(name) else "anonymous")

    @property
    def operation(self) -> str | None:
        """One label for the request: the operation's name, `batch` for several."""
        if not self.operations:
            return None
        return self.operations[0] if len(self.operations) == 1 else "batch"


current_request: ContextVar[RequestStats | None] = ContextVar("current_request", default=None)


def current_request_id() -> str | None:
    stats = current_request.get()
    return stats.request_id if stats else None
