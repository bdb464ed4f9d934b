"""The tabulated BOM function against the rule engine's bill_of_materials."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from configurator.catalog.loader import load_catalog
from configurator.catalog.model import Catalog, GroupKind, Picks
from configurator.inventory.bom_table import FastBom, fast_bom
from configurator.paths import demo_catalog_path
from configurator.rules.bom import PicksError, bill_of_materials

from .test_incremental import rich_catalog

DEMO = load_catalog(demo_catalog_path())
RICH = rich_catalog()


@st.composite
def partial_picks(draw: st.DrawFn, catalog: Catalog) -> dict[str, Any]:
    picks: dict[str, Any] = {}
    for group in catalog.groups:
        if not draw(st.booleans()):
            continue  # not decided yet
        if group.kind is GroupKind.MANY:
            ids = draw(st.lists(st.sampled_from([o.id for o in group.options]), max_size=4))
            multiset: dict[str, int] = {}
            for option_id in ids:
                multiset[option_id] = multiset.get(option_id, 0) + 1
            picks[group.id] = multiset
        elif group.kind is GroupKind.OPTIONAL and draw(st.booleans()):
            picks[group.id] = None
        else:
            picks[group.id] = draw(st.sampled_from(group.options)).id
    return picks


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_same_bom_in_the_same_order_as_the_engine(data: st.DataObject) -> None:
    for catalog in (DEMO, RICH):
        picks = data.draw(partial_picks(catalog))
        fast = fast_bom(catalog)(catalog, picks)
        slow = bill_of_materials(catalog, picks)
        assert list(fast.items()) == list(slow.items())


def test_the_demo_tables_cover_its_bom_entries() -> None:
    table = FastBom(DEMO)
    assert table._tables  # conditions on one/optional groups are tabulated
    assert fast_bom(DEMO) is fast_bom(DEMO)


@pytest.mark.parametrize(
    "picks",
    [{"nope": "x"}, {"chassis": "c99"}, {"chassis": None}, {"accessories": "dock"}],
)
def test_bad_picks_fail_as_in_the_engine(picks: dict[str, Any]) -> None:
    with pytest.raises(PicksError) as fast:
        fast_bom(DEMO)(DEMO, picks)
    with pytest.raises(PicksError) as slow:
        bill_of_materials(DEMO, picks)
    assert str(fast.value) == str(slow.value)


def test_another_catalog_goes_to_the_engine() -> None:
    picks = {"chassis": "c14", "screen": "oled"}
    assert fast_bom(DEMO)(RICH, picks) == bill_of_materials(RICH, picks)


def test_entries_keep_the_catalogs_order_across_tables() -> None:
    from dataclasses import replace

    from configurator.catalog.model import BomEntry, PartQty

    from .factory import comp, laptop_catalog

    base = laptop_catalog()
    parts = dict(base.components)
    parts.update({p: comp(p) for p in ("A", "B", "C", "D")})
    catalog = replace(
        base,
        components=parts,
        bom=(
            BomEntry((PartQty("A"),), "chassis == 'c14'"),
            BomEntry((PartQty("B"),)),
            BomEntry((PartQty("C"),), "screen == 'oled'"),
            BomEntry((PartQty("D", 2),), "chassis == 'c14' and 'usb' in extras"),
        ),
    )
    picks: Picks = {"chassis": "c14", "screen": "oled", "extras": {"usb": 1}}
    fast = fast_bom(catalog)(catalog, picks)
    assert list(fast.items()) == list(bill_of_materials(catalog, picks).items())
    assert list(fast) == ["CHS-14", "DSP-OLED", "USB", "A", "B", "C", "D"]
