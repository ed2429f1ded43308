"""GraphiQL as a person meets it: headless Chromium (Debian's, driven by Playwright) opens
/graphql on a live server, finds the example tabs, runs a query with a bearer token pasted
in the Headers pane, sees the answer, and a screenshot is saved."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest

from spark_graph.graphiql import TOKEN_PLACEHOLDER

CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium as root in a sandbox, with no internet: no background connections.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SIGN_UP_MUTATION = """
mutation BrowserSignUp($input: SignUpInput!) {
  signUp(input: $input) { token errors { code } }
}
"""
VIEWER_QUERY = "query BrowserViewer { viewer { handle displayName } }"
EDITOR_VALUE = "selector => document.querySelector(selector).CodeMirror.getValue()"
SET_EDITOR_VALUE = (
    "([selector, value]) => document.querySelector(selector).CodeMirror.setValue(value)"
)
QUERY_EDITOR = ".graphiql-query-editor .CodeMirror"
# The visible one of the variables and headers editors (the other is `hidden`).
TOOL_EDITOR = ".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror"
RESULT = ".result-window .CodeMirror"

pytestmark = pytest.mark.slow


def _sign_up(base_url: str) -> str:
    variables = {
        "input": {"handle": "browser_maya", "displayName": "Maya", "password": "pw-123456"}
    }
    body = httpx.post(
        f"{base_url}/graphql", json={"query": SIGN_UP_MUTATION, "variables": variables}, timeout=30
    ).json()
    assert body["data"]["signUp"]["errors"] == [], body
    token: str = body["data"]["signUp"]["token"]
    return token


def test_graphiql_runs_a_query_in_a_real_browser(live_server: str, tmp_path: Path):
    if not CHROMIUM.exists():
        pytest.skip("no browser: /usr/bin/chromium is missing (.ci/chromium installs it with apt)")
    from playwright.sync_api import sync_playwright

    # given: a member and their token
    token = _sign_up(live_server)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))

            # when: the explorer opens
            page.goto(f"{live_server}/graphql")
            page.wait_for_selector(QUERY_EDITOR, timeout=30_000)

            # then: on the Feed example, with the headers to fill in
            tabs = page.locator(".graphiql-tab").all_inner_texts()
            assert [tab.strip() for tab in tabs] == ["Feed", "LogIn"]
            assert "query Feed(" in page.evaluate(EDITOR_VALUE, QUERY_EDITOR)
            assert TOKEN_PLACEHOLDER in page.evaluate(EDITOR_VALUE, TOOL_EDITOR)
            page.screenshot(path=str(tmp_path / "graphiql-opened.png"))

            # when: a query is run with the member's token in the Headers pane
            headers = json.dumps({"Authorization": f"Bearer {token}"})
            page.evaluate(SET_EDITOR_VALUE, [QUERY_EDITOR, VIEWER_QUERY])
            page.evaluate(SET_EDITOR_VALUE, [TOOL_EDITOR, headers])
            # GraphiQL has read the new operation once the tab carries its name
            page.locator(".graphiql-tab-active", has_text="BrowserViewer").wait_for()
            page.locator(".graphiql-execute-button").click()

            # then: the answer shows in the result pane
            page.wait_for_function(
                "selector => document.querySelector(selector).CodeMirror.getValue()"
                ".includes('browser_maya')",
                arg=RESULT,
                timeout=30_000,
            )
            result = json.loads(page.evaluate(EDITOR_VALUE, RESULT))
            screenshot = tmp_path / "graphiql.png"
            page.screenshot(path=str(screenshot))
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "graphiql-failure.png"))
            raise
        finally:
            browser.close()

    assert result == {"data": {"viewer": {"handle": "browser_maya", "displayName": "Maya"}}}
    assert screenshot.stat().st_size > 10_000
    ARTIFACTS.mkdir(exist_ok=True)
    for name in ("graphiql-opened.png", "graphiql.png"):
        shutil.copy(tmp_path / name, ARTIFACTS / name)
    # and nothing was fetched from anywhere but this server
    assert requested and all(url.startswith(live_server) for url in requested), requested
