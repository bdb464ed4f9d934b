"""Immutable catalog model: what a loaded catalog file means, with no parsing and no solver.

Everything here is frozen so that an engine, a GUI view and a document renderer can share one
catalog object without copying it or guarding it. Source lines are kept so that every later
error (linter, engine, stale saved configuration) can point back into the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import TypeAlias, TypeVar

AttrValue: TypeAlias = bool | int | float | str
"""An option attribute value as TOML gives it (booleans, numbers, strings)."""

ManyPick: TypeAlias = Mapping[str, int]
"""Picks of a "many" group: option id -> quantity (a multiset)."""

PickValue: TypeAlias = str | ManyPick | None
"""One group's pick: an option id ("one"/"optional"), None for an explicit "none"
("optional" only), or a multiset ("many")."""

Picks: TypeAlias = Mapping[str, PickValue]
"""Group id -> pick. A group that is absent is *not decided yet*; that differs from None."""


class GroupKind(StrEnum):
    """How many options a group takes."""

    ONE = "one"
    OPTIONAL = "optional"
    MANY = "many"


class RuleKind(StrEnum):
    """Hard rules block a configuration; recommend rules only produce hints."""

    REQUIRE = "require"
    FORBID = "forbid"
    RECOMMEND = "recommend"


class TestExpectation(StrEnum):
    """What a catalog `[[tests]]` case expects of its picks."""

    __test__ = False  # not a pytest class

    INVALID = "invalid"
    VALID = "valid"  # can still be completed
    COMPLETE = "complete"


_K = TypeVar("_K")
_V = TypeVar("_V")


def _frozen_mapping(items: Mapping[_K, _V] | None = None) -> Mapping[_K, _V]:
    return MappingProxyType(dict(items or {}))


_Item = TypeVar("_Item", "Option", "Group")


def _first_by_id(items: tuple[_Item, ...]) -> Mapping[str, _Item]:
    """`items` by id, the first one of an id winning (as a front-to-back scan finds it)."""
    by_id: dict[str, _Item] = {}
    for item in items:
        by_id.setdefault(item.id, item)
    return by_id


@dataclass(frozen=True, slots=True)
class PartQty:
    """A pre-built part and how many of it (always >= 1)."""

    part: str
    qty: int = 1


@dataclass(frozen=True, slots=True)
class Option:
    """One choice inside a group."""

    id: str
    label: str
    price: Decimal
    default: bool = False
    components: tuple[PartQty, ...] = ()
    attrs: Mapping[str, AttrValue] = field(default_factory=_frozen_mapping)
    max_qty: int = 1
    """"many" groups only: how often the option may be taken."""
    line: int | None = None

    def attr(self, name: str) -> AttrValue | Decimal:
        """An attribute, with `price` (a Decimal) and `label` always present."""
        if name == "price":
            return self.price
        if name == "label":
            return self.label
        return self.attrs[name]

    def has_attr(self, name: str) -> bool:
        return name in ("price", "label") or name in self.attrs


@dataclass(frozen=True, slots=True)
class Group:
    """An option group; the order of groups in the catalog is the display order."""

    id: str
    label: str
    kind: GroupKind
    options: tuple[Option, ...]
    min: int = 1
    max: int = 1
    line: int | None = None
    _by_id: Mapping[str, Option] = field(init=False, repr=False, compare=False)
    """The options by id (the first of a duplicated id, like a scan): `option` and
    `has_option` run for every group of every configuration the rule engine or an order
    checks, a scan of the options each time."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", _first_by_id(self.options))

    def option(self, option_id: str) -> Option:
        """The option with this id; KeyError names the group when it does not exist."""
        found = self._by_id.get(option_id)
        if found is None:
            raise KeyError(f"group {self.id!r} has no option {option_id!r}")
        return found

    def has_option(self, option_id: str) -> bool:
        return option_id in self._by_id

    @property
    def default(self) -> Option | None:
        """The default option of a "one"/"optional" group, if any."""
        return next((o for o in self.options if o.default), None)


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule exactly as written; expressions are kept as source and compiled by `rules`."""

    id: str
    kind: RuleKind
    expression: str
    """The `require` or `forbid` expression (for recommend rules: `require` or `forbid`)."""
    message: str
    when: str | None = None
    forbid: bool = False
    """True when `expression` came from `forbid` (it must be false), else from `require`."""
    line: int | None = None

    @property
    def is_hard(self) -> bool:
        return self.kind is not RuleKind.RECOMMEND


@dataclass(frozen=True, slots=True)
class BomEntry:
    """Parts added when a combination holds (always, without `when`)."""

    add: tuple[PartQty, ...]
    when: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Component:
    """A pre-built part the workshop picks from a bin (or builds from `made_of`)."""

    id: str
    name: str
    bin: str
    lead_time_days: int
    steps: tuple[str, ...] = ()
    qc: tuple[str, ...] = ()
    slot: str | None = None
    made_of: tuple[PartQty, ...] = ()
    build_minutes: int | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class CatalogTest:
    """A regression case the catalog carries for its own linter."""

    picks: Picks
    expect: TestExpectation | None = None
    expect_excluded: Mapping[str, tuple[str, ...]] = field(default_factory=_frozen_mapping)
    id: str | None = None
    line: int | None = None

    @property
    def name(self) -> str:
        return self.id or f"picks {dict(self.picks)}"


@dataclass(frozen=True, slots=True)
class Catalog:
    """A whole catalog: groups in display order, rules, BOM additions, components, tests."""

    id: str
    name: str
    currency: str
    base_price: Decimal
    assembly_minutes: int
    groups: tuple[Group, ...]
    rules: tuple[Rule, ...] = ()
    bom: tuple[BomEntry, ...] = ()
    components: Mapping[str, Component] = field(default_factory=_frozen_mapping)
    tests: tuple[CatalogTest, ...] = ()
    source: Path | None = None
    version_hash: str = ""
    """sha256 of the file's bytes: frozen into orders so a later catalog change is detectable."""
    _by_id: Mapping[str, Group] = field(init=False, repr=False, compare=False)
    """The groups by id (the first of a duplicated id, like a scan), for `group` and
    `has_group`: see `Group._by_id`."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", _first_by_id(self.groups))

    def group(self, group_id: str) -> Group:
        found = self._by_id.get(group_id)
        if found is None:
            raise KeyError(f"catalog {self.id!r} has no group {group_id!r}")
        return found

    def has_group(self, group_id: str) -> bool:
        return group_id in self._by_id

    @property
    def slots(self) -> frozenset[str]:
        """Slots named by any component: every complete laptop takes one part of each."""
        return frozenset(c.slot for c in self.components.values() if c.slot)

    @property
    def short_version(self) -> str:
        return self.version_hash[:12]
