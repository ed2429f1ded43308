"""Reads the frontend teams' operations from ../shared/contract."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    OperationDefinitionNode,
    parse,
    print_ast,
)

# The contract lives beside the repository (../shared/contract); SPARK_CONTRACT_DIR overrides
# it, e.g. when running from a git worktree elsewhere.
CONTRACT_DIR = Path(
    os.environ.get("SPARK_CONTRACT_DIR")
    or Path(__file__).resolve().parents[2].parent / "shared" / "contract"
)


@dataclass(frozen=True)
class ContractOperation:
    file: str
    name: str
    kind: str  # query | mutation | subscription
    document: str  # the operation with every fragment of its file


def contract_files() -> list[Path]:
    return sorted(CONTRACT_DIR.glob("*.graphql")) if CONTRACT_DIR.is_dir() else []


def operations_in(path: Path) -> list[ContractOperation]:
    document = parse(path.read_text())
    fragments = [d for d in document.definitions if isinstance(d, FragmentDefinitionNode)]
    operations = []
    for definition in document.definitions:
        if not isinstance(definition, OperationDefinitionNode) or definition.name is None:
            continue
        used = _fragments_used(definition, fragments)
        single = DocumentNode(definitions=(definition, *used))
        operations.append(
            ContractOperation(
                file=path.name,
                name=definition.name.value,
                kind=definition.operation.value,
                document=print_ast(single),
            )
        )
    return operations


def _fragments_used(
    operation: OperationDefinitionNode, fragments: list[FragmentDefinitionNode]
) -> list[FragmentDefinitionNode]:
    by_name = {f.name.value: f for f in fragments}
    needed: dict[str, FragmentDefinitionNode] = {}
    pending = [print_ast(operation)]
    while pending:
        text = pending.pop()
        for name, fragment in by_name.items():
            if name not in needed and f"...{name}" in text.replace(" ", ""):
                needed[name] = fragment
                pending.append(print_ast(fragment))
    return list(needed.values())


def all_operations() -> list[ContractOperation]:
    return [op for path in contract_files() for op in operations_in(path)]
