"""Configuration codes break only after ";"; headings and the code label never sit alone at
the bottom of a page."""

from __future__ import annotations

import io

import pytest
from reportlab.platypus import Spacer

from configurator.documents.layout import ShopDocTemplate, code_block
from configurator.documents.model import Paper
from configurator.documents.styles import styles
from configurator.documents.tables import TextBlock, wrap
from tests.documents import samples
from tests.documents.pdfread import read_pdf

CODE = (
    "aurora-2026:chassis=c14;processor=u7-255h;memory=m16;storage=ssd512;storage2=none;"
    "screen=oled;gpu=igpu;battery=b75;keyboard=de;colour=silver;os=win11home;warranty=w2;"
    "accessories=mouse*3"
)


@pytest.mark.parametrize("width", [120.0, 200.0, 330.0])
def test_code_breaks_only_after_semicolons(width: float) -> None:
    st = styles().muted
    lines = [line for line, _ in wrap(CODE, st.fontName, st.fontSize, width, ";")]
    assert "".join(lines) == CODE
    assert all(line.endswith(";") for line in lines[:-1])
    assert all(w <= width for _, w in wrap(CODE, st.fontName, st.fontSize, width, ";"))


def _pages(paper: Paper, filler: float, *story: object) -> list[str]:
    out = io.BytesIO()
    template = ShopDocTemplate(out, paper=paper, shop=samples.SHOP, title="Quote Q-1")
    template.render([Spacer(1, filler), *story])
    return read_pdf(out.getvalue()).pages


@pytest.mark.parametrize("paper", [Paper.A4, Paper.LETTER])
def test_code_label_stays_with_the_code(paper: Paper) -> None:
    frame = ShopDocTemplate(io.BytesIO(), paper=paper, shop=samples.SHOP, title="x").height
    pages = _pages(paper, frame - 12, code_block(CODE))  # room for one line only
    assert "Configuration code" not in pages[0]
    assert "Configuration code aurora-2026:chassis=c14;" in pages[1]


def test_heading_moves_with_its_text() -> None:
    st = styles()
    frame = ShopDocTemplate(io.BytesIO(), paper=Paper.A4, shop=samples.SHOP, title="x").height
    pages = _pages(
        Paper.A4,
        frame - 30,
        TextBlock("Notes", st.heading),
        TextBlock("first line\nsecond line\nthird line", st.body),
    )
    assert "Notes" not in pages[0]
    assert "Notes first line" in pages[1]


@pytest.mark.parametrize(
    ("lines", "room", "first_page"),
    [
        (5, 4, 3),  # two lines go along to the next page
        (5, 1, 0),  # one line alone at the bottom: the text moves on whole
        (3, 2, 0),  # one line alone at the top of the next page: moves on whole
        (6, 4, 4),
    ],
)
def test_no_single_line_of_a_text_alone_on_a_page(lines: int, room: int, first_page: int) -> None:
    st = styles().body
    frame = ShopDocTemplate(io.BytesIO(), paper=Paper.A4, shop=samples.SHOP, title="x").height
    text = "\n".join(f"line{n}" for n in range(1, lines + 1))
    pages = _pages(Paper.A4, frame - room * st.leading - 0.5, TextBlock(text, st))
    on_first = [n for n in range(1, lines + 1) if f"line{n} " in pages[0] + " "]
    assert on_first == list(range(1, first_page + 1))
    assert all(f"line{n}" in pages[1] for n in range(first_page + 1, lines + 1))
