"""GraphiQL is served from this package, opens on the contract's Feed example, and needs no
internet access (the browser test in tests/e2e shows it rendering)."""

from __future__ import annotations

import json
import re

import pytest
from graphql import parse, print_ast

from spark_graph.graphiql import ASSETS_PATH, TOKEN_PLACEHOLDER, example_tabs
from tests.contract.operations import CONTRACT_DIR, operations_in

HTML = {"Accept": "text/html"}


def _definitions(document: str) -> set[str]:
    return {print_ast(definition) for definition in parse(document).definitions}


async def test_graphiql_page_loads_every_asset_from_this_server(http):
    # given / when
    page = await http.get("/graphql", headers=HTML)

    # then
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    references = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assets = [ref for ref in references if not ref.startswith("data:")]
    assert len(assets) == 4, references
    for asset in assets:
        assert asset.startswith(f"{ASSETS_PATH}/"), f"{asset} would need the internet"
        response = await http.get(asset)
        assert response.status_code == 200, asset
        assert len(response.content) > 1000, asset
    assert "unpkg" not in page.text and "jsdelivr" not in page.text


async def test_graphiql_page_opens_on_the_feed_then_login_tabs(http):
    # given / when
    page = await http.get("/graphql", headers=HTML)

    # then
    tabs = json.loads(re.search(r"const DEFAULT_TABS = (.*);", page.text).group(1))
    assert tabs == example_tabs()
    feed, login = tabs
    assert "query Feed(" in feed["query"] and "fragment PostCard on Post" in feed["query"]
    assert json.loads(feed["variables"]) == {"first": 10}
    assert json.loads(feed["headers"]) == {"Authorization": f"Bearer {TOKEN_PLACEHOLDER}"}
    assert "mutation LogIn(" in login["query"]
    assert json.loads(login["variables"])["input"]["handle"] == "maya"


@pytest.mark.skipif(not CONTRACT_DIR.is_dir(), reason="the shared contract is not beside the repo")
def test_the_examples_are_the_contract_operations():
    # given
    contract = {op.name: op for op in operations_in(CONTRACT_DIR / "social.graphql")}

    # when
    feed, login = (tab["query"] for tab in example_tabs())

    # then
    assert _definitions(feed) == _definitions(contract["Feed"].document)
    assert _definitions(login) == _definitions(contract["LogIn"].document)
