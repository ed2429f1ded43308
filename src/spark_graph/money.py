"""Money: Decimal in Python, exact in the database, a decimal string in GraphQL."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

import strawberry
from sqlalchemy import BigInteger, Numeric
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine

CENT = Decimal("0.01")
DEFAULT_CURRENCY = "USD"


def to_cents(amount: Decimal) -> Decimal:
    """Round to the cent, half up, as a receipt does."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(text: str) -> Decimal:
    """Parse a decimal string; raises ValueError on anything that is not a finite number."""
    try:
        value = Decimal(str(text).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"not a decimal amount: {text!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a finite amount: {text!r}")
    return value


class MoneyAmount(TypeDecorator[Decimal]):
    """NUMERIC(14,2) on PostgreSQL. SQLite has no exact decimal type (it would store REAL),
    so there the column holds whole cents as an INTEGER; SQL arithmetic and comparisons such
    as `spent + :cpa <= :cap` stay exact on both because bound values use the same type."""

    impl = Numeric(14, 2)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(BigInteger())
        return dialect.type_descriptor(Numeric(14, 2, asdecimal=True))

    def process_bind_param(self, value: Decimal | int | str | None, dialect: Dialect) -> object:
        if value is None:
            return None
        amount = to_cents(Decimal(value))
        if dialect.name == "sqlite":
            return int(amount * 100)
        return amount

    def process_result_value(self, value: object, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        if dialect.name == "sqlite":
            return (Decimal(int(value)) / 100).quantize(CENT)  # type: ignore[call-overload]
        return to_cents(Decimal(str(value)))

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal


@strawberry.type(description="An amount of money in one currency.")
class Money:
    amount: str = strawberry.field(
        description='The amount as a decimal string with two places, e.g. "19.99"; never a float.'
    )
    currency: str = strawberry.field(description='ISO 4217 currency code, e.g. "USD".')

    @classmethod
    def of(cls, amount: Decimal | None, currency: str = DEFAULT_CURRENCY) -> Money:
        return cls(amount=str(to_cents(amount or Decimal(0))), currency=currency)
