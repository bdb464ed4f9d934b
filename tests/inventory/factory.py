"""Small hand-built catalogs and stock for the inventory tests (no loader, no solver needed)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from configurator.catalog.model import (
    Catalog,
    Component,
    Group,
    GroupKind,
    Option,
    PartQty,
    Picks,
)
from configurator.inventory.snapshot import IncomingReceipt, StockRow, StockSnapshot
from configurator.shop import WorkshopCalendar

# Wednesday 25 Nov 2026; the weekend is 28/29 Nov.
WED = date(2026, 11, 25)
THU = date(2026, 11, 26)
FRI = date(2026, 11, 27)
SAT = date(2026, 11, 28)
MON = date(2026, 11, 30)
TUE = date(2026, 12, 1)

CALENDAR = WorkshopCalendar(
    hours_per_day=Decimal("7.5"),
    assemblers=1,
    holidays=frozenset({date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26)}),
    handover_days=1,
)


def comp(
    part: str,
    name: str | None = None,
    *,
    lead: int = 10,
    made_of: Mapping[str, int] | None = None,
    build_minutes: int | None = None,
) -> Component:
    return Component(
        id=part,
        name=name or f"Part {part}",
        bin="A-01",
        lead_time_days=lead,
        made_of=tuple(PartQty(p, q) for p, q in (made_of or {}).items()),
        build_minutes=build_minutes,
    )


def components(*items: Component) -> dict[str, Component]:
    return {c.id: c for c in items}


def snapshot(
    stock: Mapping[str, int] | None = None,
    receipts: list[tuple[str, int, date]] | None = None,
    *,
    reserved: Mapping[str, int] | None = None,
    backorders: Mapping[str, int] | None = None,
) -> StockSnapshot:
    reserved = reserved or {}
    rows = [StockRow(p, q, reserved.get(p, 0)) for p, q in (stock or {}).items()]
    incoming = [
        IncomingReceipt(p, q, due, f"PO-{i}") for i, (p, q, due) in enumerate(receipts or [])
    ]
    return StockSnapshot.from_values(rows, incoming, backorders)


def option(oid: str, parts: Mapping[str, int] | None = None, *, max_qty: int = 1) -> Option:
    return Option(
        id=oid,
        label=oid.upper(),
        price=Decimal("0"),
        components=tuple(PartQty(p, q) for p, q in (parts or {}).items()),
        max_qty=max_qty,
    )


def laptop_catalog() -> Catalog:
    """Chassis, screen (one built from a panel and a bezel), and a "many" group of extras."""
    parts = components(
        comp("CHS-14", "Chassis 14", lead=12),
        comp("CHS-16", "Chassis 16", lead=12),
        comp("DSP-FHD", "Display FHD", lead=7),
        comp(
            "DSP-OLED",
            "Display assembly 2.8K OLED",
            lead=20,
            made_of={"PNL-OLED": 1, "BZL": 1},
            build_minutes=15,
        ),
        comp("PNL-OLED", "2.8K OLED panel", lead=30),
        comp("BZL", "Bezel", lead=5),
        comp("USB", "USB-C card", lead=3),
        comp("DOCK", "Dock", lead=14),
    )
    groups = (
        Group(
            "chassis",
            "Chassis",
            GroupKind.ONE,
            (option("c14", {"CHS-14": 1}), option("c16", {"CHS-16": 1})),
        ),
        Group(
            "screen",
            "Screen",
            GroupKind.ONE,
            (option("fhd", {"DSP-FHD": 1}), option("oled", {"DSP-OLED": 1})),
        ),
        Group(
            "extras",
            "Extras",
            GroupKind.MANY,
            (option("usb", {"USB": 1}, max_qty=4), option("dock", {"DOCK": 1})),
            min=0,
            max=5,
        ),
    )
    return Catalog(
        id="test",
        name="Test laptops",
        currency="EUR",
        base_price=Decimal("100"),
        assembly_minutes=40,
        groups=groups,
        components=parts,
    )


def simple_bom(catalog: Catalog, picks: Picks) -> dict[str, int]:
    """Options' parts times quantity: the whole BOM of catalogs without [[bom]] entries."""
    bom: dict[str, int] = {}
    for group_id, pick in picks.items():
        group = catalog.group(group_id)
        chosen = pick.items() if isinstance(pick, Mapping) else [(pick, 1)] if pick else []
        for option_id, qty in chosen:
            for entry in group.option(option_id).components:
                bom[entry.part] = bom.get(entry.part, 0) + entry.qty * qty
    return bom
