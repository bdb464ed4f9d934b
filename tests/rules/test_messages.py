"""Rule messages never show a raw placeholder, even for groups that are not picked yet."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from configurator.catalog.loader import load_catalog
from configurator.catalog.model import GroupKind, PickValue
from configurator.paths import demo_catalog_path
from configurator.rules.engine import Engine
from configurator.rules.messages import ask_first, render_message, settled
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


# -- settled placeholders: the options known to fit may stand in for all that fit -------------

_ATTR_VALUES = st.sampled_from([1, 2, 3, "red", "blue", None])


@st.composite
def _settled_cases(draw: st.DrawFn) -> tuple[Any, str | None, list[int], list[int]]:
    numbers = st.lists(st.integers(0, 4), min_size=2, max_size=5)
    values = draw(st.one_of(numbers, st.lists(_ATTR_VALUES, min_size=2, max_size=5)))
    options = [option(f"o{i}", attrs={} if v is None else {"w": v}) for i, v in enumerate(values)]
    grp = group("g", options)
    attr = draw(st.sampled_from([None, "w", "label"]))
    known = draw(st.lists(st.integers(0, len(options) - 1), min_size=2, unique=True))
    extra = draw(st.lists(st.integers(0, len(options) - 1), unique=True))
    return grp, attr, sorted(known), sorted(set(known) | set(extra))


@given(_settled_cases())
@settings(max_examples=400, deadline=None)
def test_a_settled_placeholder_reads_the_same_for_every_larger_fitting_set(
    case: tuple[Any, str | None, list[int], list[int]],
) -> None:
    grp, attr, known, larger = case
    cat = catalog([grp])
    template = "{g}" if attr is None else f"{{g.{attr}}}"
    known_options = [grp.options[i] for i in known]
    if settled(grp, attr, known_options):
        text = render_message(template, cat, {}, {"g": known_options})
        assert text == render_message(template, cat, {}, {"g": [grp.options[i] for i in larger]})


def test_settled_placeholders() -> None:
    grp = group("g", [option(f"o{w}", attrs={"w": w}) for w in (1, 2, 3)])
    one, two, three = grp.options
    assert settled(grp, "label", [one, two])  # two labels: the group's words
    assert not settled(grp, "label", [one])  # one option: its own label, unless another fits
    assert settled(grp, "w", [one, three])  # "1 to 3" whatever else fits
    assert not settled(grp, "w", [one, two])  # "1 to 2" may become "1 to 3"


@st.composite
def _narrowed_cases(draw: st.DrawFn) -> tuple[Any, str | None, list[int], list[int], list[int]]:
    """A group, an attribute, and known <= between <= possible (option indexes)."""
    numbers = st.lists(st.integers(0, 4), min_size=1, max_size=5)
    values = draw(st.one_of(numbers, st.lists(_ATTR_VALUES, min_size=1, max_size=5)))
    options = [option(f"o{i}", attrs={} if v is None else {"w": v}) for i, v in enumerate(values)]
    grp = group("g", options)
    attr = draw(st.sampled_from([None, "w", "label"]))
    indexes = range(len(options))
    possible = sorted(draw(st.sets(st.sampled_from(indexes), min_size=1)))
    between = sorted(draw(st.sets(st.sampled_from(possible))))
    known = sorted(draw(st.sets(st.sampled_from(between)))) if between else []
    return grp, attr, known, between, possible


@given(_narrowed_cases())
@settings(max_examples=600, deadline=None)
def test_a_settled_placeholder_reads_the_same_for_every_fitting_set_still_possible(
    case: tuple[Any, str | None, list[int], list[int], list[int]],
) -> None:
    grp, attr, known, between, possible = case
    cat = catalog([grp])
    template = "{g}" if attr is None else f"{{g.{attr}}}"
    pick = grp.options.__getitem__
    if settled(grp, attr, [pick(i) for i in known], [pick(i) for i in possible]):
        text = render_message(template, cat, {}, {"g": [pick(i) for i in known]})
        assert text == render_message(template, cat, {}, {"g": [pick(i) for i in between]})


def test_settled_placeholders_with_options_ruled_out() -> None:
    grp = group("g", [option(f"o{w}", attrs={"w": w}) for w in (1, 2, 3)])
    one, two, three = grp.options
    assert settled(grp, "w", [one, two], [one, two])  # o3 cannot fit: "1 to 2" is final
    assert not settled(grp, "w", [one, two], [one, two, three])
    assert settled(grp, "label", [one], [one])  # the only option that may fit: its label
    assert not settled(grp, "label", [], [one])  # it may not fit either
    same = group("s", [option(f"s{i}", attrs={"w": 7}) for i in range(3)])
    assert settled(same, "w", [same.options[0]], same.options)  # "7" whatever else fits
    assert not settled(same, None, [same.options[0]], same.options)  # its label or the group's


def test_ask_first_puts_a_ranges_ends_first() -> None:
    grp = group("g", [option(f"o{w}", attrs={"w": w}) for w in (3, 1, 2, 5, 4)])
    order = ask_first(grp, ("w",))
    asked = sorted(order, key=order.__getitem__)
    assert set(asked[:2]) == {"o1", "o5"}  # the two ends, whatever their place
    assert ask_first(grp, ("label",)) == {o.id: i for i, o in enumerate(grp.options)}
