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
    """When it can be there (see `source`); None when unknown."""
    source: str = "lead_time"
    """Where `due` comes from: "receipt" (an open delivery), "lead_time" (nothing is on order:
    the supplier's lead time if ordered today) or "build" (built in-house)."""
    reference: str = ""
    """The receipt's purchase order reference."""
    lead_days: int = 0

    @property
    def missing(self) -> int:
        return self.needed - self.available

    def describe(self) -> str:
        when = self._when()
        return f"{self.part} ({self.name}): needs {self.needed}, {self.available} available; {when}"

    def _when(self) -> str:
        """Worded by source: only a receipt is a delivery that is actually on its way."""
        if self.due is None:
            return "none ordered"
        day = f"{self.due:%d %b %Y}"
        if self.source == "receipt":
            return f"due on {day}" + (f" (order {self.reference})" if self.reference else "")
        if self.source == "build":
            return f"built in-house by {day}"
        days = "1 day" if self.lead_days == 1 else f"{self.lead_days} days"
        return f"about {day} if ordered today (lead time {days})"


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
