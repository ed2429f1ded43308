"""An influencer's earnings over a range of UTC days, from the ledger itself, so that the
days, the totals and the per-link counters agree with the purchases recorded."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from spark_graph.errors import DomainError, ErrorCode
from spark_graph.storefronts.models import AffiliateClick, AffiliateConversion, Purchase

MAX_RANGE_DAYS = 366


@dataclass
class DayFigures:
    day: date
    clicks: int = 0
    orders: int = 0
    revenue: Decimal = field(default_factory=lambda: Decimal("0.00"))
    commission: Decimal = field(default_factory=lambda: Decimal("0.00"))


@dataclass(frozen=True)
class EarningsReport:
    days: list[DayFigures]

    @property
    def clicks(self) -> int:
        return sum(day.clicks for day in self.days)

    @property
    def orders(self) -> int:
        return sum(day.orders for day in self.days)

    @property
    def revenue(self) -> Decimal:
        return sum((day.revenue for day in self.days), Decimal("0.00"))

    @property
    def commission(self) -> Decimal:
        return sum((day.commission for day in self.days), Decimal("0.00"))


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    if last < first:
        raise DomainError(ErrorCode.INVALID, "`to` is before `from`.", "to")
    if (last - first).days + 1 > MAX_RANGE_DAYS:
        raise DomainError(ErrorCode.INVALID, f"Ask for at most {MAX_RANGE_DAYS} days.", "to")
    return (
        datetime.combine(first, time.min, tzinfo=UTC),
        datetime.combine(last + timedelta(days=1), time.min, tzinfo=UTC),
    )


def as_date(value: Any) -> date:
    # SQLite's date() answers 'YYYY-MM-DD', PostgreSQL's a date.
    return value if isinstance(value, date) else date.fromisoformat(str(value))


async def earnings_report(
    *, session: AsyncSession, owner_id: int, first: date, last: date
) -> EarningsReport:
    """Every day from `first` to `last` inclusive (UTC), zero days included."""
    start, end = day_bounds(first, last)
    days = {
        first + timedelta(days=n): DayFigures(first + timedelta(days=n))
        for n in range((last - first).days + 1)
    }

    def per_day(column: Any) -> Any:
        return func.date(column)

    async def grouped(statement: Any, apply: Callable[[DayFigures, Any], None]) -> None:
        for row in (await session.execute(statement)).all():
            apply(days[as_date(row[0])], row)

    clicked = col(AffiliateClick.clicked_at)
    await grouped(
        select(per_day(clicked), func.count())
        .where(col(AffiliateClick.owner_id) == owner_id, clicked >= start, clicked < end)
        .group_by(per_day(clicked)),
        lambda day, row: setattr(day, "clicks", int(row[1])),
    )
    converted = col(AffiliateConversion.converted_at)
    await grouped(
        select(per_day(converted), func.count())
        .where(col(AffiliateConversion.owner_id) == owner_id, converted >= start, converted < end)
        .group_by(per_day(converted)),
        lambda day, row: setattr(day, "orders", int(row[1])),
    )
    recorded = col(Purchase.recorded_at)

    def add_money(day: DayFigures, row: Any) -> None:
        day.revenue = row[1] or Decimal("0.00")
        day.commission = row[2] or Decimal("0.00")

    await grouped(
        select(
            per_day(recorded), func.sum(col(Purchase.revenue)), func.sum(col(Purchase.commission))
        )
        .where(col(Purchase.owner_id) == owner_id, recorded >= start, recorded < end)
        .group_by(per_day(recorded)),
        add_money,
    )
    return EarningsReport(days=list(days.values()))
