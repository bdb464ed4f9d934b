"""Helpers shared by the catalog tests: mutate the mini catalog, find lines, pick diagnostics."""

from __future__ import annotations

from dataclasses import dataclass

from configurator.catalog.diagnostics import Diagnostic, Severity
from configurator.catalog.loader import CatalogReport, check_catalog_text
from tests.helpers.catalogs import MINI_CATALOG

SOURCE = "shop/catalog.toml"


def mutate(*pairs: tuple[str, str], text: str = MINI_CATALOG) -> str:
    """Replace the first occurrence of each `old` with `new`; fails loudly if `old` is absent."""
    for old, new in pairs:
        assert old in text, f"test set-up: {old!r} is not in the catalog text"
        text = text.replace(old, new, 1)
    return text


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line that contains `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    assert len(hits) >= occurrence, f"test set-up: {needle!r} occurs {len(hits)} times"
    return hits[occurrence - 1]


def check(text: str, *, warnings: bool = True) -> CatalogReport:
    return check_catalog_text(text, SOURCE, warnings=warnings)


def only(report: CatalogReport, code: str) -> list[Diagnostic]:
    found = [d for d in report.diagnostics if d.code == code]
    assert found, f"no {code!r} among: " + "\n".join(d.format() for d in report.diagnostics)
    return found


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    code: str
    marker: str
    """A snippet of the line the error must point at (in the mutated text)."""
    subject: str
    words: tuple[str, ...] = ()
    """Words the message or hint must contain (what is wrong, how to fix it)."""
    occurrence: int = 1


def assert_error(case: Case) -> None:
    """The case's text has an error with its code at its line, naming its subject and words."""
    report = check(case.text, warnings=False)
    assert report.catalog is None
    found = only(report, case.code)
    expected_line = line_of(case.text, case.marker, case.occurrence) if case.marker else None
    matching = [d for d in found if d.line == expected_line]
    assert matching, f"expected line {expected_line}, got " + "; ".join(d.format() for d in found)
    diagnostic = matching[0]
    assert diagnostic.severity is Severity.ERROR
    assert diagnostic.file == SOURCE
    rendered = diagnostic.format()
    assert rendered.startswith(f"{SOURCE}:{expected_line}" if expected_line else SOURCE)
    if case.subject:
        assert diagnostic.subject == case.subject
    for word in case.words:
        assert word in rendered, f"{word!r} not in {rendered!r}"
    assert diagnostic.hint, "every error says how to fix it"
