"""Warnings: shown by `catalog check`, never stop a catalog from loading."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from configurator.catalog.diagnostics import Severity
from configurator.catalog.loader import load_catalog_text
from tests.catalog.support import SOURCE, check, line_of, mutate, only
from tests.helpers.catalogs import MINI_CATALOG, catalog_toml, group, option, rule


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    code: str
    marker: str
    subject: str
    words: tuple[str, ...] = ()
    occurrence: int = 1


CASES = [
    Case(
        "misspelled key with a suggestion",
        mutate(('id = "c16"', 'id = "c16"\ndefualt = false')),
        "unknown-key",
        "defualt",
        "option chassis.c16",
        ("'defualt'", "did you mean 'default'?"),
    ),
    Case(
        "unknown top-level table",
        mutate(("[[tests]]", "[extras]\nfoo = 1\n\n[[tests]]")),
        "unknown-key",
        "[extras]",
        "",
        ("'extras'", "known keys"),
    ),
    Case(
        "rule without message",
        mutate(('message = "The RTX card only fits the 16-inch chassis."\n', "")),
        "missing-message",
        "[[rules]]",
        "rule gpu-needs-16",
        ("no message",),
        occurrence=2,
    ),
    Case(
        "component nobody uses",
        mutate(
            (
                "[components.PSU-65]",
                '[components.SPARE]\nname = "Spare"\nbin = "Z"\n'
                "lead_time_days = 1\n\n[components.PSU-65]",
            )
        ),
        "unused-component",
        "[components.SPARE]",
        "component SPARE",
        ("no option",),
    ),
    Case(
        "max that the options cannot reach",
        mutate(("min = 1\nmax = 3", "min = 1\nmax = 9")),
        "max-unreachable",
        "max = 9",
        "group ports",
        ("at most 4",),
    ),
    Case(
        "build minutes without parts",
        mutate(('name = "Bezel 16"', 'name = "Bezel 16"\nbuild_minutes = 5')),
        "build-without-parts",
        "build_minutes = 5",
        "component BZL-16",
        ("made_of",),
    ),
    Case(
        "attribute with different types",
        mutate(("attrs = { gb = 32 }", 'attrs = { gb = "32" }')),
        "attr-type-mismatch",
        'attrs = { gb = "32" }',
        "option memory.m32",
        ("text here but a number in option m16",),
    ),
    Case(
        "placeholder for an attribute some options lack",
        mutate(
            ("attrs = { tdp_w = 28 }", "attrs = { tdp_w = 28, usb4 = true }"),
            ("with the {gpu.label} usually", "with the {gpu.label} and {processor.usb4} usually"),
        ),
        "placeholder-may-be-missing",
        "{processor.usb4}",
        "rule gpu-memory-hint",
        ("{processor.usb4}", "as written"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_warning_names_file_line_and_id(case: Case) -> None:
    report = check(case.text)
    assert not report.errors, [d.format() for d in report.errors]
    assert report.catalog is not None
    found = only(report, case.code)
    expected_line = line_of(case.text, case.marker, case.occurrence)
    matching = [d for d in found if d.line == expected_line]
    assert matching, f"expected line {expected_line}, got " + "; ".join(d.format() for d in found)
    diagnostic = matching[0]
    assert diagnostic.severity is Severity.WARNING
    rendered = diagnostic.format()
    assert rendered.startswith(f"{SOURCE}:{expected_line}")
    assert f": warning: {case.subject}" in rendered
    for word in case.words:
        assert word in rendered, f"{word!r} not in {rendered!r}"
    load_catalog_text(case.text, SOURCE)  # warnings never stop a catalog from loading


def test_the_mini_catalog_has_no_warnings() -> None:
    report = check(MINI_CATALOG)
    assert report.diagnostics == ()


def test_builder_catalog_is_clean() -> None:
    text = catalog_toml(
        [
            group("cpu", option("a", default=True), option("b")),
            group("ram", option("r8"), option("r16"), kind="optional"),
        ],
        [rule("no-b-with-r16", forbid="cpu == 'b' and ram == 'r16'")],
    )
    report = check(text)
    assert report.diagnostics == ()
