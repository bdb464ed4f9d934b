"""A small laptop catalog built from model objects (no file, no loader), for the builders."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType

from configurator.catalog.model import (
    BomEntry,
    Catalog,
    Component,
    Group,
    GroupKind,
    Option,
    PartQty,
    Picks,
)


def _c(
    part: str,
    name: str,
    bin_: str,
    *,
    steps: tuple[str, ...] = (),
    qc: tuple[str, ...] = (),
    made_of: tuple[PartQty, ...] = (),
) -> Component:
    return Component(part, name, bin_, 5, steps=steps, qc=qc, made_of=made_of)


COMPONENTS = {
    c.id: c
    for c in (
        _c(
            "CHS-14",
            "Chassis 14",
            "A-01-10",
            steps=("Lay the chassis on the ESD mat.",),
            qc=("Hinges open to 180 degrees.",),
        ),
        _c(
            "CPU-R7",
            "Mainboard Ryzen 7",
            "A-01-02",
            steps=("Seat the mainboard.", "Apply thermal paste."),
        ),
        _c(
            "RAM-16",
            "SO-DIMM 16 GB",
            "B-01-01",
            steps=("Insert the SO-DIMMs.",),
            qc=("Memory latches closed.",),
        ),
        _c("SSD-1T", "NVMe SSD 1 TB", "C-02-01", steps=("Insert the SSD.", "Apply thermal paste.")),
        _c("SSD-2T", "NVMe SSD 2 TB", "C-02-02", steps=("Insert the SSD.",)),
        _c("KBD-DE", "Keyboard German QWERTZ", "D-01-01", steps=("Connect the keyboard.",)),
        _c("KBD-US", "Keyboard US English", "D-01-02", steps=("Connect the keyboard.",)),
        _c("PNL-OLED", "OLED panel 14", "E-01-01", steps=("Mount the panel in the bezel.",)),
        _c("BZL-14", "Bezel 14", "E-01-02"),
        _c(
            "DSP-OLED",
            "Display assembly OLED",
            "E-02-01",
            steps=("Connect the display cable.",),
            made_of=(PartQty("PNL-OLED"), PartQty("BZL-14")),
        ),
        _c("EXP-USBC", "USB-C card", "F-01-01"),
        _c("PSU-65", "Adapter 65 W", "A-10-01", qc=("Adapter charges at 65 W.",)),
    )
}

GROUPS = (
    Group(
        "chassis",
        "Chassis",
        GroupKind.ONE,
        (
            Option(
                "c14", "Aurora 14", Decimal("0.00"), default=True, components=(PartQty("CHS-14"),)
            ),
        ),
    ),
    Group(
        "processor",
        "Processor",
        GroupKind.ONE,
        (Option("r7", "Ryzen 7 8840HS", Decimal("180.00"), components=(PartQty("CPU-R7"),)),),
    ),
    Group(
        "memory",
        "Memory",
        GroupKind.ONE,
        (
            Option(
                "m32",
                "32 GB (2 × 16 GB)",
                Decimal("120.00"),
                components=(PartQty("RAM-16", 2),),
                attrs=MappingProxyType({"ram_gb": 32}),
            ),
        ),
    ),
    Group(
        "storage",
        "Storage",
        GroupKind.ONE,
        (Option("s1", "1 TB SSD", Decimal("89.00"), components=(PartQty("SSD-1T"),)),),
    ),
    Group(
        "storage2",
        "Second drive",
        GroupKind.OPTIONAL,
        (Option("s2", "2 TB SSD", Decimal("149.00"), components=(PartQty("SSD-2T"),)),),
        min=0,
    ),
    Group(
        "screen",
        "Screen",
        GroupKind.ONE,
        (
            Option(
                "oled",
                "2.8K OLED touch",
                Decimal("210.00"),
                components=(PartQty("DSP-OLED"),),
                attrs=MappingProxyType({"touch": True}),
            ),
        ),
    ),
    Group(
        "keyboard",
        "Keyboard",
        GroupKind.ONE,
        (
            Option("de", "German (QWERTZ)", Decimal("0.00"), components=(PartQty("KBD-DE"),)),
            Option("us", "US English", Decimal("0.00"), components=(PartQty("KBD-US"),)),
        ),
    ),
    Group(
        "ports",
        "Expansion cards",
        GroupKind.MANY,
        (
            Option(
                "usbc", "USB-C card", Decimal("9.00"), components=(PartQty("EXP-USBC"),), max_qty=4
            ),
        ),
        min=0,
        max=4,
    ),
)

CATALOG = Catalog(
    id="mini-2026",
    name="Mini laptops 2026",
    currency="EUR",
    base_price=Decimal("499.00"),
    assembly_minutes=40,
    groups=GROUPS,
    bom=(BomEntry((PartQty("PSU-65"),)),),
    components=MappingProxyType(COMPONENTS),
    version_hash="ab12cd34ef56ab12cd34ef56",
)

PICKS: Picks = {
    "chassis": "c14",
    "processor": "r7",
    "memory": "m32",
    "storage": "s1",
    "storage2": "s2",
    "screen": "oled",
    "keyboard": "de",
    "ports": {"usbc": 2},
}
# Options' parts in group order, then the [[bom]] addition: as the rule engine returns them.
BOM = (
    PartQty("CHS-14"),
    PartQty("CPU-R7"),
    PartQty("RAM-16", 2),
    PartQty("SSD-1T"),
    PartQty("SSD-2T"),
    PartQty("DSP-OLED"),
    PartQty("KBD-DE"),
    PartQty("EXP-USBC", 2),
    PartQty("PSU-65"),
)
