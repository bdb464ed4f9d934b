"""The service's fast path (BOM deltas + memoised independent clusters) against recomputing
everything: same dates for every option, on random picks and stock."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from configurator.catalog.model import BomEntry, Catalog, Group, GroupKind, PartQty, Picks
from configurator.inventory.clusters import ClosureIndex, bom_independent_groups
from configurator.inventory.service import AvailabilityService
from configurator.inventory.snapshot import StockSnapshot
from configurator.rules.bom import bill_of_materials

from .factory import CALENDAR, WED, comp, laptop_catalog, option, snapshot


def rich_catalog() -> Catalog:
    """The laptop catalog plus: a bezel sold loose (shared with the OLED display), a spare
    chassis (so swapping the chassis leaves some CHS-14 in the BOM), a spare panel kit (a
    sub-assembly of its own sharing the panel), and a [[bom]] entry that depends on the
    screen (so the screen group takes the full BOM path)."""
    base = laptop_catalog()
    parts = dict(base.components)
    parts["KIT"] = comp("KIT", "Spare panel kit", lead=25, made_of={"PNL-OLED": 1}, build_minutes=5)
    parts["PSU-90"] = comp("PSU-90", "Adapter 90 W", lead=4)
    extras = base.group("extras")
    extras = replace(
        extras,
        options=(
            *extras.options,
            option("bezel", {"BZL": 1}, max_qty=2),
            option("kit", {"KIT": 1}),
            option("spare", {"CHS-14": 1}, max_qty=2),
        ),
    )
    groups = tuple(extras if g.id == "extras" else g for g in base.groups)
    return replace(
        base,
        groups=groups,
        components=parts,
        bom=(BomEntry(add=(PartQty("PSU-90"),), when="screen == 'oled'"),),
    )


CATALOG = rich_catalog()
PARTS = sorted(CATALOG.components)


def test_groups_named_by_bom_conditions_take_the_full_path() -> None:
    assert bom_independent_groups(CATALOG) == {"chassis", "extras"}


def test_clusters_join_lines_that_share_parts() -> None:
    index = ClosureIndex(CATALOG.components)
    assert index.closure("DSP-OLED") == {"DSP-OLED", "PNL-OLED", "BZL"}
    clusters = index.split({"CHS-14": 1, "DSP-OLED": 1, "BZL": 1, "KIT": 1, "USB": 2})
    assert sorted(clusters) == [
        (("BZL", 1), ("DSP-OLED", 1), ("KIT", 1)),
        (("CHS-14", 1),),
        (("USB", 2),),
    ]


@st.composite
def picks_and_stock(draw: st.DrawFn) -> tuple[Picks, StockSnapshot]:
    picks: dict[str, object] = {}
    for group in CATALOG.groups:
        if group.kind is GroupKind.MANY:
            chosen = draw(st.lists(st.sampled_from(group.options), max_size=3))
            multiset: dict[str, int] = {}
            for opt in chosen:
                multiset[opt.id] = min(opt.max_qty, multiset.get(opt.id, 0) + 1)
            picks[group.id] = multiset
        elif draw(st.booleans()):
            picks[group.id] = draw(st.sampled_from(group.options)).id
    stock = {p: draw(st.integers(0, 3)) for p in PARTS}
    receipts = [
        (
            draw(st.sampled_from(PARTS)),
            draw(st.integers(1, 3)),
            WED + timedelta(days=draw(st.integers(0, 20))),
        )
        for _ in range(draw(st.integers(0, 4)))
    ]
    return picks, snapshot(stock, receipts)  # type: ignore[return-value]


def _groups(catalog: Catalog) -> tuple[Group, ...]:
    return catalog.groups


@settings(max_examples=80, deadline=None)
@given(case=picks_and_stock())
@example(  # swapping the chassis must leave the spare chassis in the BOM, not more
    case=(
        {"chassis": "c14", "screen": "fhd", "extras": {"spare": 1}},
        snapshot({"CHS-14": 1, "CHS-16": 5, "DSP-FHD": 3}),
    )
)
@example(  # ... and keep it when it is the last one and out of stock
    case=(
        {"chassis": "c14", "screen": "fhd", "extras": {"spare": 1}},
        snapshot({"CHS-14": 0, "CHS-16": 5, "DSP-FHD": 3}),
    )
)
def test_fast_option_impacts_equal_recomputing_everything(
    case: tuple[Picks, StockSnapshot],
) -> None:
    picks, snap = case
    booked = {WED: 430}
    fast = AvailabilityService(
        CATALOG, CALENDAR, snapshot=snap, booked=booked, bom_of=bill_of_materials
    )
    slow = AvailabilityService(
        CATALOG, CALENDAR, snapshot=snap, booked=booked, bom_of=bill_of_materials, incremental=False
    )
    got = fast.options(picks, WED)
    want = slow.options(picks, WED)
    for group in _groups(CATALOG):
        for opt in group.options:
            a, b = got[group.id][opt.id], want[group.id][opt.id]
            assert (a.handover, a.delta_days, a.current, a.status) == (
                b.handover,
                b.delta_days,
                b.current,
                b.status,
            ), (group.id, opt.id)
    # A second click on the same service answers from its memo, identically.
    assert fast.options(picks, WED) == got
