"""A bill-of-material function fast enough to run for every option on every click.

The rule engine's `bill_of_materials` evaluates every `[[bom]]` condition from its expression
tree on each call (about 5 ms for the demo catalog's 72 entries), and the option impacts need
one BOM per option. A condition only looks at a few "one"/"optional" groups, so its value for
every combination of their picks (each option, none, or not decided yet) is tabulated once per
catalog with the rule engine's own evaluator; a call is then one dictionary lookup per entry.
Conditions on "many" groups, or over too many combinations, are evaluated as before. The result
is the same dictionary, in the same order (a property test compares the two).
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import product
from math import prod
from threading import Lock

from configurator.catalog.model import Catalog, GroupKind, PartQty, Picks
from configurator.rules.ast import Expr, Literal, referenced_groups
from configurator.rules.bom import bill_of_materials, parse_cached, picks_env
from configurator.rules.evaluate import specialize, truth

_UNDECIDED = "\x00undecided"
"""Table key of a group without a pick (cannot clash with an option id)."""

TABLE_LIMIT = 4096
"""Conditions over more combinations than this are evaluated per call instead."""


_Hit = tuple[int, tuple[PartQty, ...]]
"""An applying `[[bom]]` entry: its position in the catalog and the parts it adds."""


class FastBom:
    """`bill_of_materials(catalog, picks)` with the `[[bom]]` conditions tabulated: entries
    that read the same groups share one table, so a call costs one lookup per distinct set of
    groups (the demo catalog's 72 entries read 17 distinct sets)."""

    __slots__ = (
        "_always",
        "_catalog",
        "_dynamic",
        "_dynamic_groups",
        "_dynamic_memo",
        "_groups",
        "_options",
        "_tables",
    )

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._groups = {group.id: group for group in catalog.groups}
        self._options = {
            group.id: {option.id: option.components for option in group.options}
            for group in catalog.groups
        }
        always: list[_Hit] = []
        dynamic: list[tuple[int, Expr, tuple[PartQty, ...]]] = []
        by_groups: dict[tuple[str, ...], list[tuple[int, Expr, tuple[PartQty, ...]]]] = {}
        for index, entry in enumerate(catalog.bom):
            if entry.when is None:
                always.append((index, entry.add))
                continue
            expr = parse_cached(entry.when)
            names = tuple(sorted(referenced_groups(expr)))
            groups = [self._groups.get(name) for name in names]
            if any(g is None or g.kind is GroupKind.MANY for g in groups) or (
                prod(len(g.options) + 2 for g in groups if g is not None) > TABLE_LIMIT
            ):
                dynamic.append((index, expr, entry.add))
            else:
                by_groups.setdefault(names, []).append((index, expr, entry.add))
        tables: list[tuple[tuple[str, ...], dict[tuple[str | None, ...], tuple[_Hit, ...]]]] = []
        for names, entries in by_groups.items():
            domains = [self._domain(name) for name in names]
            table: dict[tuple[str | None, ...], tuple[_Hit, ...]] = {}
            for combo in product(*domains):
                picks = {n: v for n, v in zip(names, combo, strict=True) if v != _UNDECIDED}
                env = picks_env(catalog, picks)
                table[combo] = tuple(
                    (index, add)
                    for index, expr, add in entries
                    if _true(specialize(expr, self._groups, env))
                )
            tables.append((names, table))
        self._always = tuple(always)
        self._tables = tuple(tables)
        self._dynamic = tuple(dynamic)
        self._dynamic_groups = tuple(
            sorted({name for _i, expr, _a in dynamic for name in referenced_groups(expr)})
        )
        """Groups the per-call conditions read: only these go into their environment."""
        self._dynamic_memo: dict[tuple[object, ...], tuple[_Hit, ...]] = {}
        """Their hits per combination of those groups' picks seen so far."""

    def _domain(self, name: str) -> list[str | None]:
        group = self._groups[name]
        none: list[str | None] = [None] if group.kind is GroupKind.OPTIONAL else []
        return [_UNDECIDED, *(o.id for o in group.options), *none]

    def _valid(self, picks: Picks) -> bool:
        for group_id, pick in picks.items():
            group = self._groups.get(group_id)
            if group is None:
                return False
            options = self._options[group_id]
            if group.kind is GroupKind.MANY:
                if not isinstance(pick, Mapping) or not all(o in options for o in pick):
                    return False
            elif pick is None:
                if group.kind is GroupKind.ONE:
                    return False
            elif not isinstance(pick, str) or pick not in options:
                return False
        return True

    def _dynamic_hits(self, picks: Picks) -> tuple[_Hit, ...]:
        key = tuple(_frozen(picks.get(name, _UNDECIDED)) for name in self._dynamic_groups)
        found = self._dynamic_memo.get(key)
        if found is None:
            env = picks_env(
                self._catalog, {g: picks[g] for g in self._dynamic_groups if g in picks}
            )
            found = tuple(
                (index, add)
                for index, expr, add in self._dynamic
                if _true(specialize(expr, self._groups, env))
            )
            if len(self._dynamic_memo) >= TABLE_LIMIT:
                self._dynamic_memo.clear()
            self._dynamic_memo[key] = found
        return found

    def __call__(self, catalog: Catalog, picks: Picks) -> dict[str, int]:
        if catalog is not self._catalog or not self._valid(picks):
            return bill_of_materials(catalog, picks)  # another catalog, or its PicksError
        parts: dict[str, int] = {}
        for group in self._catalog.groups:
            pick = picks.get(group.id)
            if pick is None:
                continue
            chosen = pick.items() if isinstance(pick, Mapping) else ((pick, 1),)
            options = self._options[group.id]
            for option_id, qty in chosen:
                if int(qty) <= 0:
                    continue
                for component in options[option_id]:
                    parts[component.part] = parts.get(component.part, 0) + component.qty * int(qty)
        hits: list[_Hit] = list(self._always)
        for names, table in self._tables:
            hits.extend(table[tuple(picks.get(name, _UNDECIDED) for name in names)])  # type: ignore[misc]
        if self._dynamic:
            hits.extend(self._dynamic_hits(picks))
        hits.sort(key=_position)
        for _index, add in hits:
            for component in add:
                parts[component.part] = parts.get(component.part, 0) + component.qty
        return parts


def _frozen(pick: object) -> object:
    """A pick as a memo key: a "many" multiset becomes sorted (option, qty) pairs."""
    if isinstance(pick, Mapping):
        return tuple(sorted((o, int(q)) for o, q in pick.items() if int(q) > 0))
    return pick


def _true(value: Expr) -> bool:
    return isinstance(value, Literal) and truth(value.value)


def _position(hit: _Hit) -> int:
    return hit[0]


_CACHE: list[FastBom] = []
_LOCK = Lock()


def fast_bom(catalog: Catalog) -> FastBom:
    """The tabulated BOM function of `catalog`, built once per catalog object."""
    with _LOCK:
        for known in _CACHE:
            if known._catalog is catalog:
                return known
    made = FastBom(catalog)
    with _LOCK:
        _CACHE.insert(0, made)
        del _CACHE[4:]
    return made
