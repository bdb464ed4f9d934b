"""Discounts and VAT on a configuration's list price (catalog prices include VAT)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from configurator.orders.errors import OrderError

CENT = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class Totals:
    list_price: Decimal
    discount_percent: Decimal
    discount_amount: Decimal
    total: Decimal
    vat_rate: Decimal
    vat_amount: Decimal

    @property
    def net(self) -> Decimal:
        return self.total - self.vat_amount


def parse_percent(value: Decimal | str | int) -> Decimal:
    """A discount in percent: 0 to 100 with at most two decimals, else a clear error."""
    try:
        percent = Decimal(str(value).strip().rstrip("%").strip())
    except InvalidOperation:
        raise OrderError(
            f"The discount {value!r} is not a number.", hint="Write it like 7.5 (percent)."
        ) from None
    if not percent.is_finite() or percent < 0 or percent > 100:
        raise OrderError(f"A discount must be between 0 and 100 %, got {value}.")
    if percent != percent.quantize(CENT):
        raise OrderError(f"A discount has at most two decimals, got {value}.")
    return percent.quantize(CENT)


def totals(list_price: Decimal, discount_percent: Decimal, vat_rate: Decimal) -> Totals:
    discount = (list_price * discount_percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    total = (list_price - discount).quantize(CENT)
    vat = (total * vat_rate / (1 + vat_rate)).quantize(CENT, rounding=ROUND_HALF_UP)
    return Totals(list_price.quantize(CENT), discount_percent, discount, total, vat_rate, vat)
