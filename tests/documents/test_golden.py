"""Page 1 of every document compared with a committed low-resolution picture of it.

Catches layout regressions text read-back cannot see (overlaps, lost lines, a barcode that
moved). The pages are rendered with `pdftoppm -r 30` and compared with a tolerance for
anti-aliasing differences between poppler versions.

After an intended layout change, regenerate the pictures and look at them before committing:

    CONFIGURATOR_UPDATE_GOLDEN=1 pytest tests/documents/test_golden.py
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from configurator.documents.model import Document, Paper
from configurator.documents.writer import write_pdf
from tests.documents import samples
from tests.documents.pdfread import render_png

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("CONFIGURATOR_UPDATE_GOLDEN") == "1"
MAX_MEAN_DIFF = 1.5
"""Mean absolute difference per pixel (0-255) that anti-aliasing may cause."""
MAX_CHANGED_SHARE = 0.004
"""Share of pixels that may differ strongly (> 96 of 255)."""

CASES: dict[str, tuple[Document, Paper]] = {
    "quote-a4": (samples.QUOTE, Paper.A4),
    "confirmation-a4": (samples.CONFIRMATION, Paper.A4),
    "assembly-a4": (samples.SHEET, Paper.A4),
    "assembly-letter": (samples.SHEET, Paper.LETTER),
}


def difference(a: Image.Image, b: Image.Image) -> tuple[float, float]:
    """(mean absolute difference, share of strongly different pixels) of two greyscale images."""
    diff = ImageChops.difference(a.convert("L"), b.convert("L"))
    histogram = diff.histogram()
    total = sum(histogram)
    mean = sum(value * count for value, count in enumerate(histogram)) / total
    strong = sum(histogram[97:]) / total
    return mean, strong


@pytest.mark.parametrize("name", sorted(CASES))
def test_page_one_looks_like_the_golden_picture(name: str, tmp_path: Path) -> None:
    document, paper = CASES[name]
    pdf = write_pdf(document, tmp_path / f"{name}.pdf", paper=paper).path
    png = render_png(pdf, tmp_path / name, dpi=30)
    golden = GOLDEN / f"{name}.png"
    if UPDATE:
        shutil.copyfile(png, golden)
        return
    assert golden.is_file(), f"{golden} is missing: run with CONFIGURATOR_UPDATE_GOLDEN=1"
    with Image.open(png) as actual, Image.open(golden) as expected:
        assert actual.size == expected.size
        mean, strong = difference(actual, expected)
    assert mean <= MAX_MEAN_DIFF, f"{name}: mean difference {mean:.2f}"
    assert strong <= MAX_CHANGED_SHARE, f"{name}: {strong:.2%} of pixels changed"


def test_the_comparison_notices_a_real_change(tmp_path: Path) -> None:
    """The tolerance must not hide a moved block: a one-line shift of the page fails it."""
    pdf = write_pdf(samples.QUOTE, tmp_path / "q.pdf").path
    with Image.open(render_png(pdf, tmp_path / "q", dpi=30)) as page:
        shifted = ImageChops.offset(page, 0, 4)
        mean, strong = difference(page, shifted)
    assert mean > MAX_MEAN_DIFF or strong > MAX_CHANGED_SHARE
