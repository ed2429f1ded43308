"""The contract's social operations by name (Feed, TopicFeed, ...), fragments included.

The contract lives in shared/contract beside the repository, wherever the checkout is (the
main clone or a worktree one level deeper), so it is looked up the parent chain."""

from __future__ import annotations

from pathlib import Path

from tests.contract.operations import operations_in


def _social_contract() -> Path:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "contract" / "social.graphql"
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("shared/contract/social.graphql")


SOCIAL_OPERATIONS = {op.name: op.document for op in operations_in(_social_contract())}
