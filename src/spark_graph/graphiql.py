"""The GraphiQL explorer page: Strawberry's IDE hook filled with Spark Graph's own page.

The page loads GraphiQL from this package (static/graphiql/, vendored from npm by
scripts/vendor_graphiql.py) instead of a CDN, so it works without internet access, and it
opens on ready-to-run example tabs: the contract's Feed query and the LogIn mutation that
gives the token to paste into the Headers pane."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from starlette.staticfiles import StaticFiles

# Where the vendored GraphiQL, React and ReactDOM files are served.
ASSETS_PATH = "/graphiql"
TOKEN_PLACEHOLDER = "PASTE_TOKEN_FROM_LOGIN_TAB"
DEMO_HANDLE = "maya"
# maya's password in seed/data/members.yaml (and the README's Demo accounts).
DEMO_PASSWORD = "spark-demo-2026"


def _static_text(name: str) -> str:
    return (resources.files("spark_graph") / "static" / name).read_text(encoding="utf-8")


def example_tabs() -> list[dict[str, str]]:
    """The tabs GraphiQL opens with, first one active."""
    return [
        {
            "query": _static_text("examples/feed.graphql"),
            "variables": json.dumps({"first": 10}, indent=2),
            "headers": json.dumps({"Authorization": f"Bearer {TOKEN_PLACEHOLDER}"}, indent=2),
        },
        {
            "query": _static_text("examples/login.graphql"),
            "variables": json.dumps(
                {"input": {"handle": DEMO_HANDLE, "password": DEMO_PASSWORD}},
                indent=2,
            ),
            "headers": "{}",
        },
    ]


@cache
def graphiql_html() -> str:
    # `<` is escaped so that no example text can close the <script> element.
    tabs = json.dumps(example_tabs()).replace("<", "\\u003c")
    return (
        _static_text("graphiql.html")
        .replace("__ASSETS__", ASSETS_PATH)
        .replace("__DEFAULT_TABS__", tabs)
    )


def graphiql_assets() -> StaticFiles:
    """The ASGI app serving the vendored files under ASSETS_PATH."""
    return StaticFiles(packages=[("spark_graph", "static/graphiql")])
