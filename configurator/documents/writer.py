"""Rendering a document to bytes, and saving it so that no half-written PDF is ever left.

The PDF is rendered in memory first (a render error leaves nothing on disk), then written to a
temporary file in the target folder, flushed to disk and renamed over the target with
`os.replace` (atomic on the same file system): a reader sees the old file or the new one, never
a torn one. Problems the user can fix (unwritable folder, full disk) become `DocumentError`.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from configurator.documents.assembly import render_assembly, render_assembly_batch
from configurator.documents.confirmation import render_confirmation
from configurator.documents.format import DocumentError
from configurator.documents.glyphs import printable_document
from configurator.documents.model import (
    AssemblySheet,
    ConfirmationDocument,
    Document,
    Paper,
    QuoteDocument,
)
from configurator.documents.quote import render_quote


@dataclass(frozen=True, slots=True)
class RenderedPdf:
    """A finished PDF in memory (the GUI previews and prints this without a file)."""

    data: bytes
    pages: int
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SavedPdf:
    """A PDF saved to `path`, with what was noticed on the way (e.g. an unreadable logo)."""

    path: Path
    pages: int
    size: int
    warnings: tuple[str, ...] = ()


def render_pdf(document: Document, *, paper: Paper = Paper.A4) -> RenderedPdf:
    """Render any of the three documents to PDF bytes."""
    buffer = io.BytesIO()
    warnings: list[str] = []
    document = printable_document(document, warnings)
    if isinstance(document, QuoteDocument):
        pages = render_quote(document, buffer, paper, warnings)
    elif isinstance(document, ConfirmationDocument):
        pages = render_confirmation(document, buffer, paper, warnings)
    elif isinstance(document, AssemblySheet):
        pages = render_assembly(document, buffer, paper, warnings)
    else:  # pragma: no cover - the type checker rules this out
        raise TypeError(f"not a document: {type(document).__name__}")
    return RenderedPdf(buffer.getvalue(), pages, tuple(warnings))


def render_sheets(sheets: Sequence[AssemblySheet], *, paper: Paper = Paper.A4) -> RenderedPdf:
    """Several assembly sheets in one PDF, each with its own page numbers."""
    buffer = io.BytesIO()
    warnings: list[str] = []
    sheets = [_sheet(sheet, warnings) for sheet in sheets]
    pages = render_assembly_batch(sheets, buffer, paper, warnings)
    return RenderedPdf(buffer.getvalue(), pages, tuple(warnings))


def _sheet(sheet: AssemblySheet, warnings: list[str]) -> AssemblySheet:
    printable = printable_document(sheet, warnings)
    assert isinstance(printable, AssemblySheet)
    return printable


def write_sheets(
    sheets: Sequence[AssemblySheet], target: Path, *, paper: Paper = Paper.A4
) -> SavedPdf:
    """Render a batch of assembly sheets and save it atomically."""
    rendered = render_sheets(sheets, paper=paper)
    save_bytes(rendered.data, target)
    return SavedPdf(target, rendered.pages, len(rendered.data), rendered.warnings)


def write_pdf(document: Document, target: Path, *, paper: Paper = Paper.A4) -> SavedPdf:
    """Render `document` and save it to `target` atomically."""
    rendered = render_pdf(document, paper=paper)
    save_bytes(rendered.data, target)
    return SavedPdf(target, rendered.pages, len(rendered.data), rendered.warnings)


def save_bytes(data: bytes, target: Path) -> None:
    """Write `data` to `target` via a temporary file and a rename; clear errors otherwise."""
    folder = target.parent
    if target.is_dir():
        raise DocumentError(
            f"Cannot save the PDF as {target}: that is a folder.",
            hint="Give a file name such as quote.pdf.",
        )
    if not folder.is_dir():
        raise DocumentError(
            f"Cannot save the PDF to {target}: the folder {folder} does not exist.",
            hint="Create the folder first, or choose another place.",
        )
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise DocumentError(
            f"Cannot save the PDF to {target}: the folder {folder} is not writable "
            f"({exc.strerror or exc}).",
            hint="Choose a folder you can write to, or ask for write access to this one.",
        ) from exc
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temp.chmod(0o644)
        temp.replace(target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise DocumentError(
            f"Cannot save the PDF to {target}: {exc.strerror or exc}.",
            hint="Check free disk space and that the file is not open in another program; "
            "nothing was written.",
        ) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
