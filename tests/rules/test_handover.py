"""The linter's compiled engine is handed over to the first user of the same catalog."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from configurator.catalog.loader import load_catalog_text
from configurator.rules import handover
from configurator.rules.engine import Engine
from configurator.rules.handover import engine_for, hand_over
from tests.rules.factory import catalog, group, option, rule
from tests.rules.sample_toml import LAPTOP_TOML as SAMPLE


@pytest.fixture(autouse=True)
def _empty() -> Iterator[None]:
    handover.forget()
    yield
    handover.forget()


def test_loading_a_catalog_hands_the_linters_engine_over_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compiled: list[Engine] = []
    original = Engine.__init__

    def counting(self: Engine, cat: object) -> None:
        original(self, cat)  # type: ignore[arg-type]
        compiled.append(self)

    monkeypatch.setattr(Engine, "__init__", counting)
    cat = load_catalog_text(SAMPLE)
    assert len(compiled) == 1  # the linter's
    engine = engine_for(cat)
    assert engine is compiled[0]  # no second compilation
    assert engine.state({}).groups
    again = engine_for(cat)  # taken once: a second user gets its own engine
    assert again is not engine
    assert len(compiled) == 2


def test_a_catalog_with_errors_hands_nothing_over() -> None:
    broken = catalog(
        [group("A", [option("a1"), option("a2")])],
        [rule("r", require="A == 'a1'"), rule("s", require="A == 'a2'")],
    )
    from configurator.catalog.linter import lint_catalog

    assert any(d.is_error for d in lint_catalog(broken))
    assert not handover._kept


def test_same_hash_but_other_content_is_not_handed_out() -> None:
    cat = load_catalog_text(SAMPLE)
    kept = next(iter(handover._kept.values()))
    changed = replace(cat, rules=cat.rules[:1])  # same version hash, different rules
    engine = engine_for(changed)
    assert engine is not kept
    assert engine.catalog is changed
    assert not handover._kept


def test_only_the_newest_engines_are_kept() -> None:
    engines = [Engine(catalog([group("A", [option(f"a{i}"), option("z")])], [])) for i in range(3)]
    for engine in engines:
        hand_over(engine)
    assert len(handover._kept) == handover.KEEP
    assert engine_for(engines[0].catalog) is not engines[0]  # pushed out (and freed)
    assert engine_for(engines[2].catalog) is engines[2]


def test_the_handed_over_engine_carries_no_linter_definitions() -> None:
    """The linter's questions define a helper variable per rule in the solvers; the engine
    the counter gets has the solvers of a newly compiled one, and answers as one does."""
    cat = load_catalog_text(SAMPLE)
    engine = engine_for(cat)
    fresh = Engine(cat)
    for mine, theirs in (
        (engine.sat.main, fresh.sat.main),
        (engine.sat.explain, fresh.sat.explain),
        (engine.sat.grouped, fresh.sat.grouped),
    ):
        assert mine.nof_vars() == theirs.nof_vars()
        assert mine.nof_clauses() == theirs.nof_clauses()
    assert engine.sat.witnesses  # what the linter's solves found is still known
    picks = {"chassis": "c13"}
    mine_state, their_state = engine.state(picks), fresh.state(picks)
    assert mine_state.to_dict() == their_state.to_dict()
    # The analysis questions still work (defining their helpers again) and agree.
    for r in cat.rules:
        assert engine.rule_can_fire(r) == fresh.rule_can_fire(r)
        assert engine.rule_is_implied(r) == fresh.rule_is_implied(r)


def test_clashing_pairs_are_explained_with_the_new_solvers() -> None:
    """A pair whose rules are found on first use asks the engine's solvers of that time."""
    cat = load_catalog_text(SAMPLE)
    engine = engine_for(cat)
    assert engine.pairs is not None
    pending = [pair for pair, keys in engine.pairs._rules.items() if keys is None]
    known = [pair for pair, keys in engine.pairs._rules.items() if keys is not None]
    for lit, partner in (pending or known)[:5]:
        engine.pairs._rules[lit, partner] = engine.pairs._rules[partner, lit] = None
        raw = engine.pairs.raw(lit, partner)
        assert raw is not None
        assert raw[0] == (partner,)
        assert raw[1]  # the rules that forbid the pair
