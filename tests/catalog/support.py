"""Helpers shared by the catalog tests: mutate the mini catalog, find lines, pick diagnostics."""

from __future__ import annotations

from configurator.catalog.diagnostics import Diagnostic
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
