"""Stock projection per component: the next weeks of on-hand and available stock.

Three things move a part's stock in the coming weeks: receipts arrive on their expected date,
reserved parts leave when their order is assembled (the order's planned assembly day), and new
orders take the forecast demand. The projection adds them up week by week so the owner sees
when a part runs out and whether the receipts on the way come in time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True)
class ProjectionWeek:
    """One future week (Monday `week`): what arrives, what leaves, and the stock at its end."""

    week: date
    receipts: int
    reserved_out: int
    forecast: float
    on_hand: float
    """Physical stock at the end of the week (may go negative: that is the shortfall)."""
    available: float
    """On hand minus what is still reserved for later weeks."""


@dataclass(frozen=True, slots=True)
class StockProjection:
    part: str
    on_hand: int
    reserved: int
    weeks: tuple[ProjectionWeek, ...]

    @property
    def runs_out(self) -> date | None:
        """The first week whose end has no available stock left (None: it lasts)."""
        return next((w.week for w in self.weeks if w.available < 0), None)


def project_stock(
    part: str,
    *,
    on_hand: int,
    reservations: Iterable[tuple[date, int]],
    receipts: Iterable[tuple[date, int]],
    forecast: Sequence[float],
    start: date,
    weeks: int,
) -> StockProjection:
    """Week-by-week stock from `start` (a Monday); dated events before it fall into week 1.

    Reservations are (planned assembly day, quantity); a reservation without a day is taken as
    leaving in week 1, receipts as (expected date, quantity).
    """
    reserved_list = list(reservations)
    receipt_list = list(receipts)
    reserved = sum(q for _, q in reserved_list)
    still_reserved = reserved
    stock = float(on_hand)
    rows: list[ProjectionWeek] = []
    for index in range(max(0, weeks)):
        week_start = start + timedelta(days=7 * index)
        week_end = week_start + timedelta(days=7)
        first = index == 0

        def due(
            day: date, *, is_first: bool = first, end: date = week_end, begin: date = week_start
        ) -> bool:
            return (is_first and day < end) or (begin <= day < end)

        arriving = sum(q for d, q in receipt_list if due(d))
        leaving = sum(q for d, q in reserved_list if due(d))
        demand = forecast[min(index, len(forecast) - 1)] if forecast else 0.0
        stock += arriving - leaving - demand
        still_reserved -= leaving
        rows.append(
            ProjectionWeek(
                week=week_start,
                receipts=arriving,
                reserved_out=leaving,
                forecast=demand,
                on_hand=stock,
                available=stock - still_reserved,
            )
        )
    return StockProjection(part=part, on_hand=on_hand, reserved=reserved, weeks=tuple(rows))
