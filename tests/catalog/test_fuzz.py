"""Whatever a product manager types, checking a catalog reports problems and never crashes."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from configurator.catalog.loader import check_catalog_text
from tests.helpers.catalogs import MINI_CATALOG

LINES = MINI_CATALOG.splitlines()
SNIPPETS = [
    "",
    "[[rules]]",
    "[groups.x]",
    "[[groups.chassis.options]]",
    'id = "c13"',
    'id = "none"',
    "default = true",
    'kind = "many"',
    "min = 2",
    "max = 0",
    "max_qty = -1",
    'price = "-5"',
    "price = 5",
    'when = "chassis.size_in >"',
    "require = \"count(ports) > 2 and 'hdmi' in ports\"",
    'forbid = "sum(ports.price) > 20"',
    'forbid = "true"',
    'require = "false"',
    "require = \"qty(ports, 'usbc') >= 2 or gpu == none\"",
    "when = \"chassis.has('max_tdp_w')\"",
    'components = [{ part = "CHS-13", qty = 0 }]',
    'made_of = ["CHS-13"]',
    'slot = "display"',
    'picks = { gpu = "none", ports = ["usbc", "usbc"] }',
    'expect = "complete"',
    'expect_excluded = { memory = ["m32"] }',
    "attrs = { tdp_w = 'x' }",
    "attrs = { tdp_w = inf, size_in = nan }",
    'message = "{chassis.nope} {gpu.tgp_w}"',
]

edit = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, len(LINES) - 1), st.just("")),
    st.tuples(st.just("insert"), st.integers(0, len(LINES)), st.sampled_from(SNIPPETS)),
    st.tuples(st.just("replace"), st.integers(0, len(LINES) - 1), st.sampled_from(SNIPPETS)),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(edits=st.lists(edit, min_size=1, max_size=4))
def test_edited_catalog_never_crashes_the_checker(edits: list[tuple[str, int, str]]) -> None:
    lines = list(LINES)
    for action, position, snippet in edits:
        at = min(position, len(lines) - 1) if lines else 0
        if action == "delete" and lines:
            del lines[at]
        elif action == "insert":
            lines.insert(at, snippet)
        elif lines:
            lines[at] = snippet
    report = check_catalog_text("\n".join(lines), "edited.toml")
    assert (report.catalog is not None) == (not report.errors)
    for diagnostic in report.diagnostics:
        assert diagnostic.message
        assert diagnostic.file == "edited.toml"
        if diagnostic.is_error:
            assert diagnostic.hint
