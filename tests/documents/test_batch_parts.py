"""A batch rendered in parts on several cores and joined: still one valid PDF, same pages."""

from __future__ import annotations

import io
import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from configurator.documents import writer
from configurator.documents.merge import MergeError, join_pdfs
from configurator.documents.model import AssemblySheet, Paper
from configurator.documents.writer import render_pdf, render_sheets, write_sheets
from tests.documents import samples
from tests.documents.pdfread import read_pdf


def _batch(count: int) -> list[AssemblySheet]:
    """Sheets of one, and every fifth of several, pages; customers with non-ASCII names."""
    names = ["Zoë Müller", "Łukasz Wiśniewski", "Ελένη Παπαδοπούλου", "Søren Kierkegård"]
    return [
        replace(
            samples.long_sheet(45) if i % 5 == 2 else samples.SHEET,
            order_number=f"2026-{i + 1:05d}",
            customer_name=names[i % len(names)],
        )
        for i in range(count)
    ]


def _needs_fork() -> None:
    """Parts render in forked processes only on Linux in a process without other threads
    (a test session that started Qt has some): elsewhere the batch stays in one process."""
    if not writer._can_fork():
        pytest.skip("forking needs Linux and a process without other threads")


def _page_numbers(pages: list[str]) -> list[tuple[int, int]]:
    found = [re.search(r"Page (\d+) of (\d+)", page) for page in pages]
    assert all(found)
    return [(int(m[1]), int(m[2])) for m in found if m]


def test_parts_joined_equal_the_batch_rendered_in_one_piece(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sheets = _batch(9)
    whole = render_sheets(sheets, workers=1)
    monkeypatch.setattr(writer, "SHEETS_PER_PROCESS", 3)  # force three parts for 9 sheets
    _needs_fork()
    joined = render_sheets(sheets, workers=3)
    assert joined.pages == whole.pages == sum(render_pdf(s).pages for s in sheets)

    reader = PdfReader(io.BytesIO(joined.data), strict=True)
    assert len(reader.pages) == joined.pages
    assert reader.metadata is not None
    assert reader.metadata.title == "Assembly sheets (9 orders)"
    assert (reader.metadata.subject or "").endswith("2026-00008, 2026-00009")
    one, parts = read_pdf(whole.data), read_pdf(joined.data)
    assert parts.pages == one.pages  # same text on every page, in the same order
    expected = [(n, p) for s in sheets for p in [render_pdf(s).pages] for n in range(1, p + 1)]
    assert _page_numbers(parts.pages) == expected
    firsts = [i for i, (n, _) in enumerate(expected) if n == 1]
    for sheet, index in zip(sheets, firsts, strict=True):
        assert f"Order {sheet.order_number}" in parts.pages[index]
        assert sheet.customer_name in parts.pages[index]
    for base_font, descriptor in parts.fonts().items():
        assert re.fullmatch(r"/[A-Z]{6}\+DejaVuSans(-Bold)?", base_font)
        assert "/FontFile2" in descriptor
    for page in joined.pages // 2, joined.pages:  # poppler reads the joined file too
        result = subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-", "-"],
            input=joined.data,
            capture_output=True,
            check=True,
        )
        assert b"Page" in result.stdout
        assert not result.stderr


def test_write_sheets_in_parts_saves_one_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer, "SHEETS_PER_PROCESS", 2)
    _needs_fork()
    saved = write_sheets(_batch(4), tmp_path / "today.pdf", paper=Paper.LETTER, workers=2)
    back = read_pdf((tmp_path / "today.pdf").read_bytes())
    assert len(back.pages) == saved.pages
    assert [round(x) for x in back.page_size_mm(saved.pages - 1)] == [216, 279]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["today.pdf"]


def test_a_small_batch_or_one_worker_stays_in_this_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(writer, "_can_fork", lambda: True)
    monkeypatch.setattr(writer, "_idle_cores", lambda: 1)
    assert writer._worker_count(None, writer.SHEETS_PER_PROCESS - 1) == 1
    assert writer._worker_count(None, 500) == 2
    monkeypatch.setattr(writer, "_idle_cores", lambda: 0)  # a busy machine: no forking
    assert writer._worker_count(None, 500) == 1
    assert writer._worker_count(1, 500) == 1
    assert writer._worker_count(2, 500) == 2
    with pytest.raises(ValueError, match="at least 1"):
        render_sheets([samples.SHEET], workers=0)


def test_a_failing_part_raises_the_real_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "SHEETS_PER_PROCESS", 1)
    _needs_fork()
    sheets = _batch(2)
    sheets[1] = replace(sheets[1], shop=replace(samples.SHOP, name="x" * 20000))
    with pytest.raises(Exception, match="taller than a page"):
        render_sheets(sheets, workers=2)


@given(st.lists(st.integers(0, 120), min_size=1, max_size=40), st.integers(1, 6))
def test_parts_are_runs_of_the_sheets_in_order(sizes: list[int], count: int) -> None:
    sheets = [samples.long_sheet(n) if n else samples.SHEET for n in sizes]
    parts = writer._parts(sheets, count)
    assert [s for part in parts for s in part] == sheets
    assert all(parts)
    assert len(parts) <= count


def test_join_refuses_what_it_cannot_read() -> None:
    with pytest.raises(MergeError):
        join_pdfs([b"not a pdf", b"%PDF-1.4 nothing"])
    with pytest.raises(MergeError):
        join_pdfs([])
    one = render_pdf(samples.SHEET).data
    assert join_pdfs([one]) == one
