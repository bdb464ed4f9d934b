"""A shortage says where its date comes from: only an open receipt is a real delivery."""

from __future__ import annotations

from datetime import date

from configurator.orders.errors import Shortage

DAY = date(2026, 12, 7)


def test_receipt_is_a_delivery_with_its_purchase_order() -> None:
    text = Shortage("P", "Part", 2, 0, DAY, source="receipt", reference="PO-7").describe()
    assert text.endswith("due on 07 Dec 2026 (order PO-7)")


def test_lead_time_is_not_a_delivery() -> None:
    text = Shortage("P", "Part", 2, 1, DAY, source="lead_time", lead_days=12).describe()
    assert "delivery" not in text
    assert text.endswith("about 07 Dec 2026 if ordered today (lead time 12 days)")


def test_build_is_in_house() -> None:
    text = Shortage("P", "Part", 1, 0, DAY, source="build", lead_days=3).describe()
    assert text.endswith("built in-house by 07 Dec 2026")


def test_a_one_day_lead_time_is_one_day() -> None:
    text = Shortage("P", "Part", 1, 0, DAY, source="lead_time", lead_days=1).describe()
    assert text.endswith("(lead time 1 day)")
