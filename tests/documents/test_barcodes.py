"""The order number as Code128 and QR: decoded from the rendered page, as a scanner would."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from configurator.documents.barcodes import code128, qr_code
from configurator.documents.writer import render_pdf, write_pdf
from tests.documents import samples
from tests.documents.pdfread import render_png


def _decode(pdf: Path, tmp_path: Path) -> dict[str, str]:
    png = render_png(pdf, tmp_path / "page", dpi=200, top_mm=60)
    with Image.open(png) as image:
        found = zxingcpp.read_barcodes(image.convert("L"))
    return {result.format.name: result.text for result in found}


@pytest.mark.parametrize("number", ["2026-00017", "2027-10342"])
def test_qr_and_code128_decode_to_the_order_number(tmp_path: Path, number: str) -> None:
    sheet = replace(samples.SHEET, order_number=number)
    pdf = write_pdf(sheet, tmp_path / "sheet.pdf").path
    decoded = _decode(pdf, tmp_path)
    assert decoded.get("QRCode") == number
    assert decoded.get("Code128") == number


def test_letter_paper_keeps_both_codes_readable(tmp_path: Path) -> None:
    from configurator.documents.model import Paper

    pdf = write_pdf(samples.SHEET, tmp_path / "sheet.pdf", paper=Paper.LETTER).path
    decoded = _decode(pdf, tmp_path)
    assert decoded == {"QRCode": "2026-00017", "Code128": "2026-00017"}


def test_non_ascii_order_number_keeps_the_qr_and_warns() -> None:
    sheet = replace(samples.SHEET, order_number="2026-00017-Ü")
    pdf = render_pdf(sheet)
    assert pdf.pages == 1
    assert any("Code128" in w for w in pdf.warnings)


def test_long_order_numbers_get_narrower_bars_or_only_the_qr(tmp_path: Path) -> None:
    from reportlab.lib.units import mm

    assert code128("2026-00017", max_width=53 * mm).width <= 53 * mm
    assert code128("Q-2026-00017", max_width=53 * mm).width <= 53 * mm
    long = replace(samples.SHEET, order_number="2026-00017-" + "X" * 40)
    pdf = write_pdf(long, tmp_path / "sheet.pdf")
    assert any("too long for a Code128" in w for w in pdf.warnings)
    assert _decode(pdf.path, tmp_path) == {"QRCode": long.order_number}


def test_barcodes_refuse_empty_values() -> None:
    with pytest.raises(ValueError, match="non-empty"):
        code128("", max_width=100)
    with pytest.raises(ValueError, match="non-empty"):
        qr_code("")
