"""Groups and options are found by id through an index made with the (frozen) catalog: it
answers exactly like a scan of the groups and options, and a copy gets its own."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from configurator.catalog.model import Catalog, Group, GroupKind, Option


def _group(group_id: str, *option_ids: str, label: str = "") -> Group:
    options = tuple(Option(o, f"{label}{o}", Decimal(i)) for i, o in enumerate(option_ids))
    return Group(group_id, label or group_id, GroupKind.ONE, options)


def _catalog(*groups: Group) -> Catalog:
    return Catalog("c", "C", "EUR", Decimal(0), 10, groups)


def test_lookups_answer_like_a_scan() -> None:
    cpu, ram = _group("cpu", "i5", "i7"), _group("ram", "8", "16", "i5")
    catalog = _catalog(cpu, ram)
    for group in (cpu, ram):
        assert catalog.has_group(group.id)
        assert catalog.group(group.id) is group
        for option in group.options:
            assert group.has_option(option.id)
            assert group.option(option.id) is option
    assert not catalog.has_group("gpu")
    assert not cpu.has_option("8")
    with pytest.raises(KeyError, match="catalog 'c' has no group 'gpu'"):
        catalog.group("gpu")
    with pytest.raises(KeyError, match="group 'cpu' has no option '8'"):
        cpu.option("8")


def test_a_duplicated_id_finds_the_first_like_a_scan() -> None:
    """The loader refuses duplicated ids; a catalog built in code still answers like before."""
    first, second = _group("cpu", "a", label="first "), _group("cpu", "b", label="second ")
    assert _catalog(first, second).group("cpu") is first
    twice = Group(
        "g", "G", GroupKind.ONE, (Option("a", "one", Decimal(1)), Option("a", "two", Decimal(2)))
    )
    assert twice.option("a").label == "one"


def test_a_copy_with_other_groups_or_options_finds_its_own() -> None:
    catalog = _catalog(_group("cpu", "i5"))
    other = replace(catalog, groups=(_group("ram", "8"),))
    assert other.has_group("ram")
    assert not other.has_group("cpu")
    assert catalog.has_group("cpu")
    assert not catalog.has_group("ram")
    group = _group("cpu", "i5")
    moved = replace(group, options=(Option("i9", "i9", Decimal(9)),))
    assert moved.has_option("i9")
    assert not moved.has_option("i5")
    assert moved.option("i9").label == "i9"


def test_the_index_is_not_part_of_a_value() -> None:
    """Equality and repr are those of the fields as written."""
    one, two = _group("cpu", "i5", "i7"), _group("cpu", "i5", "i7")
    assert one == two
    assert "_by_id" not in repr(one)
    assert "_by_id" not in repr(_catalog(one))
    assert _catalog(one) == _catalog(two)
