"""Rule messages never show a raw placeholder, even for groups that are not picked yet."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from configurator.catalog.loader import load_catalog
from configurator.catalog.model import GroupKind, PickValue
from configurator.paths import demo_catalog_path
from configurator.rules.engine import Engine
from configurator.rules.messages import render_message
from configurator.rules.state import ConfigState
from tests.rules.factory import catalog, group, option, rule

COOLING = (
    "The {processor.model} needs cooling for {processor.tdp_w} W; "
    "the {chassis.model} is rated for {chassis.max_tdp_w} W."
)


_BRACES = {"{", "}"}


def cooling_engine() -> Engine:
    chassis = group(
        "chassis",
        [
            option("c13", attrs={"model": "Air 13", "max_tdp_w": 45}),
            option("c16", attrs={"model": "Studio 16", "max_tdp_w": 65}),
        ],
    )
    processor = group(
        "processor",
        [
            option("u5", attrs={"model": "Ultra 5", "tdp_w": 15}),
            option("hx9", attrs={"model": "HX 9", "tdp_w": 55}),
            option("hx10", attrs={"model": "HX 10", "tdp_w": 65}),
        ],
    )
    gpu = group("gpu", [option("igpu"), option("dgpu")])
    rules = [
        rule("cooling", require="processor.tdp_w <= chassis.max_tdp_w", message=COOLING),
        rule(
            "dgpu-hx",
            forbid="gpu == 'dgpu' and processor.tdp_w < 55",
            message="The {gpu.model} needs an HX processor.",
        ),
    ]
    return Engine(catalog([chassis, processor, gpu], rules))


def test_undecided_group_is_filled_from_the_values_that_fit_the_picks() -> None:
    state = cooling_engine().state({"gpu": "dgpu"})
    explanation = state.option("chassis", "c13").explanation
    assert explanation is not None
    assert explanation.rules == ("cooling", "dgpu-hx")
    assert explanation.messages[0] == (
        "The processor needs cooling for 55 to 65 W; the Air 13 is rated for 45 W."
    )
    # gpu options have no "model": the picked option's label stands in.
    assert explanation.messages[1] == "The DGPU needs an HX processor."


def test_single_fitting_value_is_named() -> None:
    engine = cooling_engine()
    lone = render_message(
        COOLING,
        engine.catalog,
        {"chassis": engine.catalog.groups[0].options[0]},
        {"processor": [engine.catalog.groups[1].options[2]]},
    )
    assert lone == "The HX 10 needs cooling for 65 W; the Air 13 is rated for 45 W."


def test_label_wording_without_doubling_articles() -> None:
    engine = cooling_engine()
    cat = engine.catalog
    assert render_message("{processor.model} is hot.", cat, {}) == "The processor is hot."
    assert render_message("Cool the {chassis}.", cat, {}) == "Cool the chassis."
    assert render_message("It needs {chassis.model}.", cat, {}) == "It needs the chassis."
    assert render_message("Max {chassis.max_tdp_w} W.", cat, {}) == "Max 45 to 65 W."
    assert render_message("{nosuch.attr_x}", cat, {}) == "nosuch attr x"


def _single_pick_states(engine: Engine) -> Iterator[tuple[str, ConfigState]]:
    """Each option picked alone, and picked first with every default then picked by the
    clerk (defaults themselves exclude nothing, so this is how their rules get explained)."""
    yield "(no picks)", engine.state({})
    defaults = {g.id: g.default.id for g in engine.catalog.groups if g.default is not None}
    for g in engine.catalog.groups:
        values: list[str | None] = [o.id for o in g.options]
        if g.kind is GroupKind.OPTIONAL:
            values.append(None)
        for value in values:
            pick: PickValue = {value: 1} if g.kind is GroupKind.MANY and value else value
            yield f"{g.id}={value}", engine.state({g.id: pick})
            others = {k: v for k, v in defaults.items() if k != g.id}
            yield f"{g.id}={value} + defaults", engine.state({g.id: pick, **others})


@pytest.fixture(scope="module")
def demo_engine() -> Engine:
    return Engine(load_catalog(demo_catalog_path()))


def test_demo_catalog_single_picks_show_no_braces(demo_engine: Engine) -> None:
    texts = 0
    for where, state in _single_pick_states(demo_engine):
        for g in state.groups:
            for o in g.options:
                if o.explanation is None:
                    continue
                for message in o.explanation.messages:
                    texts += 1
                    assert not _BRACES & set(message), (where, o.option, message)
        for dropped in state.dropped:
            assert not _BRACES & set(dropped.reason), (where, dropped)
        for hint in state.hints:
            texts += 1
            assert not _BRACES & set(hint.message), (where, hint)
    assert texts > 500  # the walk really saw the demo's explanations and hints
