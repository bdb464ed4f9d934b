"""Quality checks derived from the configuration itself, on top of the components' `qc` items.

A component knows how to check itself ("hinges open to 180 degrees"); only the whole
configuration knows that the BIOS must show 32 GB (two 16 GB modules), that two SSDs must be
detected, or that a German keyboard needs its Umlaut keys tested. Everything a part can check
about itself (touch, GPU, battery capacity) is left to the components' `qc`, so nothing is
asked twice. The groups are recognised by words of their ids (memory/ram, storage/ssd,
keyboard/layout) and the attributes the demo catalog uses (gb, language); a catalog that names
them differently simply gets the components' own checks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from configurator.catalog.model import Catalog, Group, Option, PartQty, Picks

MEMORY_ATTRS = ("ram_gb", "memory_gb", "size_gb", "gb")

KEYBOARD_KEYS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("de", "german", "qwertz", "deutsch"), "test the Umlaut keys ä ö ü ß"),
    (("ch", "swiss"), "test the keys ä ö ü è é à"),
    (("fr", "french", "azerty"), "test the keys é è à ç ù and the AZERTY row"),
    (("uk", "gb", "british"), "test the £ key and the short left Shift with \\"),
    (
        ("nordic", "se", "dk", "no", "fi", "swedish", "danish", "norwegian", "finnish"),
        "test the keys å ä ö æ ø",
    ),
    (("es", "spanish", "espanol"), "test the keys ñ ç and the accent dead key"),
    (("it", "italian"), "test the keys à è é ì ò ù"),
    (("us", "intl", "international", "english"), "test the keys \\ | ` ~ and Enter"),
)


def _matches(group: Group, *names: str) -> bool:
    """Whether a word of the group id starts with one of `names` ("storage2", "ram_slots";
    not "frame" for "ram")."""
    words = re.split(r"[^a-z0-9]+", group.id.lower())
    return any(word.startswith(name) for word in words for name in names)


def _picked(catalog: Catalog, picks: Picks) -> list[tuple[Group, Option, int]]:
    """(group, option, qty) for every pick, in the catalog's group order."""
    chosen: list[tuple[Group, Option, int]] = []
    for group in catalog.groups:
        value = picks.get(group.id)
        if value is None:
            continue
        if isinstance(value, str):
            if group.has_option(value):
                chosen.append((group, group.option(value), 1))
            continue
        for option_id, qty in value.items():
            if qty > 0 and group.has_option(option_id):
                chosen.append((group, group.option(option_id), qty))
    return chosen


def _number(option: Option, names: Sequence[str]) -> Decimal | None:
    for name in names:
        if name in option.attrs:
            raw = option.attrs[name]
            if isinstance(raw, bool) or not isinstance(raw, int | float | str):
                return None
            try:
                return Decimal(str(raw))
            except ArithmeticError:
                return None
    return None


def _fmt(value: Decimal) -> str:
    return f"{value.normalize():f}"


def derived_checks(catalog: Catalog, picks: Picks, bom: Sequence[PartQty]) -> list[str]:
    """Checks that follow from the picks as a whole, in a sensible testing order."""
    chosen = _picked(catalog, picks)
    checks: list[str] = []
    memory = [
        (_number(option, MEMORY_ATTRS), qty)
        for group, option, qty in chosen
        if _matches(group, "memory", "ram")
    ]
    if memory and all(size is not None for size, _ in memory):
        total = sum((size * qty for size, qty in memory if size is not None), Decimal(0))
        checks.append(f"BIOS shows {_fmt(total)} GB RAM.")
    drives = _count_drives(catalog, chosen, bom)
    if drives:
        checks.append(f"{drives} SSD{'s' if drives > 1 else ''} detected in the BIOS.")
    for group, option, _qty in chosen:
        checks += _group_checks(group, option)
    return checks


def _count_drives(
    catalog: Catalog, chosen: Sequence[tuple[Group, Option, int]], bom: Sequence[PartQty]
) -> int:
    """Drives in the bill of material: parts named SSD/NVMe, or picks of storage groups."""
    from_parts = 0
    for entry in bom:
        component = catalog.components.get(entry.part)
        label = f"{entry.part} {component.name if component else ''}".lower()
        if "ssd" in label or "nvme" in label:
            from_parts += entry.qty
    if from_parts:
        return from_parts
    return sum(
        qty
        for group, option, qty in chosen
        if _matches(group, "storage", "ssd", "drive") and option.components
    )


def _group_checks(group: Group, option: Option) -> list[str]:
    """Checks of one pick that its parts cannot state themselves: which keys to try."""
    if _matches(group, "keyboard", "layout"):
        return [f"Keyboard layout {option.label}: {_keyboard_test(option)}."]
    return []


def _keyboard_test(option: Option) -> str:
    language = str(option.attrs.get("language", "")).lower()
    words = option.id.lower().replace("_", "-").split("-") + option.label.lower().split()
    tokens = {t for t in (*words, *language.split("-")) if t}
    tokens |= {t.strip("()[],.") for t in tokens}
    for names, test in KEYBOARD_KEYS:
        if tokens & set(names):
            return test
    return "test every key"


def merge_checks(*lists: Sequence[str]) -> tuple[str, ...]:
    """Concatenate check lists, dropping repeats (a component used twice checks once)."""
    seen: dict[str, None] = {}
    for items in lists:
        for item in items:
            seen.setdefault(item.strip(), None)
    return tuple(item for item in seen if item)
