"""Replenishment per component: days of cover, safety stock, reorder point, order quantity.

The policy is a periodic-review order-up-to policy with a reorder point, which is what a small
shop does in practice: once a week (the review period) the owner looks at the list; a part whose
stock position (on hand - reserved + on order) has fallen to its reorder point is ordered up to a
target that covers its lead time plus the next review period. Safety stock comes from the
service level (the chance of not running out during a lead time), the normal quantile z, and the
forecast's one-week error spread scaled to the lead time. Formulas: docs/planning.md.

Nothing here returns NaN: zero demand means "cover unlimited" (None), a lead time of zero or
less is treated as zero and the line says why.
"""

from __future__ import annotations

import csv
import io
import math
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from statistics import NormalDist

from configurator.catalog.model import Component
from configurator.planning.forecast import Forecast, Method, PlanningError

DEFAULT_REVIEW_DAYS = 7


@dataclass(frozen=True, slots=True)
class StockPosition:
    """What the store knows about one part now."""

    component: str
    on_hand: int = 0
    reserved: int = 0
    incoming: tuple[tuple[date, int], ...] = ()
    """Open receipts: (expected date, quantity)."""

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def on_order(self) -> int:
        return sum(qty for _, qty in self.incoming)


@dataclass(frozen=True, slots=True)
class ReorderLine:
    """One component's replenishment figures, with the reasons behind unusual ones."""

    component: str
    name: str
    bin: str
    lead_time_days: int
    """Effective lead time (a negative catalog value is treated as 0, see notes)."""
    on_hand: int
    reserved: int
    on_order: int
    weekly_demand: float
    days_of_cover: float | None
    """Days the available stock lasts at the forecast rate; None when there is no demand."""
    safety_stock: float
    reorder_point: float
    order_up_to: float
    order_qty: int
    expected_arrival: date | None
    """When an order placed today would arrive (only when something should be ordered)."""
    method: str
    notes: tuple[str, ...] = ()

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def position(self) -> int:
        """Stock position: available plus everything on order."""
        return self.available + self.on_order

    @property
    def needs_order(self) -> bool:
        return self.order_qty > 0


def service_z(service_level: Decimal | float) -> float:
    """The normal quantile for a cycle service level; refuses levels outside [0.5, 1)."""
    level = float(service_level)
    if not 0.5 <= level < 1.0:
        raise PlanningError(
            f"The service level must be at least 0.5 and below 1, got {service_level}.",
            hint='Set service_level in shop.toml to a value such as "0.95" (95 %).',
        )
    return NormalDist().inv_cdf(level)


def demand_over(mean: Sequence[float], days: float) -> float:
    """Expected demand over `days` from weekly forecast means (the last week repeats)."""
    if days <= 0 or not mean:
        return 0.0
    full, part = divmod(days, 7.0)
    weeks = int(full)
    total = 0.0
    for week in range(weeks):
        total += mean[min(week, len(mean) - 1)]
    total += mean[min(weeks, len(mean) - 1)] * part / 7.0
    return total


def reorder_line(
    component: Component,
    forecast: Forecast | None,
    stock: StockPosition | None,
    *,
    today: date,
    z: float,
    review_days: int = DEFAULT_REVIEW_DAYS,
) -> ReorderLine:
    """The figures for one part; see the module docstring for the policy."""
    notes: list[str] = []
    lead = component.lead_time_days
    if lead < 0:
        notes.append(
            f"Lead time {lead} days in the catalog is impossible; treated as 0. "
            "Fix lead_time_days for this component."
        )
        lead = 0
    elif lead == 0:
        notes.append("Lead time 0 days: safety stock covers only the review period.")
    stock = stock or StockPosition(component.id)
    if forecast is None:
        mean: Sequence[float] = (0.0,)
        sigma = 0.0
        method = Method.ZERO.value
        notes.append("No order history: nothing to forecast, only shortfalls are covered.")
    else:
        mean = forecast.mean
        sigma = forecast.sigma
        method = forecast.method.value
        if forecast.method in (Method.ZERO, Method.MEAN):
            notes.extend(forecast.notes)
    weekly = mean[0]
    daily = weekly / 7.0
    available = stock.available
    position = available + stock.on_order
    if daily > 0:
        cover: float | None = max(0.0, available / daily)
    else:
        cover = None
    safety = z * sigma * math.sqrt(lead / 7.0)
    reorder_point = demand_over(mean, lead) + safety
    horizon = lead + review_days
    order_up_to = demand_over(mean, horizon) + z * sigma * math.sqrt(horizon / 7.0)
    qty = 0
    if position <= reorder_point:
        qty = max(0, math.ceil(order_up_to - position - 1e-9))
    if cover is not None and cover < lead:
        when = "Nothing is available now" if cover < 1 else f"Runs out in {cover:.0f} day(s)"
        notes.append(
            f"{when}, and an order placed today takes {lead} days: expect backorders or find "
            "a faster source."
        )
    if position < 0 and daily == 0:
        notes.append(f"{-position} unit(s) are reserved but neither in stock nor on order.")
    return ReorderLine(
        component=component.id,
        name=component.name,
        bin=component.bin,
        lead_time_days=lead,
        on_hand=stock.on_hand,
        reserved=stock.reserved,
        on_order=stock.on_order,
        weekly_demand=weekly,
        days_of_cover=cover,
        safety_stock=safety,
        reorder_point=reorder_point,
        order_up_to=order_up_to,
        order_qty=qty,
        expected_arrival=today + timedelta(days=lead) if qty else None,
        method=method,
        notes=tuple(notes),
    )


