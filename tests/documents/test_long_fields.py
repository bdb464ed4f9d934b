"""Absurdly long header fields: shortened with "…" where a block cannot split, never a
reportlab LayoutError; a block that still cannot fit is a DocumentError naming it."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from reportlab.platypus import Spacer

from configurator.documents.format import DocumentError
from configurator.documents.layout import ShopDocTemplate
from configurator.documents.model import Paper
from configurator.documents.tables import Columns
from configurator.documents.writer import render_pdf, write_pdf
from tests.documents import samples
from tests.documents.pdfread import read_pdf

LONG = "W" * 2000


@pytest.mark.parametrize("paper", [Paper.A4, Paper.LETTER])
def test_unbroken_customer_name_and_number_are_shortened(paper: Paper) -> None:
    offer = replace(samples.OFFER, customer=replace(samples.CUSTOMER, name=LONG))
    for document in (
        replace(samples.QUOTE, offer=offer, quote_number="Q" * 2000),
        replace(samples.CONFIRMATION, offer=offer, order_number="9" * 2000),
        replace(samples.SHEET, customer_name=LONG, order_number="8" * 300),
    ):
        rendered = render_pdf(document, paper=paper)
        text = read_pdf(rendered.data).text
        assert "W…" in text
        assert LONG not in text


def test_block_taller_than_a_page_is_a_document_error_naming_it(tmp_path: Path) -> None:
    template = ShopDocTemplate(io.BytesIO(), paper=Paper.A4, shop=samples.SHOP, title="Quote Q-1")
    block = Columns([([Spacer(10, 2000)], 100, "LEFT")], field="customer details")
    with pytest.raises(DocumentError, match="the customer details is taller than a page"):
        template.render([block])


def test_layout_error_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("configurator.documents.layout.HEADER_LINES", 10_000)
    monkeypatch.setattr("configurator.documents.offer.HEADER_LINES", 10_000)
    offer = replace(samples.OFFER, customer=replace(samples.CUSTOMER, name=LONG * 3))
    with pytest.raises(DocumentError, match="customer and document details"):
        write_pdf(replace(samples.QUOTE, offer=offer), tmp_path / "q.pdf")
    assert list(tmp_path.iterdir()) == []
