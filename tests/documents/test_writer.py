"""Saving PDFs: atomic, clear errors, never a half-written file; logos that are not images."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from configurator.documents.format import DocumentError
from configurator.documents.model import QuoteDocument
from configurator.documents.writer import render_pdf, write_pdf
from tests.documents import samples
from tests.documents.pdfread import read_pdf


def _with_logo(path: Path) -> QuoteDocument:
    return replace(samples.QUOTE, shop=replace(samples.SHOP, logo=path))


def test_write_replaces_the_target_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "quote.pdf"
    target.write_bytes(b"old content")
    saved = write_pdf(samples.QUOTE, target)
    assert saved.path == target
    assert saved.pages == 1
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert saved.size == len(data)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["quote.pdf"]


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="does not exist") as info:
        write_pdf(samples.QUOTE, tmp_path / "nope" / "quote.pdf")
    assert info.value.hint
    assert list(tmp_path.iterdir()) == []


def test_folder_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DocumentError, match="Cannot save the PDF"):
        write_pdf(samples.QUOTE, blocker / "quote.pdf")


def test_target_that_is_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="that is a folder"):
        write_pdf(samples.QUOTE, tmp_path)


def test_unwritable_folder_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root ignores permission bits, so make the folder refuse new files the way it would.
    import tempfile

    def refuse(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(DocumentError, match="not writable") as info:
        write_pdf(samples.QUOTE, tmp_path / "quote.pdf")
    assert "write access" in (info.value.hint or "")
    assert list(tmp_path.iterdir()) == []


def test_failure_while_writing_leaves_neither_half_file_nor_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "sheet.pdf"
    target.write_bytes(b"previous sheet")

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(DocumentError, match="No space left on device"):
        write_pdf(samples.SHEET, target)
    assert target.read_bytes() == b"previous sheet"
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]


def test_render_error_writes_nothing(tmp_path: Path) -> None:
    bad = replace(samples.QUOTE, locale=replace(samples.LOCALE, locale="xx_NOWHERE"))
    with pytest.raises(DocumentError, match="locale 'xx_NOWHERE' is not known"):
        write_pdf(bad, tmp_path / "quote.pdf")
    assert list(tmp_path.iterdir()) == []


def test_bad_currency_is_a_clear_error() -> None:
    with pytest.raises(DocumentError, match="ISO 4217"):
        render_pdf(replace(samples.QUOTE, locale=replace(samples.LOCALE, currency="Euro")))


def test_missing_logo_renders_without_it_and_warns(tmp_path: Path) -> None:
    pdf = render_pdf(_with_logo(tmp_path / "logo.png"))
    assert pdf.pages == 1
    assert len(pdf.warnings) == 1
    assert "logo.png cannot be read" in pdf.warnings[0]
    assert "Aurora Computerwerkstatt" in read_pdf(pdf.data).text
    assert read_pdf(pdf.data).image_count() == 0


def test_logo_that_is_not_an_image_renders_without_it_and_warns(tmp_path: Path) -> None:
    fake = tmp_path / "logo.png"
    fake.write_text("<html>this is not a picture</html>")
    pdf = render_pdf(_with_logo(fake))
    assert "not an image" in pdf.warnings[0]
    assert "PNG or JPEG" in pdf.warnings[0]
    assert read_pdf(pdf.data).image_count() == 0


def test_real_logo_is_embedded_once(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (400, 120), (31, 78, 121)).save(logo)
    pdf = render_pdf(_with_logo(logo))
    assert pdf.warnings == ()
    assert read_pdf(pdf.data).image_count() == 1


def test_written_file_keeps_the_warnings(tmp_path: Path) -> None:
    saved = write_pdf(_with_logo(tmp_path / "gone.jpg"), tmp_path / "q.pdf")
    assert saved.warnings
    assert "gone.jpg" in saved.warnings[0]
    assert (tmp_path / "q.pdf").is_file()
