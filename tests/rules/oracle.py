"""Brute-force truth about small catalogs: every configuration enumerated, no solver involved.

Each configuration of the *relaxed* space (many groups without their min/max) is stored with
the set of constraint units it breaks (rules, group min, group max), so questions with some
rules switched off (is an explanation minimal?) are set operations.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from configurator.catalog.model import Catalog, GroupKind, PickValue
from configurator.rules.bom import picks_env, rule_holds
from configurator.rules.state import Explanation, PickRef

Config = dict[str, PickValue]
Key = tuple[str, str]


def _values(catalog: Catalog, group_id: str) -> list[PickValue]:
    group = catalog.group(group_id)
    if group.kind is GroupKind.MANY:
        out: list[PickValue] = []
        for qtys in itertools.product(*(range(o.max_qty + 1) for o in group.options)):
            out.append({o.id: q for o, q in zip(group.options, qtys, strict=True) if q})
        return out
    values: list[PickValue] = [o.id for o in group.options]
    if group.kind is GroupKind.OPTIONAL:
        values.append(None)
    return values


def multiset(value: object) -> Mapping[str, int]:
    """A many group's pick (absent: empty)."""
    return value if isinstance(value, Mapping) else {}


@dataclass
class Oracle:
    catalog: Catalog
    configs: list[tuple[Config, frozenset[Key]]]
    all_keys: frozenset[Key]

    @classmethod
    def build(cls, catalog: Catalog) -> Oracle:
        ids = [g.id for g in catalog.groups]
        domains = [_values(catalog, g) for g in ids]
        keys: set[Key] = {("rule", r.id) for r in catalog.rules if r.is_hard}
        for group in catalog.groups:
            if group.kind is GroupKind.MANY:
                keys.add(("min", group.id))
                keys.add(("max", group.id))
        configs = []
        for values in itertools.product(*domains):
            config = dict(zip(ids, values, strict=True))
            env = picks_env(catalog, config)
            broken: set[Key] = set()
            for group in catalog.groups:
                if group.kind is GroupKind.MANY:
                    pick = config[group.id]
                    assert isinstance(pick, Mapping)
                    total = sum(pick.values())
                    if total < group.min:
                        broken.add(("min", group.id))
                    if total > group.max:
                        broken.add(("max", group.id))
            for rule in catalog.rules:
                if rule.is_hard and rule_holds(rule, catalog, env) is False:
                    broken.add(("rule", rule.id))
            configs.append((config, frozenset(broken)))
        return cls(catalog, configs, frozenset(keys))

    # -- matching ----------------------------------------------------------------------
    @staticmethod
    def matches(config: Config, picks: Mapping[str, PickValue]) -> bool:
        """`config` extends `picks` (many groups: at least the picked quantities)."""
        for group_id, pick in picks.items():
            value = config[group_id]
            if isinstance(pick, Mapping):
                assert isinstance(value, Mapping)
                if any(value.get(o, 0) < q for o, q in pick.items()):
                    return False
            elif value != pick:
                return False
        return True

    def valid_configs(self, keys: Iterable[Key] | None = None) -> Iterable[Config]:
        on = self.all_keys if keys is None else frozenset(keys)
        return (c for c, broken in self.configs if not broken & on)

    def consistent(self, picks: Mapping[str, PickValue], keys: Iterable[Key] | None = None) -> bool:
        return any(self.matches(c, picks) for c in self.valid_configs(keys))

    def count(self) -> int:
        return sum(1 for _ in self.valid_configs())

    def max_qty(self, picks: Mapping[str, PickValue], group_id: str, option_id: str) -> int:
        best = 0
        for config in self.valid_configs():
            if self.matches(config, picks):
                value = config[group_id]
                assert isinstance(value, Mapping)
                best = max(best, value.get(option_id, 0))
        return best

    def complete(self, picks: Mapping[str, PickValue]) -> bool:
        exact: Config = {}
        for group in self.catalog.groups:
            if group.kind is GroupKind.MANY:
                pick = picks.get(group.id, {})
                assert isinstance(pick, Mapping)
                exact[group.id] = {o: q for o, q in pick.items() if q}
            elif group.id not in picks:
                return False
            else:
                exact[group.id] = picks[group.id]
        return any(c == exact for c in self.valid_configs())

    # -- explanations ------------------------------------------------------------------
    def excludes(
        self,
        query: Mapping[str, PickValue],
        refs: Iterable[PickRef],
        keys: Iterable[Key],
        many_groups: frozenset[str],
    ) -> bool:
        constraints = dict(query)
        for ref in refs:
            if ref.group in many_groups:
                bucket = dict(multiset(constraints.get(ref.group)))
                assert ref.option is not None
                bucket[ref.option] = max(bucket.get(ref.option, 0), ref.qty)
                constraints[ref.group] = bucket
            else:
                constraints[ref.group] = ref.option
                if ref.group in query and query[ref.group] != ref.option:
                    return True
        return not self.consistent(constraints, keys)

    def check_explanation(
        self, query: Mapping[str, PickValue], explanation: Explanation
    ) -> str | None:
        """None when `explanation` excludes `query` and is minimal, else what is wrong."""
        many = frozenset(g.id for g in self.catalog.groups if g.kind is GroupKind.MANY)
        keys = [("rule", r) for r in explanation.rules]
        keys += [tuple(limit.split(":", 1)) for limit in explanation.limits]  # type: ignore[misc]
        refs = list(explanation.picks)
        if not self.excludes(query, refs, keys, many):
            return f"does not exclude {query}: {explanation}"
        for i in range(len(refs)):
            if self.excludes(query, refs[:i] + refs[i + 1 :], keys, many):
                return f"pick {refs[i]} is not needed: {explanation}"
        for i in range(len(keys)):
            if self.excludes(query, refs, keys[:i] + keys[i + 1 :], many):
                return f"{keys[i]} is not needed: {explanation}"
        return None
