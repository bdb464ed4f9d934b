"""Reorder maths against cases worked out by hand (z for 95 % = 1.644854)."""

from __future__ import annotations

import csv
import io
import math
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from configurator.catalog.model import Component
from configurator.planning.forecast import DemandPattern, Forecast, Method, PlanningError
from configurator.planning.reorder import (
    CSV_COLUMNS,
    StockPosition,
    demand_over,
    plan_reorder,
    purchase_csv,
    reorder_line,
    service_z,
    write_purchase_csv,
)

TODAY = date(2026, 11, 25)
Z95 = 1.6448536269514722


def part(pid: str = "RAM-16", lead: int = 14) -> Component:
    return Component(id=pid, name=f"Part {pid}", bin="A-01", lead_time_days=lead)


def flat(weekly: float, sigma: float, key: str = "RAM-16") -> Forecast:
    mean = (weekly,) * 12
    return Forecast(key, (), DemandPattern.SMOOTH, Method.HOLT, mean, mean, mean, sigma)


def test_hand_computed_line_below_the_reorder_point() -> None:
    line = reorder_line(
        part(lead=14),
        flat(14.0, 3.0),
        StockPosition("RAM-16", on_hand=30, reserved=5),
        today=TODAY,
        z=Z95,
    )
    # daily demand 2; safety = z * 3 * sqrt(14/7) = 6.979; ROP = 2 * 14 + 6.979 = 34.979
    assert line.safety_stock == pytest.approx(Z95 * 3 * math.sqrt(2))
    assert line.reorder_point == pytest.approx(28 + Z95 * 3 * math.sqrt(2))
    # target covers lead time + one week review: 2 * 21 + z * 3 * sqrt(3) = 50.547
    assert line.order_up_to == pytest.approx(42 + Z95 * 3 * math.sqrt(3))
    assert line.position == 25
    assert line.order_qty == 26  # ceil(50.547 - 25)
    assert line.days_of_cover == pytest.approx(12.5)
    assert line.expected_arrival == date(2026, 12, 9)
    assert line.notes == (
        "Runs out in 12 day(s), and an order placed today takes 14 days: expect backorders "
        "or find a faster source.",
    )


def test_enough_stock_on_order_means_no_order() -> None:
    line = reorder_line(
        part(lead=14),
        flat(14.0, 3.0),
        StockPosition("RAM-16", on_hand=10, incoming=((date(2026, 12, 1), 30),)),
        today=TODAY,
        z=Z95,
    )
    assert line.position == 40  # above the reorder point of 34.98
    assert line.order_qty == 0
    assert line.expected_arrival is None
    assert line.days_of_cover == pytest.approx(5.0)  # cover counts only what is here
    assert line.notes[0].startswith("Runs out in 5 day(s)")


def test_zero_lead_time_keeps_only_review_cover() -> None:
    line = reorder_line(
        part(lead=0), flat(7.0, 2.0), StockPosition("RAM-16", on_hand=0), today=TODAY, z=Z95
    )
    assert line.safety_stock == 0.0
    assert line.reorder_point == 0.0
    assert line.order_up_to == pytest.approx(7.0 + Z95 * 2.0)
    assert line.order_qty == math.ceil(7.0 + Z95 * 2.0)
    assert line.expected_arrival == TODAY
    assert "Lead time 0 days" in line.notes[0]


def test_negative_lead_time_is_treated_as_zero_and_explained() -> None:
    line = reorder_line(
        part(lead=-3), flat(7.0, 0.0), StockPosition("RAM-16", on_hand=0), today=TODAY, z=Z95
    )
    assert line.lead_time_days == 0
    assert line.order_qty == 7
    assert "Lead time -3 days in the catalog is impossible" in line.notes[0]


def test_no_history_covers_only_the_shortfall() -> None:
    line = reorder_line(
        part(), None, StockPosition("RAM-16", on_hand=2, reserved=5), today=TODAY, z=Z95
    )
    assert line.weekly_demand == 0.0
    assert line.days_of_cover is None  # unlimited, never a NaN or a division by zero
    assert line.order_qty == 3
    assert any("No order history" in note for note in line.notes)
    assert any("3 unit(s) are reserved" in note for note in line.notes)


def test_demand_over_follows_the_forecast_trend() -> None:
    assert demand_over([7.0, 14.0], 10) == pytest.approx(7.0 + 14.0 * 3 / 7)
    assert demand_over([7.0, 14.0], 28) == pytest.approx(7.0 + 14.0 * 3)  # last week repeats
    assert demand_over([7.0], 0) == 0.0


@pytest.mark.parametrize("level", [Decimal("1"), Decimal("0.3"), 1.5])
def test_service_level_outside_range_is_refused(level: Decimal | float) -> None:
    with pytest.raises(PlanningError, match="service level"):
        service_z(level)


def test_service_level_z_values() -> None:
    assert service_z(Decimal("0.95")) == pytest.approx(Z95)
    assert service_z(0.5) == pytest.approx(0.0)


def test_plan_lists_urgent_parts_first_and_exports_only_orders(tmp_path: Path) -> None:
    components = {p.id: p for p in (part("A", 7), part("B", 7), part("C", 7))}
    forecasts = {"A": flat(7.0, 0.0, "A"), "B": flat(14.0, 0.0, "B"), "C": flat(7.0, 0.0, "C")}
    stock = {
        "A": StockPosition("A", on_hand=3),
        "B": StockPosition("B", on_hand=2),
        "C": StockPosition("C", on_hand=100),
    }
    lines = plan_reorder(components, forecasts, stock, today=TODAY, service_level=Decimal("0.95"))
    assert [line.component for line in lines] == ["B", "A", "C"]  # 1 day, 3 days, no order
    assert [line.order_qty for line in lines] == [26, 11, 0]
    text = purchase_csv(lines)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == list(CSV_COLUMNS)
    assert [row[0] for row in rows[1:]] == ["B", "A"]
    assert rows[1][3] == "26"
    target = tmp_path / "purchase.csv"
    assert write_purchase_csv(lines, target) == 2
    assert target.read_text(encoding="utf-8") == text
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_csv_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PlanningError, match="folder does not exist"):
        write_purchase_csv([], tmp_path / "nope" / "purchase.csv")


def test_review_period_must_be_positive() -> None:
    with pytest.raises(PlanningError, match="review period"):
        plan_reorder({}, {}, {}, today=TODAY, service_level=0.95, review_days=0)


def test_out_of_stock_with_a_long_lead_time_says_so() -> None:
    line = reorder_line(
        part(lead=20),
        flat(7.0, 1.0),
        StockPosition("RAM-16", on_hand=3, reserved=3),
        today=TODAY,
        z=Z95,
    )
    assert line.days_of_cover == 0.0
    assert line.notes == (
        "Nothing is available now, and an order placed today takes 20 days: expect backorders "
        "or find a faster source.",
    )
