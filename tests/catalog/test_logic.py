"""The solver-backed checks: satisfiable at all, defaults, [[tests]], slots, and the warnings
about options and rules (dead, forced, never firing, implied)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from configurator.catalog.diagnostics import Severity
from configurator.catalog.linter_logic import blame
from configurator.catalog.loader import load_catalog_text, parse_catalog_text
from configurator.catalog.model import Catalog
from configurator.rules.expressions import evaluate, parse
from tests.catalog.support import SOURCE, check, line_of, mutate, only
from tests.helpers.catalogs import MINI_CATALOG, catalog_toml, group, option, rule

EXTRA_RULE = '[[rules]]\nid = "{id}"\n{body}\nmessage = "Extra."\n\n[[bom]]'


def with_rule(rule_id: str, body: str, text: str = MINI_CATALOG) -> str:
    """MINI_CATALOG with one more rule, placed before the [[bom]] entries."""
    return mutate(("[[bom]]", EXTRA_RULE.format(id=rule_id, body=body)), text=text)


def test_no_valid_configuration_names_the_contradicting_rules() -> None:
    text = with_rule("no-c13", "forbid = \"chassis == 'c13'\"")
    text = with_rule("no-c16", "forbid = \"chassis == 'c16'\"", text)
    report = check(text)
    diagnostic = only(report, "no-valid-configuration")[0]
    assert report.catalog is None
    assert "rule no-c13" in diagnostic.message
    assert "rule no-c16" in diagnostic.message
    assert "cpu-cooling" not in diagnostic.message, "the blamed rules are minimal"
    assert diagnostic.line == line_of(text, 'id = "no-c13"') - 1


def test_default_that_breaks_a_rule() -> None:
    text = with_rule("no-m16", "forbid = \"memory == 'm16'\"")
    report = check(text)
    diagnostic = only(report, "default-breaks-rule")[0]
    assert diagnostic.subject == "group memory"
    assert 'memory = "m16"' in diagnostic.message
    assert "rule no-m16" in diagnostic.message
    default_line = line_of(text, "default = true", 3)  # chassis, processor, memory
    assert diagnostic.line == default_line
    assert report.catalog is None


def test_failing_test_expecting_invalid() -> None:
    text = mutate(
        ('picks = { chassis = "c13", gpu = "rtx" }', 'picks = { chassis = "c16", gpu = "rtx" }')
    )
    diagnostic = only(check(text), "test-failed")[0]
    assert diagnostic.subject == "test no-rtx-in-13"
    assert "expected invalid" in diagnostic.message
    assert diagnostic.line == line_of(text, 'expect = "invalid"')


def test_failing_test_expecting_valid_names_the_rules() -> None:
    text = mutate(('expect = "invalid"', 'expect = "valid"'))
    diagnostic = only(check(text), "test-failed")[0]
    assert "expected valid" in diagnostic.message
    assert "rule gpu-needs-16" in diagnostic.message


def test_failing_test_expecting_complete() -> None:
    text = mutate(('picks.gpu = "none"\n', ""))
    diagnostic = only(check(text), "test-failed")[0]
    assert diagnostic.subject == "test full"
    assert "no pick for gpu" in diagnostic.message


def test_failing_expect_excluded() -> None:
    text = mutate(('picks = { processor = "h9" }', 'picks = { processor = "u5" }'))
    diagnostic = only(check(text), "test-failed")[0]
    assert "chassis.c13 to be excluded, but it is selectable" in diagnostic.message
    assert diagnostic.line == line_of(text, "expect_excluded")


def test_test_without_id_is_named_by_its_picks() -> None:
    text = mutate(('id = "no-rtx-in-13"\n', ""), ('gpu = "rtx" }', 'gpu = "none" }'))
    diagnostic = only(check(text), "test-failed")[0]
    assert diagnostic.subject == 'test #1 { chassis = "c13", gpu = "none" }'


def test_expect_excluded_in_a_many_group() -> None:
    """In a "many" group, excluded means "one more cannot be added"."""
    full = mutate(
        ('expect_excluded = { chassis = ["c13"] }', 'expect_excluded = { ports = ["hdmi"] }'),
        ('picks = { processor = "h9" }', 'picks = { processor = "h9", ports = { hdmi = 1 } }'),
    )
    assert check(full).diagnostics == ()  # hdmi has max_qty 1 and is taken
    room = mutate(
        ('expect_excluded = { chassis = ["c13"] }', 'expect_excluded = { ports = ["hdmi"] }')
    )
    diagnostic = only(check(room), "test-failed")[0]
    assert "ports.hdmi to be excluded, but it is selectable" in diagnostic.message


def test_slot_without_a_part() -> None:
    text = mutate(('[[bom]]\nwhen = "not (gpu', '[[bom]]\nwhen = "false and not (gpu'))
    report = check(text)
    diagnostic = only(report, "slot-violation")[0]
    assert "takes no part of slot 'adapter'" in diagnostic.message
    assert 'processor = "u5"' in diagnostic.message
    assert diagnostic.subject == "slot adapter"
    assert diagnostic.line == line_of(text, 'slot = "adapter"')


def test_slot_with_two_parts() -> None:
    text = mutate(
        ('components = ["CHS-16", "DSP-16"]', 'components = ["CHS-16", "DSP-16", "PSU-65"]')
    )
    diagnostic = only(check(text), "slot-violation")[0]
    assert "2 parts (PSU-140, PSU-65) of slot 'adapter'" in diagnostic.message
    assert 'chassis = "c16"' in diagnostic.message


def _warnings(text: str, code: str) -> dict[str | None, int | None]:
    report = check(text)
    assert not report.errors, [d.format() for d in report.errors]
    found = only(report, code)
    assert all(d.severity is Severity.WARNING for d in found)
    load_catalog_text(text, SOURCE)
    return {d.subject: d.line for d in found}


def _without_h9() -> str:
    text = with_rule("no-h9", "forbid = \"processor == 'h9'\"")
    return mutate(
        ('picks = { processor = "h9" }', 'picks = { processor = "u5" }'),
        ('expect_excluded = { chassis = ["c13"] }', 'expect_excluded = { processor = ["h9"] }'),
        ('picks.processor = "h9"', 'picks.processor = "u5"'),
        text=text,
    )


def test_dead_option_forced_option_and_rule_that_never_fires() -> None:
    text = _without_h9()
    dead = _warnings(text, "dead-option")
    assert dead == {"option processor.h9": line_of(text, "[[groups.processor.options]]", 2)}
    forced = _warnings(text, "forced-option")
    assert forced == {"option processor.u5": line_of(text, "[[groups.processor.options]]", 1)}
    never = _warnings(text, "rule-never-fires")
    assert never == {"rule cpu-cooling": line_of(text, "[[rules]]", 1)}


def test_dead_option_names_the_rules() -> None:
    text = with_rule("no-rtx-with-u5", "forbid = \"gpu == 'rtx' and processor == 'u5'\"")
    text = with_rule("no-rtx-with-h9", "forbid = \"gpu == 'rtx' and processor == 'h9'\"", text)
    text = text.replace('gpu = "rtx" }\nexpect = "invalid"', 'gpu = "none" }\nexpect = "valid"')
    report = check(text)
    diagnostic = only(report, "dead-option")[0]
    assert diagnostic.subject == "option gpu.rtx"
    assert "rule no-rtx-with-u5" in diagnostic.message
    assert "rule no-rtx-with-h9" in diagnostic.message


def test_rule_implied_by_others() -> None:
    text = with_rule(
        "narrower", "forbid = \"gpu == 'rtx' and chassis == 'c13' and memory == 'm16'\""
    )
    implied = _warnings(text, "rule-implied")
    assert implied == {"rule narrower": line_of(text, 'id = "narrower"') - 1}


def test_load_skips_the_expensive_warnings() -> None:
    text = _without_h9()
    assert check(text, warnings=False).diagnostics == ()
    assert len(check(text, warnings=True).diagnostics) == 3


# -- blame (QuickXPlain) against brute force ---------------------------------------------------


def _brute_sat(catalog: Catalog, rule_ids: set[str]) -> bool:
    """Whether some complete configuration satisfies the given rules (all groups kind one)."""
    rules = [r for r in catalog.rules if r.id in rule_ids]
    parsed = [(parse(r.expression), r.forbid) for r in rules]
    domains = [[o.id for o in g.options] for g in catalog.groups]
    for combo in itertools.product(*domains):
        picks = {g.id: o for g, o in zip(catalog.groups, combo, strict=True)}
        if all(evaluate(expr, catalog, picks) is (not forbid) for expr, forbid in parsed):
            return True
    return False


_rule_specs = st.lists(
    st.tuples(st.booleans(), st.integers(0, 2), st.integers(0, 2), st.integers(0, 2)),
    min_size=1,
    max_size=8,
    unique=True,
)


@settings(max_examples=30, deadline=None)
@given(specs=_rule_specs)
def test_blame_is_a_minimal_conflict(specs: list[tuple[bool, int, int, int]]) -> None:
    """Oracle: enumeration of all 27 configurations of three 3-option groups."""
    groups = [group(f"g{n}", *(option(f"o{k}") for k in range(3))) for n in range(3)]
    rules = [
        rule(f"r{i}", forbid=f"g{a} == 'o{x}' and g{(a + 1) % 3} == 'o{y}'")
        if pair
        else rule(f"r{i}", require=f"g{a} != 'o{x}'")
        for i, (pair, a, x, y) in enumerate(specs)
    ]
    text = catalog_toml(groups, rules)
    catalog = parse_catalog_text(text, "random.toml")
    every = {r.id for r in catalog.rules}
    culprits = {r.id for r in blame(catalog, {})}
    report = check(text, warnings=False)
    if _brute_sat(catalog, every):
        assert culprits == set()
        assert report.catalog is not None
        return
    assert culprits
    assert not _brute_sat(catalog, culprits)
    for dropped in culprits:
        assert _brute_sat(catalog, culprits - {dropped}), "dropping any rule resolves it"
    diagnostic = only(report, "no-valid-configuration")[0]
    named = {word.strip(",") for word in diagnostic.message.split() if word.startswith("r")}
    assert {n for n in named if n[1:].isdigit()} == culprits


def test_only_the_first_dead_options_are_blamed() -> None:
    """Naming the rules costs engine compilations: the first ten dead options get them."""
    options = [option(f"o{k}", default=k == 0) for k in range(13)]
    rules = [rule(f"no-o{k}", forbid=f"a == 'o{k}'") for k in range(1, 13)]
    report = check(catalog_toml([group("a", *options)], rules))
    dead = [d.message for d in report.diagnostics if d.code == "dead-option"]
    assert dead[:10] == [
        f"the option can never be picked: rule no-o{k} (line {line}) rule it out"
        for k, line in zip(range(1, 11), _rule_lines(report), strict=False)
    ]
    assert dead[10:] == ["the option can never be picked"] * 2


def _rule_lines(report: object) -> list[int]:
    from configurator.catalog.loader import CatalogReport

    assert isinstance(report, CatalogReport)
    assert report.catalog is not None
    return [r.line or 0 for r in report.catalog.rules]


def test_constant_rule_that_rules_out_everything() -> None:
    text = mutate(("forbid = \"gpu == 'rtx' and chassis == 'c13'\"", 'forbid = "true"'))
    diagnostic = only(check(text), "no-valid-configuration")[0]
    assert "rule gpu-needs-16" in diagnostic.message
    assert "can never hold" in diagnostic.message


def test_complete_test_may_leave_out_a_many_group_with_min_0() -> None:
    text = mutate(
        ("min = 1\nmax = 3", "min = 0\nmax = 3"), ("picks.ports = { usbc = 2, hdmi = 1 }\n", "")
    )
    assert check(text).diagnostics == ()
    needs_one = mutate(("picks.ports = { usbc = 2, hdmi = 1 }\n", ""))
    diagnostic = only(check(needs_one), "test-failed")[0]
    assert "expected complete, but the picks are not complete" in diagnostic.message


def test_expect_excluded_none_of_an_optional_group() -> None:
    forced_gpu = with_rule("gpu-for-m32", 'when = "memory == \'m32\'"\nrequire = "gpu != none"')
    holds = mutate(
        ('picks = { processor = "h9" }', 'picks = { memory = "m32" }'),
        ('expect_excluded = { chassis = ["c13"] }', 'expect_excluded = { gpu = ["none"] }'),
        ('picks.gpu = "none"', 'picks.gpu = "rtx"'),
        text=forced_gpu,
    )
    assert check(holds).diagnostics == ()
    fails = mutate(
        ('expect_excluded = { chassis = ["c13"] }', 'expect_excluded = { gpu = ["none"] }')
    )
    diagnostic = only(check(fails), "test-failed")[0]
    assert "gpu.none to be excluded, but it is selectable" in diagnostic.message


def test_engine_recursion_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rules deep enough to exhaust Python's stack in the compiler are reported, not raised."""
    import configurator.rules.engine as engine_module

    def too_deep(catalog: Catalog) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(engine_module, "Engine", too_deep)
    diagnostic = only(check(MINI_CATALOG), "too-complex")[0]
    assert diagnostic.line == line_of(MINI_CATALOG, "[[rules]]")
    assert diagnostic.hint


def test_defaults_that_do_not_fit_together() -> None:
    text = mutate(
        (
            'id = "u5"\nlabel = "Core Ultra 5"\nprice = "0.00"\ndefault = true',
            'id = "u5"\nlabel = "Core Ultra 5"\nprice = "0.00"',
        ),
        (
            'id = "h9"\nlabel = "Core Ultra 9 H"',
            'id = "h9"\nlabel = "Core Ultra 9 H"\ndefault = true',
        ),
    )
    found = _warnings(text, "default-not-applied")
    assert found == {"group processor": line_of(text, "default = true", 2)}
    diagnostic = only(check(text), "default-not-applied")[0]
    assert 'processor = "h9"' in diagnostic.message
    assert "rule cpu-cooling" in diagnostic.message
