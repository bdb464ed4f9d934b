"""The order in which parts go into a laptop, for the assembly steps and the QC checklist.

A catalog lists a configuration's parts in no physical order (options' parts in group order,
then `[[bom]]` additions, which in the demo catalog hold the chassis and the mainboard). The
workshop needs the order a technician works in: chassis, mainboard, memory, SSDs, cooler, GPU,
Wi-Fi, display, keyboard, battery last; then adapter test, software, labels, papers, packing
and accessories. A part's place comes from its `slot` when the catalog names one, else from
words in its id and name; parts of the same kind keep the catalog's order.
"""

from __future__ import annotations

from collections.abc import Sequence

from configurator.catalog.model import Component

ORDER = (
    "chassis",
    "mainboard",
    "memory",
    "storage",
    "cooler",
    "gpu",
    "wifi",
    "display",
    "keyboard",
    "other-slot",
    "battery",
    "adapter",
    "software",
    "label",
    "papers",
    "packing",
    "accessory",
)
"""Kinds of parts in the order they go in (other-slot: a slot this list does not know)."""

SLOT_ALIASES = {
    "motherboard": "mainboard",
    "board": "mainboard",
    "ram": "memory",
    "ssd": "storage",
    "cooling": "cooler",
    "graphics": "gpu",
    "wlan": "wifi",
    "wi-fi": "wifi",
    "screen": "display",
    "panel": "display",
    "psu": "adapter",
    "charger": "adapter",
}

KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("chassis", ("chassis", "chs-")),
    ("mainboard", ("mainboard", "motherboard", "mb-")),
    ("memory", ("so-dimm", "sodimm", "ram-", "dimm")),
    ("storage", ("ssd", "nvme")),
    ("cooler", ("cooler", "heatsink", "clr-")),
    ("gpu", ("gpu", "graphics module")),
    ("wifi", ("wi-fi", "wifi", "wlan")),
    ("display", ("display", "panel", "dsp-", "pnl-", "bezel", "bzl-", "edp")),
    ("keyboard", ("keyboard", "kbd-")),
    ("battery", ("battery", "bat-")),
    ("adapter", ("adapter", "charger", "psu", "adp-")),
    ("software", ("licence", "license", "lic-")),
    ("label", ("label", "lbl-")),
    ("papers", ("warranty", "war-", "manual")),
    ("packing", ("shipping box", "pkg-", "packaging", "carton")),
)


def kind_of(part: str, component: Component | None) -> str:
    """The kind of a part (one of ORDER)."""
    if component is not None and component.slot:
        slot = SLOT_ALIASES.get(component.slot.lower(), component.slot.lower())
        return slot if slot in ORDER else "other-slot"
    text = f"{part} {component.name if component else ''}".lower()
    for kind, words in KEYWORDS:
        if any(word in text for word in words):
            return kind
    return "accessory"


def assembly_order(parts: Sequence[str], components: dict[str, Component]) -> list[str]:
    """`parts` sorted into the order they go in (stable within a kind)."""
    rank = {kind: i for i, kind in enumerate(ORDER)}
    return sorted(parts, key=lambda p: rank[kind_of(p, components.get(p))])
