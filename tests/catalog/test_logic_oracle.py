"""The solver-backed findings against brute-force enumeration of small random catalogs."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from configurator.catalog.loader import parse_catalog_text
from configurator.catalog.model import Catalog, GroupKind
from configurator.rules.expressions import evaluate, parse
from tests.catalog.support import check
from tests.helpers.catalogs import catalog_toml, group, option, rule

Config = dict[str, str | None]


def _configs(catalog: Catalog) -> Iterator[Config]:
    domains: list[list[str | None]] = []
    for grp in catalog.groups:
        values: list[str | None] = [o.id for o in grp.options]
        if grp.kind is GroupKind.OPTIONAL:
            values.append(None)
        domains.append(values)
    for combo in itertools.product(*domains):
        yield {g.id: v for g, v in zip(catalog.groups, combo, strict=True)}


def _valid(catalog: Catalog) -> list[Config]:
    rules = [(parse(r.expression), r.forbid) for r in catalog.rules if r.is_hard]
    return [
        config
        for config in _configs(catalog)
        if all(evaluate(e, catalog, config) is (not forbid) for e, forbid in rules)
    ]


specs = st.lists(
    st.tuples(
        st.booleans(), st.integers(0, 2), st.integers(0, 2), st.integers(0, 2), st.integers(0, 2)
    ),
    min_size=0,
    max_size=6,
    unique=True,
)
CLEAN_SLOT = [1, 1, 1, 0, 0, 0, 0, 0]
"""Every "a" option takes one frame: the slot holds, and the option warnings get compared."""
slot_parts = st.lists(st.integers(0, 2), min_size=8, max_size=8)


@settings(max_examples=25, deadline=None)
@given(pairs=specs, clean=st.booleans(), random_parts=slot_parts)
def test_warnings_and_slot_errors_match_enumeration(
    pairs: list[tuple[bool, int, int, int, int]], clean: bool, random_parts: list[int]
) -> None:
    """Groups a, b (kind one, 3 options) and c (optional, 2 options); random rules that forbid
    a pair or one option; each option takes 0, 1 or 2 "frame" parts (the slot)."""
    parts = CLEAN_SLOT if clean else random_parts
    names = ["a", "b", "c"]
    option_ids = [("a", k) for k in range(3)] + [("b", k) for k in range(3)] + [("c", 0), ("c", 1)]
    frames = {f"{g}{k}": parts[i] for i, (g, k) in enumerate(option_ids)}

    def make(group_id: str, count: int) -> list[dict[str, object]]:
        return [
            option(f"o{k}", components=[f"P-{group_id}{k}"] + ["FRAME"] * frames[f"{group_id}{k}"])
            for k in range(count)
        ]

    rules = []
    for index, (pair, g1, x, g2, y) in enumerate(pairs):
        first, second = names[g1], names[(g1 + 1 + g2 % 2) % 3]
        x1 = min(x, 1) if first == "c" else x
        y1 = min(y, 1) if second == "c" else y
        if pair:
            rules.append(rule(f"r{index}", forbid=f"{first} == 'o{x1}' and {second} == 'o{y1}'"))
        else:
            rules.append(rule(f"r{index}", require=f"{first} != 'o{x1}'"))
    text = catalog_toml(
        [
            group("a", *make("a", 3)),
            group("b", *make("b", 3)),
            group("c", *make("c", 2), kind="optional"),
        ],
        rules,
        components={"FRAME": {"name": "Frame", "bin": "F", "lead_time_days": 1, "slot": "frame"}},
    )
    catalog = parse_catalog_text(text, "random.toml")
    valid = _valid(catalog)
    report = check(text)
    codes = {d.code for d in report.diagnostics}
    if not valid:
        assert "no-valid-configuration" in codes
        return
    frame_counts = {
        sum(frames[f"{g}{str(v)[1:]}"] for g, v in config.items() if v is not None)
        for config in valid
    }
    assert ("slot-violation" in codes) == (frame_counts != {1})
    if frame_counts != {1}:
        return
    dead = {d.subject for d in report.diagnostics if d.code == "dead-option"}
    forced = {d.subject for d in report.diagnostics if d.code == "forced-option"}
    expected_dead = {
        f"option {g}.o{k}"
        for g, k in option_ids
        if not any(config[g] == f"o{k}" for config in valid)
    }
    expected_forced = {
        f"option {g}.o{k}" for g, k in option_ids if all(config[g] == f"o{k}" for config in valid)
    }
    assert dead == expected_dead
    assert forced == expected_forced
