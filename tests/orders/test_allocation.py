"""The allocation plan (pure): properties against a brute-force oracle on random stock."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from configurator.catalog.model import Component, PartQty
from configurator.orders.allocation import BinStock, plan_allocation

# A small BOM world: ASM is built from 2 x SUB + 1 x LEAF; SUB is built from 1 x LEAF.
COMPONENTS = {
    "ASM": Component("ASM", "Assembly", "A", 5, made_of=(PartQty("SUB", 2), PartQty("LEAF"))),
    "SUB": Component("SUB", "Sub", "S", 5, made_of=(PartQty("LEAF"),)),
    "LEAF": Component("LEAF", "Leaf", "L", 5),
    "OTHER": Component("OTHER", "Other", "O", 5),
}


def rows_strategy() -> st.SearchStrategy[dict[str, list[BinStock]]]:
    def build(stock: dict[str, list[tuple[int, int]]]) -> dict[str, list[BinStock]]:
        rows: dict[str, list[BinStock]] = {}
        next_id = 1
        for part, bins in stock.items():
            for i, (on_hand, reserved) in enumerate(bins):
                rows.setdefault(part, []).append(
                    BinStock(next_id, part, f"{part}-{i}", on_hand, min(reserved, on_hand))
                )
                next_id += 1
        return rows

    bins = st.lists(st.tuples(st.integers(0, 6), st.integers(0, 6)), max_size=3)
    return st.dictionaries(st.sampled_from(sorted(COMPONENTS)), bins).map(build)


def free(rows: dict[str, list[BinStock]], part: str) -> int:
    return sum(r.available for r in rows.get(part, ()))


def buildable_oracle(part: str, qty: int, avail: dict[str, int]) -> int:
    """Units of `part` obtainable greedily (stock first, then builds), by brute force over
    this tiny fixed structure."""
    got = min(qty, avail.get(part, 0))
    avail[part] = avail.get(part, 0) - got
    comp = COMPONENTS[part]
    for _ in range(qty - got):
        trial = dict(avail)
        if comp.made_of and all(
            buildable_oracle(sub.part, sub.qty, trial) == sub.qty for sub in comp.made_of
        ):
            avail.clear()
            avail.update(trial)
            got += 1
        else:
            break
    return got


@settings(max_examples=300, deadline=None)
@given(
    rows=rows_strategy(),
    need=st.dictionaries(st.sampled_from(sorted(COMPONENTS)), st.integers(1, 5), min_size=1),
)
def test_plan_never_over_takes_and_matches_the_oracle(
    rows: dict[str, list[BinStock]], need: dict[str, int]
) -> None:
    plan = plan_allocation(need, rows, COMPONENTS)
    by_id = {r.stock_id: r for bins in rows.values() for r in bins}
    taken: dict[str, int] = {}
    for take in plan.takes:
        assert 0 < take.qty <= by_id[take.stock_id].available
        assert take.part == by_id[take.stock_id].part
        taken[take.part] = taken.get(take.part, 0) + take.qty
    assert len({t.stock_id for t in plan.takes}) == len(plan.takes)
    avail = {part: free(rows, part) for part in COMPONENTS}
    for part in sorted(need):
        expected = buildable_oracle(part, need[part], avail)
        line = next(ln for ln in plan.lines if ln.part == part and ln.parent is None)
        assert line.short == need[part] - expected
        assert line.built <= line.qty
    for part, qty in taken.items():  # everything taken is accounted for in the lines
        assert qty == sum(ln.qty - ln.short - ln.built for ln in plan.lines if ln.part == part)
