"""The README's walkthroughs paste the contract's operations as they are, so what a newcomer
runs is what the apps run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import ExecutableDefinitionNode, parse, print_ast

from tests.contract.operations import CONTRACT_DIR, contract_files

README = Path(__file__).resolve().parents[1] / "README.md"


def _definitions(source: str) -> dict[str, str]:
    return {
        definition.name.value: print_ast(definition)
        for definition in parse(source).definitions
        if isinstance(definition, ExecutableDefinitionNode) and definition.name
    }


@pytest.mark.skipif(not CONTRACT_DIR.is_dir(), reason="the shared contract is not beside the repo")
def test_every_readme_operation_is_the_contract_operation():
    # given
    contract: dict[str, str] = {}
    for path in contract_files():
        contract.update(_definitions(path.read_text()))
    blocks = re.findall(r"```graphql\n(.*?)```", README.read_text(), flags=re.DOTALL)

    # when
    shown = {name: text for block in blocks for name, text in _definitions(block).items()}

    # then
    assert len(shown) >= 20
    differing = sorted(name for name, text in shown.items() if contract.get(name) != text)
    assert not differing, f"README operations that are not the contract's: {differing}"
