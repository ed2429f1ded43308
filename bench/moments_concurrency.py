"""Fire N simultaneous reportMomentAction requests through the HTTP app at one campaign
near its budget and print how long it took, what was granted and what was spent.

    PYTHONPATH=src:. python -m bench.moments_concurrency [N]   (DATABASE_URL picks the DB;
    default: a temporary SQLite file)"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import time
from decimal import Decimal

import httpx
from sqlalchemy import func, select
from tests.factories import make_user

from spark_graph.app import create_app
from spark_graph.clock import FrozenClock
from spark_graph.db import create_all_tables, create_engine, create_session_factory, drop_all_tables
from spark_graph.ids import global_id
from spark_graph.moments.models import LedgerEntry
from spark_graph.settings import Settings

REPORT = """
mutation R($input: ReportMomentActionInput!) {
  reportMomentAction(input: $input) { grant { id } errors { code } }
}
"""
SETUP = {
    "account": """mutation($i: CreateBrandAccountInput!) {
        createBrandAccount(input: $i) { account { id } } }""",
    "key": "mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }",
    "campaign": """mutation($i: CreateCampaignInput!) {
        createCampaign(input: $i) { campaign { id } } }""",
    "status": """mutation($i: SetCampaignStatusInput!) {
        setCampaignStatus(input: $i) { errors { code } } }""",
}


async def main(count: int) -> None:
    url = os.environ.get("DATABASE_URL") or f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/bench.db"
    settings = Settings(database_url=url, password_time_cost=1, password_memory_cost_kib=8)
    engine = create_engine(url)
    await drop_all_tables(engine)
    await create_all_tables(engine)
    sessions = create_session_factory(engine)
    clock = FrozenClock()
    app = create_app(settings, clock=clock, sessions=sessions)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:

        async def gql(query: str, variables: dict, token: str) -> dict:
            response = await http.post(
                "/graphql",
                json={"query": query, "variables": variables},
                headers={"Authorization": f"Bearer {token}"},
            )
            return response.json()["data"]

        owner = await make_user(sessions, settings, clock)
        account = await gql(
            SETUP["account"], {"i": {"name": "Bench", "country": "US"}}, owner.token
        )
        account_id = account["createBrandAccount"]["account"]["id"]
        key = await gql(SETUP["key"], {"i": {"accountId": account_id, "name": "b"}}, owner.token)
        secret = key["createApiKey"]["secret"]
        campaign = {
            "accountId": account_id,
            "name": "Bench",
            "action": {"key": "act"},
            "reward": {"kind": "CREDIT", "value": "1.00"},
            "cpa": "3.00",
            "monthlyBudget": "100.00",
        }
        created = await gql(SETUP["campaign"], {"i": campaign}, owner.token)
        campaign_id = created["createCampaign"]["campaign"]["id"]
        await gql(
            SETUP["status"], {"i": {"campaignId": campaign_id, "status": "ACTIVE"}}, owner.token
        )
        members = [await make_user(sessions, settings, clock) for _ in range(count)]

        async def report(number: int, member_id: int) -> dict:
            variables = {
                "input": {
                    "campaignId": campaign_id,
                    "userId": global_id("User", member_id),
                    "idempotencyKey": f"bench-{number}",
                }
            }
            return await gql(REPORT, variables, secret)

        started = time.perf_counter()
        results = await asyncio.gather(*(report(n, m.id) for n, m in enumerate(members)))
        elapsed = time.perf_counter() - started
    async with sessions() as session:
        spent = (await session.execute(select(func.count(), func.sum(LedgerEntry.amount)))).one()
    await engine.dispose()
    granted = sum(1 for r in results if r["reportMomentAction"]["grant"])
    print(f"database: {engine.dialect.name}")
    print(f"{count} concurrent reports in {elapsed:.2f}s ({count / elapsed:.0f} requests/s)")
    print(
        f"granted {granted} (expected {int(Decimal('100.00') // Decimal('3.00'))}), "
        f"ledger rows {spent[0]}"
    )


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
