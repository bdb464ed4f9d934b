"""Freezing a configuration: its lines come from the catalog object it was frozen with, even
though orders share the line objects (`configuration._line`)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from configurator.catalog.model import Catalog, Group, GroupKind, Option, Picks
from configurator.orders import configuration
from configurator.orders.configuration import Line, freeze


def _catalog(label: str, price: Decimal) -> Catalog:
    group = Group("cpu", f"CPU {label}", GroupKind.ONE, (Option("i5", f"i5 {label}", price),))
    pen = Option("pen", "Pen", Decimal(5), max_qty=20)
    extras = Group("extra", "Extras", GroupKind.MANY, (pen,), min=0, max=20)
    return Catalog("c", "C", "EUR", Decimal(100), 10, (group, extras))


def test_lines_are_the_catalogs_own_when_another_has_the_same_ids() -> None:
    """Two catalog versions with the same group and option ids, other labels and prices
    (a line looked up by ids would carry the other version's)."""
    old, new = _catalog("old", Decimal(10)), _catalog("new", Decimal("12.50"))
    picks: Picks = {"cpu": "i5", "extra": {"pen": 2}}
    for catalog, label, price in ((old, "old", Decimal(10)), (new, "new", Decimal("12.50"))):
        frozen = freeze(catalog, picks)
        assert frozen.lines == (
            Line("cpu", f"CPU {label}", "i5", f"i5 {label}", 1, price),
            Line("extra", "Extras", "pen", "Pen", 2, Decimal(5)),
        )
        assert frozen.list_price == Decimal(110) + price
    again = freeze(old, picks)
    assert again.lines[0].option_label == "i5 old"


def test_a_copied_group_gets_its_own_lines() -> None:
    catalog = _catalog("a", Decimal(10))
    cpu = catalog.groups[0]
    relabelled = replace(catalog, groups=(replace(cpu, label="Processor"), *catalog.groups[1:]))
    assert freeze(catalog, {"cpu": "i5"}).lines[0].group_label == "CPU a"
    assert freeze(relabelled, {"cpu": "i5"}).lines[0].group_label == "Processor"


def test_the_shared_lines_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(configuration, "MAX_LINES", 3)
    catalog = _catalog("a", Decimal(10))
    for qty in range(1, 10):
        frozen = freeze(catalog, {"cpu": "i5", "extra": {"pen": qty}})
        assert frozen.lines[1] == Line("extra", "Extras", "pen", "Pen", qty, Decimal(5))
        assert len(configuration._LINES) <= 3
