"""One case per error about meaning (expressions, placeholders, rules, [[tests]] cases): each
names the file, the line and the id at fault."""

from __future__ import annotations

import pytest

from tests.catalog.support import Case, assert_error, mutate

CASES = [
    Case(
        "expression that does not parse",
        mutate(("chassis.max_tdp_w >= processor", "chassis.max_tdp_w >= = processor")),
        "expression-syntax",
        "require = ",
        "rule cpu-cooling",
        ("does not parse", "column 22"),
    ),
    Case(
        "expression nested too deeply",
        mutate(
            (
                "forbid = \"gpu == 'rtx' and chassis == 'c13'\"",
                'forbid = "' + "(" * 400 + "gpu == 'rtx'" + ")" * 400 + '"',
            )
        ),
        "expression-syntax",
        "forbid = ",
        "rule gpu-needs-16",
        ("nested too deeply",),
    ),
    Case(
        "expression naming an unknown attribute",
        mutate(('when = "processor.tdp_w > 28"', 'when = "processor.tdp > 28"')),
        "expression-reference",
        'when = "processor.tdp > 28"',
        "rule cpu-cooling",
        ("tdp", "tdp_w"),
    ),
    Case(
        "expression naming an unknown option",
        mutate(("gpu == 'rtx' and chassis == 'c13'", "gpu == 'rtx' and chassis == 'c31'")),
        "expression-reference",
        "forbid = ",
        "rule gpu-needs-16",
        ("c31",),
    ),
    Case(
        "expression naming an unknown group",
        mutate(("when = \"gpu == 'rtx' or", "when = \"graphics == 'rtx' or")),
        "expression-reference",
        "graphics",
        "bom entry #1",
        ("graphics",),
    ),
    Case(
        "placeholder naming an unknown attribute",
        mutate(("{processor.tdp_w} W.", "{processor.tdpw} W.")),
        "bad-placeholder",
        "{processor.tdpw}",
        "rule cpu-cooling",
        ("tdpw", "{processor.tdp_w}"),
    ),
    Case(
        "placeholder naming an unknown group",
        mutate(("Customers with the {gpu.label}", "Customers with the {gfx.label}")),
        "bad-placeholder",
        "{gfx.label}",
        "rule gpu-memory-hint",
        ("names no group",),
    ),
    Case(
        "rule with require and forbid",
        mutate(('id = "gpu-needs-16"', 'id = "gpu-needs-16"\nrequire = "true"')),
        "bad-rule",
        "[[rules]]",
        "rule gpu-needs-16",
        ("both 'require' and 'forbid'",),
        occurrence=2,
    ),
    Case(
        "rule with neither require nor forbid",
        mutate(("forbid = \"gpu == 'rtx' and chassis == 'c13'\"\n", "")),
        "bad-rule",
        "[[rules]]",
        "rule gpu-needs-16",
        ("neither",),
        occurrence=2,
    ),
    Case(
        "rule without id",
        mutate(('id = "gpu-needs-16"\n', "")),
        "missing-key",
        "[[rules]]",
        "rule #2",
        ("no id",),
        occurrence=2,
    ),
    Case(
        "unknown test expectation",
        mutate(('expect = "invalid"', 'expect = "invlaid"')),
        "bad-test",
        'expect = "invlaid"',
        "test no-rtx-in-13",
        ('did you mean "invalid"',),
    ),
    Case(
        "test that checks nothing",
        mutate(('expect = "invalid"\n', "")),
        "bad-test",
        "[[tests]]",
        "test no-rtx-in-13",
        ("checks nothing",),
    ),
    Case(
        "none for a kind one group in test picks",
        mutate(('picks.memory = "m32"', 'picks.memory = "none"')),
        "bad-test",
        "picks.memory",
        "test full",
        ("cannot be picked as none",),
    ),
    Case(
        "unknown group in test picks",
        mutate(('picks = { processor = "h9" }', 'picks = { procesor = "h9" }')),
        "unknown-group",
        "procesor",
        "test h9-excludes-13",
        ("did you mean 'processor'",),
    ),
    Case(
        "unknown option in expect_excluded",
        mutate(
            ('expect_excluded = { chassis = ["c13"] }', 'expect_excluded = { chassis = ["c1"] }')
        ),
        "unknown-option",
        "expect_excluded",
        "test h9-excludes-13",
        ("c1",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_error_names_file_line_and_id(case: Case) -> None:
    assert_error(case)
