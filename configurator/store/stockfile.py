"""The demo stock file: what is in which bin, and which deliveries are due.

Format (TOML)::

    catalog = "aurora-2026"  # optional: the catalog id the file was written for

    [[stock]]
    part = "CHS-14-AL"
    on_hand = 12
    bin = "A-01-01"          # optional: the component's bin from the catalog

    [[receipts]]
    part = "PNL-14-OLED"
    qty = 10
    due_in_days = 8          # relative to the day the store is seeded
    supplier_ref = "PO-4711"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from configurator.catalog.model import Catalog
from configurator.errors import UserError


@dataclass(frozen=True, slots=True)
class StockLine:
    part: str
    bin: str
    on_hand: int


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    part: str
    qty: int
    due_in_days: int
    supplier_ref: str


@dataclass(frozen=True, slots=True)
class StockFile:
    stock: tuple[StockLine, ...]
    receipts: tuple[ReceiptLine, ...]


def _int(entry: dict[str, Any], key: str, where: str, *, minimum: int) -> int:
    value = entry.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise UserError(
            f"{where}: '{key}' must be a whole number >= {minimum}, got {value!r}.",
        )
    return value


def _part(entry: dict[str, Any], where: str, catalog: Catalog) -> str:
    part = entry.get("part")
    if not isinstance(part, str) or part not in catalog.components:
        raise UserError(
            f"{where}: part {part!r} is not a component of catalog {catalog.id!r}.",
            hint="Use a part number from the catalog's [components.*] tables.",
        )
    return part


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise UserError(f"{path}: the stock file cannot be read: {exc}.") from exc


def declared_catalog(path: Path) -> str | None:
    """The catalog id the file says it was written for (its top-level `catalog` key), if any.

    Lets the demo seed tell "the demo stock does not fit this shop's own catalog" (seed
    without stock) apart from "the demo stock has a typo" (an error naming the entry)."""
    value = _read(path).get("catalog")
    if value is not None and not isinstance(value, str):
        raise UserError(f"{path}: 'catalog' must be a catalog id (a string), got {value!r}.")
    return value


def load_stock_file(path: Path, catalog: Catalog) -> StockFile:
    """Parse and check the file against the catalog; every error names the file and entry."""
    data = _read(path)
    written_for = data.get("catalog")
    if written_for is not None and written_for != catalog.id:
        raise UserError(
            f"{path}: the stock file is for catalog {written_for!r}, not {catalog.id!r}.",
            hint="Use a stock file written for this catalog (its 'catalog' line names it).",
        )
    stock: list[StockLine] = []
    seen: set[tuple[str, str]] = set()
    for i, entry in enumerate(data.get("stock", []), start=1):
        where = f"{path}: [[stock]] entry {i}"
        part = _part(entry, where, catalog)
        bin_ = str(entry.get("bin") or catalog.components[part].bin)
        if (part, bin_) in seen:
            raise UserError(f"{where}: {part} in bin {bin_} is listed twice.")
        seen.add((part, bin_))
        stock.append(StockLine(part, bin_, _int(entry, "on_hand", where, minimum=0)))
    receipts: list[ReceiptLine] = []
    for i, entry in enumerate(data.get("receipts", []), start=1):
        where = f"{path}: [[receipts]] entry {i}"
        receipts.append(
            ReceiptLine(
                part=_part(entry, where, catalog),
                qty=_int(entry, "qty", where, minimum=1),
                due_in_days=_int(entry, "due_in_days", where, minimum=0),
                supplier_ref=str(entry.get("supplier_ref", "")),
            )
        )
    return StockFile(tuple(stock), tuple(receipts))
