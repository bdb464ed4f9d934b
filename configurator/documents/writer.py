"""Rendering a document to bytes, and saving it so that no half-written PDF is ever left.

The PDF is rendered in memory first (a render error leaves nothing on disk), then written to a
temporary file in the target folder, flushed to disk and renamed over the target with
`os.replace` (atomic on the same file system): a reader sees the old file or the new one, never
a torn one. Problems the user can fix (unwritable folder, full disk) become `DocumentError`.
"""

from __future__ import annotations

import gc
import io
import multiprocessing
import os
import sys
import tempfile
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from configurator.documents.assembly import batch_title, render_assembly, render_assembly_batch
from configurator.documents.confirmation import render_confirmation
from configurator.documents.format import DocumentError
from configurator.documents.glyphs import printable_document
from configurator.documents.merge import join_pdfs
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


def render_sheets(
    sheets: Sequence[AssemblySheet], *, paper: Paper = Paper.A4, workers: int | None = None
) -> RenderedPdf:
    """Several assembly sheets in one PDF, each with its own page numbers.

    A large batch is rendered in parts on several cores and the parts are joined
    (`merge.join_pdfs`); `workers` caps the number of processes (None: this one plus one per
    idle core, 1: this process only). Parts are whole sheets, so every sheet keeps its
    "page N of M".
    """
    warnings: list[str] = []
    sheets = [_sheet(sheet, warnings) for sheet in sheets]
    if not sheets:
        raise ValueError("a batch needs at least one assembly sheet")
    title = batch_title(sheets)
    parts = _parts(sheets, _worker_count(workers, len(sheets)))
    if len(parts) == 1:
        rendered = [_render_part(sheets, paper, title)]
    else:
        rendered = _render_parallel(parts, paper, title)
    for part in rendered:
        warnings += part.warnings
    data = join_pdfs([part.data for part in rendered])
    return RenderedPdf(data, sum(part.pages for part in rendered), tuple(warnings))


SHEETS_PER_PROCESS = 12
"""Fewer sheets than this per extra process and starting it costs more than it saves."""


def _worker_count(workers: int | None, sheets: int) -> int:
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    if workers == 1 or not _can_fork():
        return 1
    if workers is None:
        workers = 1 + _idle_cores()
    return max(1, min(workers, sheets // SHEETS_PER_PROCESS))


def _idle_cores() -> int:
    """Cores nobody else is using now (the load average counts this process too): forking
    onto a busy machine only adds the children's start-up and copying to the same CPU time."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    try:
        load = os.getloadavg()[0]
    except OSError:
        return 0
    return max(0, min(cores - 1, round(cores - load)))


def _can_fork() -> bool:
    """Forking copies the loaded fonts and modules for free, but is only safe in a process
    without other threads (a GUI has some): Linux, one thread."""
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return False
    try:
        return sum(1 for _ in Path("/proc/self/task").iterdir()) == 1
    except OSError:
        return False


def _parts(sheets: list[AssemblySheet], count: int) -> list[list[AssemblySheet]]:
    """`count` runs of consecutive sheets of about equal total length."""
    if count <= 1:
        return [sheets]
    weights = [len(s.picks) + len(s.steps) + len(s.qc) + 10 for s in sheets]
    total = sum(weights)
    parts: list[list[AssemblySheet]] = [[]]
    done = 0
    for sheet, weight in zip(sheets, weights, strict=True):
        if parts[-1] and len(parts) < count and done >= total * len(parts) / count:
            parts.append([])
        parts[-1].append(sheet)
        done += weight
    return parts


def _render_part(
    sheets: Sequence[AssemblySheet], paper: Paper, title: tuple[str, str]
) -> RenderedPdf:
    buffer = io.BytesIO()
    warnings: list[str] = []
    pages = render_assembly_batch(sheets, buffer, paper, warnings, title=title)
    return RenderedPdf(buffer.getvalue(), pages, tuple(warnings))


def _render_parallel(
    parts: list[list[AssemblySheet]], paper: Paper, title: tuple[str, str]
) -> list[RenderedPdf]:
    """The first part here, the others in forked processes at the same time.

    The children share this process's memory until they write to it; a garbage collection in
    a child would write to every object it inherited (copying all of it), so inherited objects
    are frozen out of collection and the short-lived children do not collect at all.
    """
    context = multiprocessing.get_context("fork")
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=len(parts) - 1, mp_context=context, initializer=gc.disable
        ) as pool:
            futures = [pool.submit(_render_part, part, paper, title) for part in parts[1:]]
            rendered = _collect(futures, parts, paper, title)
    finally:
        gc.unfreeze()
    return rendered


def _collect(
    futures: list[Future[RenderedPdf]],
    parts: list[list[AssemblySheet]],
    paper: Paper,
    title: tuple[str, str],
) -> list[RenderedPdf]:
    """This process's part, then the children's (a part that failed there is rendered again
    here: that raises the real error, or gives the result)."""
    rendered = [_render_part(parts[0], paper, title)]
    for part, future in zip(parts[1:], futures, strict=True):
        try:
            rendered.append(future.result())
        except Exception:
            rendered.append(_render_part(part, paper, title))
    return rendered


def _sheet(sheet: AssemblySheet, warnings: list[str]) -> AssemblySheet:
    printable = printable_document(sheet, warnings)
    assert isinstance(printable, AssemblySheet)
    return printable


def write_sheets(
    sheets: Sequence[AssemblySheet],
    target: Path,
    *,
    paper: Paper = Paper.A4,
    workers: int | None = None,
) -> SavedPdf:
    """Render a batch of assembly sheets (see `render_sheets`) and save it atomically."""
    rendered = render_sheets(sheets, paper=paper, workers=workers)
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
