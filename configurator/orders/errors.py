"""Order errors the clerk can act on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from configurator.errors import UserError


class OrderError(UserError):
    """Bad input for an order or a stock operation; nothing was written."""


class InvalidConfigurationError(OrderError):
    """The rule engine says the configuration cannot be built (or it is incomplete)."""


@dataclass(frozen=True, slots=True)
class Shortage:
    """A part the order needs more of than is available."""

    part: str
    name: str
    needed: int
    available: int
    due: date | None
    """When open receipts (after earlier backorders) cover it; None when nothing is ordered."""

    @property
    def missing(self) -> int:
        return self.needed - self.available

    def describe(self) -> str:
        when = f"next delivery covers it on {self.due:%d %b %Y}" if self.due else "none ordered"
        return f"{self.part} ({self.name}): needs {self.needed}, {self.available} available; {when}"


class OutOfStockError(OrderError):
    """Parts are missing; the order can still be placed as a backorder with a later date."""

    def __init__(self, shortages: tuple[Shortage, ...], backorder_date: date) -> None:
        lines = "; ".join(s.describe() for s in shortages)
        super().__init__(
            f"Not enough stock for this order: {lines}.",
            hint=f"Accept a backorder (parts expected by {backorder_date:%d %b %Y}) "
            "or change the configuration.",
        )
        self.shortages = shortages
        self.backorder_date = backorder_date
