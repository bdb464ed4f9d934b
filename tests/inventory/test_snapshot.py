from __future__ import annotations

from datetime import date

import pytest

from configurator.inventory.errors import InventoryError
from configurator.inventory.snapshot import IncomingReceipt, StockRow, StockSnapshot

from .factory import WED


def test_bins_are_summed_and_receipts_sorted() -> None:
    snap = StockSnapshot.from_values(
        [StockRow("A", 3, 1, "A-01"), StockRow("A", 4, 2, "A-02"), StockRow("B", 0)],
        [
            IncomingReceipt("A", 5, date(2026, 12, 9), "PO-2"),
            IncomingReceipt("A", 2, date(2026, 12, 1), "PO-1"),
            IncomingReceipt("C", 1, WED),
        ],
        {"A": 1},
    )
    a = snap.get("A")
    assert (a.on_hand, a.reserved, a.backordered, a.available) == (7, 3, 1, 3)
    assert [r.supplier_ref for r in a.receipts] == ["PO-1", "PO-2"]
    assert a.next_receipt is not None
    assert a.next_receipt.due == date(2026, 12, 1)
    assert a.incoming == 7
    assert snap.get("C").on_hand == 0
    assert snap.get("C").incoming == 1
    assert set(snap) == {"A", "B", "C"}
    assert len(snap) == 3
    assert "A" in snap


def test_unknown_parts_have_no_stock() -> None:
    empty = StockSnapshot({}).get("X")
    assert (empty.on_hand, empty.available, empty.receipts) == (0, 0, ())


def test_backorders_make_available_negative() -> None:
    snap = StockSnapshot.from_values([StockRow("A", 2, 2)], [], {"A": 3})
    assert snap.get("A").available == -3


@pytest.mark.parametrize(
    ("rows", "receipts", "backorders", "message"),
    [
        ([StockRow("A", -1)], [], None, "Part A: on hand quantity -1"),
        ([StockRow("A", 1, -2, "B-7")], [], None, "Part A in bin B-7: reserved quantity -2"),
        ([StockRow("A", 1.5)], [], None, "on hand quantity 1.5"),  # type: ignore[arg-type]
        ([], [IncomingReceipt("A", 0, WED, "PO-9")], None, "Receipt PO-9 for part A"),
        ([], [], {"A": -1}, "backordered quantity -1"),
    ],
)
def test_impossible_figures_are_refused(
    rows: list[StockRow],
    receipts: list[IncomingReceipt],
    backorders: dict[str, int] | None,
    message: str,
) -> None:
    with pytest.raises(InventoryError, match=message):
        StockSnapshot.from_values(rows, receipts, backorders)
