"""Every operation the frontend teams ship runs against the seeded demo world without errors:
no top-level errors and no user errors in any payload."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from seed.loader import load_demo_world

from tests.contract.demo import Demo, Step
from tests.contract.operations import CONTRACT_DIR, contract_files, operations_in

FILES = contract_files()

pytestmark = pytest.mark.skipif(
    not FILES, reason=f"the contract folder {CONTRACT_DIR} is absent; nothing to run"
)


def user_errors_in(value: Any, path: str = "") -> list[tuple[str, Any]]:
    """Every non-empty `errors` list anywhere in a response's data."""
    found: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        for key, child in value.items():
            if key == "errors" and child:
                found.append((path, child))
            else:
                found.extend(user_errors_in(child, f"{path}.{key}"))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(user_errors_in(child, f"{path}[{index}]"))
    return found


def scenario_for(file_name: str) -> dict[str, Step]:
    module = importlib.import_module(
        f"tests.contract.scenarios.{file_name.removesuffix('.graphql')}"
    )
    steps: dict[str, Step] = module.STEPS
    return steps


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
async def test_contract_file_runs_against_demo_world(path, gql, sessions, settings, clock):
    # given
    assert await load_demo_world(sessions, settings=settings, now=clock.now())
    demo = Demo(gql=gql, sessions=sessions, settings=settings, clock=clock)
    steps = scenario_for(path.name)
    for operation in operations_in(path):
        step = steps.get(operation.name)
        assert step is not None, f"no scenario step for {operation.name} in {path.name}"
        variables, token = await step.prepare(demo)
        # when
        body = await gql.execute(operation.document, variables, token=token, expect_errors=True)
        # then
        assert "errors" not in body, (operation.name, body.get("errors"))
        assert body["data"] is not None, operation.name
        assert user_errors_in(body["data"]) == [], (operation.name, body["data"])
        if step.remember:
            step.remember(demo, body["data"])
