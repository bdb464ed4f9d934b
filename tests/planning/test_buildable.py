"""Buildable counts through made_of, checked against building one laptop at a time."""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import given, settings
from hypothesis import strategies as st

from configurator.catalog.model import Component, PartQty
from configurator.planning.buildable import TopConfiguration, buildable_now, max_buildable


def comp(pid: str, *made_of: tuple[str, int]) -> Component:
    return Component(
        id=pid,
        name=pid,
        bin="X",
        lead_time_days=5,
        made_of=tuple(PartQty(p, q) for p, q in made_of),
    )


COMPONENTS = {
    c.id: c
    for c in (
        comp("CHS"),
        comp("RAM"),
        comp("DSP", ("PNL", 1), ("BZL", 1), ("SCR", 4)),
        comp("KBD", ("KEYS", 1), ("SCR", 2)),
        comp("PNL"),
        comp("BZL"),
        comp("SCR"),
        comp("KEYS"),
    )
}
BOM = {"CHS": 1, "RAM": 2, "DSP": 1, "KBD": 1}


def test_plain_parts_limit_by_the_scarcest() -> None:
    count, limiting, built = max_buildable({"CHS": 1, "RAM": 2}, {"CHS": 5, "RAM": 8}, COMPONENTS)
    assert (count, limiting, built) == (4, ("RAM",), {})


def test_sub_assemblies_are_built_from_their_parts() -> None:
    stock = {"CHS": 10, "RAM": 20, "DSP": 1, "PNL": 3, "BZL": 10, "SCR": 100, "KBD": 10}
    count, limiting, built = max_buildable(BOM, stock, COMPONENTS)
    assert count == 4  # 1 display in stock + 3 built from the 3 panels
    assert limiting == ("PNL",)
    assert built == {"DSP": 3}


def test_shared_child_is_not_counted_twice() -> None:
    # 10 screws: each built display takes 4, each built keyboard 2 -> 1 laptop + 4 screws left
    stock = {"CHS": 9, "RAM": 99, "PNL": 9, "BZL": 9, "KEYS": 9, "SCR": 10}
    count, limiting, _ = max_buildable(BOM, stock, COMPONENTS)
    assert count == 1
    assert limiting == ("SCR",)


def test_empty_bom_and_unknown_parts() -> None:
    assert max_buildable({}, {"CHS": 3}, COMPONENTS) == (0, (), {})
    assert max_buildable({"MYSTERY": 1}, {}, COMPONENTS)[0] == 0
    assert max_buildable({"MYSTERY": 1}, {"MYSTERY": 2}, COMPONENTS)[0] == 2


def test_buildable_now_keeps_the_order_and_labels() -> None:
    configs = [
        TopConfiguration("c14-r7", 12, {"CHS": 1, "RAM": 2}, "Aurora 14, Ryzen 7"),
        TopConfiguration("c16-i9", 3, {"CHS": 1}),
    ]
    result = buildable_now(configs, {"CHS": 3, "RAM": 2}, COMPONENTS)
    assert [(b.code, b.label, b.units_ordered, b.count) for b in result] == [
        ("c14-r7", "Aurora 14, Ryzen 7", 12, 1),
        ("c16-i9", "c16-i9", 3, 3),
    ]


def one_at_a_time(bom: Mapping[str, int], stock: Mapping[str, int]) -> int:
    """The oracle: build laptops one by one, taking stock first and building what is out."""
    left = dict(stock)

    def take(part: str, qty: int) -> bool:
        have = left.get(part, 0)
        used = min(have, qty)
        left[part] = have - used
        missing = qty - used
        if missing == 0:
            return True
        recipe = COMPONENTS[part].made_of
        if not recipe:
            return False
        return all(take(entry.part, entry.qty * missing) for entry in recipe)

    built = 0
    while built < 200:
        if not all(take(part, qty) for part, qty in bom.items()):
            return built
        built += 1
    return built


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(st.sampled_from(sorted(COMPONENTS)), st.integers(0, 30)),
    st.dictionaries(st.sampled_from(["CHS", "RAM", "DSP", "KBD"]), st.integers(1, 3), min_size=1),
)
def test_count_matches_building_one_at_a_time(stock: dict[str, int], bom: dict[str, int]) -> None:
    count, limiting, _ = max_buildable(bom, stock, COMPONENTS)
    assert count == one_at_a_time(bom, stock)
    assert limiting  # something always stops the next one