def plan_reorder(
    components: Mapping[str, Component],
    forecasts: Mapping[str, Forecast],
    stock: Mapping[str, StockPosition],
    *,
    today: date,
    service_level: Decimal | float,
    review_days: int = DEFAULT_REVIEW_DAYS,
) -> list[ReorderLine]:
    """Every component's line, the most urgent first (shortest cover, then largest order)."""
    if review_days < 1:
        raise PlanningError(
            f"The review period must be at least 1 day, got {review_days}.",
            hint="Use 7 when the owner looks at the list once a week.",
        )
    z = service_z(service_level)
    lines = [
        reorder_line(
            comp,
            forecasts.get(cid),
            stock.get(cid),
            today=today,
            z=z,
            review_days=review_days,
        )
        for cid, comp in components.items()
    ]
    lines.sort(key=_urgency)
    return lines


def _urgency(line: ReorderLine) -> tuple[int, float, int, str]:
    cover = line.days_of_cover if line.days_of_cover is not None else math.inf
    return (0 if line.needs_order else 1, cover, -line.order_qty, line.component)


CSV_COLUMNS = (
    "component",
    "name",
    "bin",
    "order_qty",
    "on_hand",
    "reserved",
    "on_order",
    "available",
    "weekly_demand",
    "days_of_cover",
    "safety_stock",
    "reorder_point",
    "order_up_to",
    "lead_time_days",
    "expected_arrival",
    "method",
    "notes",
)


def _row(line: ReorderLine) -> list[str]:
    return [
        line.component,
        line.name,
        line.bin,
        str(line.order_qty),
        str(line.on_hand),
        str(line.reserved),
        str(line.on_order),
        str(line.available),
        f"{line.weekly_demand:.2f}",
        "" if line.days_of_cover is None else f"{line.days_of_cover:.1f}",
        f"{line.safety_stock:.1f}",
        f"{line.reorder_point:.1f}",
        f"{line.order_up_to:.1f}",
        str(line.lead_time_days),
        line.expected_arrival.isoformat() if line.expected_arrival else "",
        line.method,
        " ".join(line.notes),
    ]


def purchase_csv(lines: Iterable[ReorderLine], *, only_orders: bool = True) -> str:
    """The purchase suggestion list as CSV text (header + one row per part to order)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for line in lines:
        if line.needs_order or not only_orders:
            writer.writerow(_row(line))
    return buffer.getvalue()


def write_purchase_csv(
    lines: Iterable[ReorderLine], path: Path, *, only_orders: bool = True
) -> int:
    """Write the CSV atomically (temporary file, then rename); returns the rows written."""
    materialised = list(lines)
    text = purchase_csv(materialised, only_orders=only_orders)
    target = path.expanduser()
    if not target.parent.is_dir():
        raise PlanningError(
            f"Cannot write the purchase list to {target}: the folder does not exist.",
            hint="Create the folder or choose another file name.",
        )
    tmp: Path | None = None
    try:
        fd, name = tempfile.mkstemp(prefix=".purchase-", suffix=".csv", dir=target.parent)
        tmp = Path(name)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        tmp.replace(target)
    except OSError as exc:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise PlanningError(
            f"Cannot write the purchase list to {target}: {exc.strerror or exc}.",
            hint="Choose a file in a folder you can write to.",
        ) from exc
    return text.count("\n") - 1
