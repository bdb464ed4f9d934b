"""Generated catalogs for the engine benchmark: laptop-sized rules at scale, reproducible by seed.

Every group is a "one" group with options o0..o9 carrying a numeric attribute `w`; rules are a
mix of pairwise exclusions, conditional requirements and numeric limits over two groups, the
shapes real catalogs use. The result is always satisfiable (checked by the benchmark).
"""

from __future__ import annotations

import random
from decimal import Decimal

from configurator.catalog.model import Catalog, Group, GroupKind, Option, Rule, RuleKind


def generated_catalog(n_groups: int, n_options: int, n_rules: int, seed: int = 7) -> Catalog:
    rng = random.Random(seed)
    groups = []
    for g in range(n_groups):
        options = tuple(
            Option(
                id=f"o{o}",
                label=f"Option {g}.{o}",
                price=Decimal(rng.randrange(0, 200)),
                attrs={"w": rng.randrange(0, 10)},
            )
            for o in range(n_options)
        )
        groups.append(Group(id=f"g{g}", label=f"Group {g}", kind=GroupKind.ONE, options=options))
    rules = []
    for r in range(n_rules):
        a, b = rng.sample(range(n_groups), 2)
        x, y = rng.randrange(n_options), rng.randrange(n_options)
        shape = rng.random()
        if shape < 0.6:
            rules.append(
                Rule(
                    id=f"r{r}",
                    kind=RuleKind.FORBID,
                    expression=f"g{a} == 'o{x}' and g{b} == 'o{y}'",
                    message=f"Option {a}.{x} does not go with {{g{b}.label}}.",
                    forbid=True,
                )
            )
        elif shape < 0.8:
            allowed = sorted(rng.sample(range(n_options), max(2, n_options // 2)))
            items = ", ".join(f"'o{i}'" for i in allowed)
            rules.append(
                Rule(
                    id=f"r{r}",
                    kind=RuleKind.REQUIRE,
                    when=f"g{a} == 'o{x}'",
                    expression=f"g{b} in [{items}]",
                    message=f"{{g{a}.label}} needs one of {items} in group {b}.",
                )
            )
        else:
            limit = rng.randrange(12, 18)
            rules.append(
                Rule(
                    id=f"r{r}",
                    kind=RuleKind.REQUIRE,
                    expression=f"g{a}.w + g{b}.w <= {limit}",
                    message=f"{{g{a}.label}} and {{g{b}.label}} exceed {limit}.",
                )
            )
    return Catalog(
        id=f"gen-{n_groups}x{n_options}-{n_rules}",
        name="Generated",
        currency="EUR",
        base_price=Decimal(0),
        assembly_minutes=30,
        groups=tuple(groups),
        rules=tuple(rules),
    )
