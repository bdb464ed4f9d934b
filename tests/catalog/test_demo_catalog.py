"""The demo catalog shipped in resources/ passes every check, warnings included."""

from __future__ import annotations

from configurator.catalog.loader import check_catalog_file, load_catalog
from configurator.paths import demo_catalog_path


def test_demo_catalog_is_clean() -> None:
    report = check_catalog_file(demo_catalog_path())
    assert [d.format() for d in report.diagnostics] == []
    assert report.catalog is not None
    assert report.catalog.id == "aurora-2026"


def test_demo_catalog_loads() -> None:
    catalog = load_catalog(demo_catalog_path())
    assert catalog.tests, "the demo catalog documents its key rules with [[tests]]"
    assert catalog.slots >= {"chassis", "mainboard", "display", "keyboard", "battery", "adapter"}
