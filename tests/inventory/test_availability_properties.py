"""Properties of the availability check on random multi-level BOMs and stock."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from configurator.catalog.model import Component
from configurator.inventory.availability import (
    Availability,
    PartAvailability,
    Source,
    check_availability,
)
from configurator.inventory.calendar import add_working_days, build_days
from configurator.inventory.snapshot import StockSnapshot

from .factory import CALENDAR, WED, comp, snapshot


@st.composite
def worlds(
    draw: st.DrawFn, *, shared: bool = True
) -> tuple[dict[str, Component], StockSnapshot, dict[str, int]]:
    """Parts P0..Pn where Pi may be made of parts with a higher index (a DAG, so no cycles);
    without `shared` every part has at most one parent (a forest)."""
    n = draw(st.integers(2, 9))
    names = [f"P{i}" for i in range(n)]
    has_parent: set[str] = set()
    parts: dict[str, Component] = {}
    for i, name in enumerate(names):
        candidates = [c for c in names[i + 1 :] if shared or c not in has_parent]
        children = (
            draw(st.lists(st.sampled_from(candidates), max_size=3, unique=True))
            if candidates
            else []
        )
        has_parent.update(children)
        made_of = {c: draw(st.integers(1, 3)) for c in children}
        parts[name] = comp(
            name,
            lead=draw(st.integers(0, 40)),
            made_of=made_of,
            build_minutes=draw(st.integers(1, 600)) if made_of else None,
        )
    stock = {name: draw(st.integers(0, 6)) for name in names}
    receipts = [
        (
            draw(st.sampled_from(names)),
            draw(st.integers(1, 5)),
            WED + timedelta(days=draw(st.integers(-3, 30))),
        )
        for _ in range(draw(st.integers(0, 5)))
    ]
    reserved = {name: draw(st.integers(0, stock[name])) for name in names}
    backorders = draw(st.dictionaries(st.sampled_from(names), st.integers(0, 2), max_size=2))
    bom = draw(st.dictionaries(st.sampled_from(names), st.integers(1, 3), min_size=1, max_size=4))
    return parts, snapshot(stock, receipts, reserved=reserved, backorders=backorders), bom


def bought(line: PartAvailability, part: Component) -> date:
    """When `line.needed` units would be there without building."""
    shortfall = line.needed - line.available
    lead = WED + timedelta(days=part.lead_time_days)
    covered = 0
    for receipt in line.stock.receipts:
        covered += receipt.qty
        if covered >= shortfall:
            return min(max(receipt.due, WED), lead)
    return lead


def run(
    parts: dict[str, Component], snap: StockSnapshot, bom: dict[str, int], quantity: int = 1
) -> Availability:
    return check_availability(
        bom, components=parts, snapshot=snap, calendar=CALENDAR, today=WED, quantity=quantity
    )


@settings(max_examples=60, deadline=None)
@given(world=worlds())
def test_every_part_line_is_consistent(
    world: tuple[dict[str, Component], StockSnapshot, dict[str, int]],
) -> None:
    parts, snap, bom = world
    result = run(parts, snap, bom)
    lines = {line.part: line for line in result.parts}
    assert len(lines) == len(result.parts)  # every part once: shared parts are netted
    assert set(bom) <= set(lines)
    for line in result.parts:
        assert line.ready >= WED
        # Gross requirement = own BOM line + what built parents pass down, nothing else.
        passed_down = sum(
            lines[p].build_units * e.qty
            for p in line.needed_for
            for e in parts[p].made_of
            if e.part == line.part
        )
        assert line.needed == bom.get(line.part, 0) + passed_down
        assert all(lines[p].source is Source.BUILD for p in line.needed_for)
        if line.source is Source.STOCK:
            assert line.available >= line.needed
            assert line.ready == WED
        elif line.source is Source.RECEIPT:
            assert line.receipt is not None
            covered = sum(r.qty for r in line.stock.receipts if r.due <= line.receipt.due)
            assert covered >= line.needed - line.available
            assert line.ready == max(line.receipt.due, WED)
        elif line.source is Source.LEAD_TIME:
            assert line.ready == WED + timedelta(days=line.lead_time_days)
        else:
            assert parts[line.part].made_of
            assert line.build_units == line.needed - line.available
            assert line.ready <= bought(line, parts[line.part])  # never build slower than buy
            latest = max(lines[e.part].ready for e in parts[line.part].made_of)
            minutes = (parts[line.part].build_minutes or 0) * line.build_units
            assert line.build_days == build_days(CALENDAR, minutes)
            assert line.ready == add_working_days(CALENDAR, latest, line.build_days)
    # The configuration is ready when its last BOM line is; limiting parts explain it.
    assert result.ready == max(lines[p].ready for p in bom)
    assert (result.ready == WED) == (result.limiting == ())
    assert all(line.source is not Source.STOCK for line in result.limiting)


@settings(max_examples=60, deadline=None)
@given(world=worlds(shared=False), more=st.integers(1, 4))
def test_more_laptops_are_never_ready_earlier(
    world: tuple[dict[str, Component], StockSnapshot, dict[str, int]], more: int
) -> None:
    parts, snap, bom = world
    one = run(parts, snap, bom)
    assert run(parts, snap, bom, quantity=1 + more).ready >= one.ready


@settings(max_examples=50, deadline=None)
@given(world=worlds(), extra=st.integers(1, 10))
def test_more_stock_is_never_later(
    world: tuple[dict[str, Component], StockSnapshot, dict[str, int]], extra: int
) -> None:
    parts, snap, bom = world
    before = run(parts, snap, bom)
    richer = StockSnapshot(
        {p: replace(snap.get(p), on_hand=snap.get(p).on_hand + extra) for p in parts}
    )
    after = run(parts, richer, bom)
    assert after.ready <= before.ready
    if all(line.source is Source.STOCK for line in before.parts):
        assert after.ready == WED
