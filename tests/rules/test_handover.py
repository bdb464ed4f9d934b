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
