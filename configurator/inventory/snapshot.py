"""An immutable picture of the stock: per part on hand, reserved and the receipts on the way.

Availability is computed from a snapshot, never from live queries, so that one click in the GUI
costs no SQL at all and every answer within a click is consistent. The snapshot is built from
plain values (tests, benchmarks) or read from the store in two queries (`load_snapshot`).
Several bins of one part are summed: availability is per part, the bin only matters for picking.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, NoReturn

from configurator.inventory.errors import InventoryError

if TYPE_CHECKING:
    from sqlmodel import Session


@dataclass(frozen=True, slots=True)
class IncomingReceipt:
    """Parts ordered from a supplier and not received yet."""

    part: str
    qty: int
    due: date
    supplier_ref: str = ""


@dataclass(frozen=True, slots=True)
class PartStock:
    """One part's stock over all its bins."""

    part: str
    on_hand: int = 0
    reserved: int = 0
    backordered: int = 0
    """Units open backorders still wait for: the next receipts go to them first."""
    receipts: tuple[IncomingReceipt, ...] = ()
    """Open receipts, earliest due date first."""

    @property
    def available(self) -> int:
        """On hand minus reserved minus backordered: what a new order can take now.

        Negative when backorders wait: the receipts must make that up before a new order
        gets any of them."""
        return self.on_hand - self.reserved - self.backordered

    @property
    def incoming(self) -> int:
        return sum(r.qty for r in self.receipts)

    @property
    def next_receipt(self) -> IncomingReceipt | None:
        return self.receipts[0] if self.receipts else None


@dataclass(frozen=True, slots=True)
class StockRow:
    """One stock figure as the store keeps it (per part and bin)."""

    part: str
    on_hand: int
    reserved: int = 0
    bin: str = ""


def _due_order(receipt: IncomingReceipt) -> tuple[date, str]:
    return receipt.due, receipt.supplier_ref


def _refuse_row(row: StockRow) -> NoReturn:
    for label, value in (("on hand", row.on_hand), ("reserved", row.reserved)):
        if type(value) is not int or value < 0:
            where = f" in bin {row.bin}" if row.bin else ""
            raise InventoryError(
                f"Part {row.part}{where}: {label} quantity {value!r} is not a whole number >= 0.",
                hint="Correct the stock with `configurator stock adjust`.",
            )
    raise AssertionError("only called for a bad row")


class StockSnapshot:
    """Stock of every part at one moment; parts it does not know have no stock at all."""

    __slots__ = ("_parts",)

    def __init__(self, parts: Mapping[str, PartStock]) -> None:
        self._parts: dict[str, PartStock] = dict(parts)  # never handed out, so never changed

    @classmethod
    def from_values(
        cls,
        stock: Iterable[StockRow],
        receipts: Iterable[IncomingReceipt] = (),
        backorders: Mapping[str, int] | None = None,
    ) -> StockSnapshot:
        """Sum bins per part and sort receipts by due date; refuse impossible figures.

        `backorders` is part -> units that accepted backorders still wait for."""
        on_hand: dict[str, int] = {}
        reserved: dict[str, int] = {}
        for row in stock:
            if type(row.on_hand) is not int or type(row.reserved) is not int:
                _refuse_row(row)
            if row.on_hand < 0 or row.reserved < 0:
                _refuse_row(row)
            on_hand[row.part] = on_hand.get(row.part, 0) + row.on_hand
            reserved[row.part] = reserved.get(row.part, 0) + row.reserved
        incoming: dict[str, list[IncomingReceipt]] = {}
        for receipt in receipts:
            if (
                isinstance(receipt.qty, bool)
                or not isinstance(receipt.qty, int)
                or receipt.qty <= 0
            ):
                raise InventoryError(
                    f"Receipt {receipt.supplier_ref or '(no reference)'} for part {receipt.part}: "
                    f"quantity {receipt.qty!r} is not a whole number >= 1.",
                    hint="Correct or cancel the receipt.",
                )
            incoming.setdefault(receipt.part, []).append(receipt)
        waiting = dict(backorders or {})
        for part, units in waiting.items():
            if isinstance(units, bool) or not isinstance(units, int) or units < 0:
                raise InventoryError(
                    f"Part {part}: backordered quantity {units!r} is not a whole number >= 0."
                )
        parts: dict[str, PartStock] = {}
        for part in on_hand.keys() | incoming.keys() | waiting.keys():
            due = incoming.get(part)
            parts[part] = PartStock(
                part,
                on_hand.get(part, 0),
                reserved.get(part, 0),
                waiting.get(part, 0),
                () if due is None else tuple(sorted(due, key=_due_order)),
            )
        return cls(parts)

    def get(self, part: str) -> PartStock:
        """The part's stock; an unknown part has none (it may still be buildable or ordered)."""
        found = self._parts.get(part)
        return found if found is not None else PartStock(part)

    def __contains__(self, part: object) -> bool:
        return part in self._parts

    def __iter__(self) -> Iterator[str]:
        return iter(self._parts)

    def __len__(self) -> int:
        return len(self._parts)

    def __repr__(self) -> str:
        return f"StockSnapshot({len(self._parts)} parts)"


def load_snapshot(session: Session, parts: Collection[str] | None = None) -> StockSnapshot:
    """Read stock, open receipts and backorders from the store: three set queries, never one
    per part, in one transaction that sees one state of the store (call it first in the
    session; on SQLite pass a session on `configurator.store.database.reader(engine)`).

    `parts` limits the reads to those parts, e.g. `bom_parts(components, bom)` when one order
    needs a fresh answer; None reads everything (the GUI's snapshot)."""
    from configurator.inventory.store_queries import (
        consistent_reads,
        read_backorders,
        read_receipts,
        read_stock,
    )

    consistent_reads(session)
    return StockSnapshot.from_values(
        read_stock(session, parts), read_receipts(session, parts), read_backorders(session, parts)
    )
