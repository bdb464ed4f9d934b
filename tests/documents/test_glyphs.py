"""Characters DejaVu Sans lacks are printed as a visible replacement with a warning."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from configurator.documents.glyphs import REPLACEMENT, printable
from configurator.documents.writer import render_pdf, render_sheets
from tests.documents import samples
from tests.documents.pdfread import read_pdf
from tests.documents.test_cli_quote import _quote, catalog_file  # noqa: F401


def test_covered_text_is_unchanged_and_silent() -> None:
    warnings: list[str] = []
    assert printable("Zoë Ångström · Ωμέγα Жуков €", "customer name", warnings) == (
        "Zoë Ångström · Ωμέγα Жуков €"
    )
    assert warnings == []


def test_cjk_and_emoji_are_replaced_with_a_warning() -> None:
    offer = replace(
        samples.OFFER,
        customer=replace(samples.CUSTOMER, name="山田 太郎"),
        notes="Gift wrap please 🎁",
    )
    rendered = render_pdf(replace(samples.QUOTE, offer=offer))
    text = read_pdf(rendered.data).text
    assert f"{REPLACEMENT}{REPLACEMENT} {REPLACEMENT}{REPLACEMENT}" in text
    assert f"Gift wrap please {REPLACEMENT}" in text
    assert any("customer name" in w and "山" in w for w in rendered.warnings)
    assert any("notes" in w and "🎁" in w for w in rendered.warnings)


def test_assembly_sheets_warn_too() -> None:
    rendered = render_sheets([replace(samples.SHEET, customer_name="李 雷")])
    assert any("customer name" in w for w in rendered.warnings)
    assert f"{REPLACEMENT} {REPLACEMENT}" in read_pdf(rendered.data).text


def test_cli_prints_the_warning(
    catalog_file: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "q.pdf"
    picks = ("chassis=c14", "memory=m16", "keyboard=us")
    assert _quote(catalog_file, out, *picks, extra=("--customer", "王芳")) == 0
    assert (
        "warning: The customer name has characters the document font cannot print (王芳)"
        in capsys.readouterr().out
    )
