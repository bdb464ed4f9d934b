"""Showing and printing the PDFs the core renders: preview, system print dialog, Save PDF.

The core renders the document (reportlab) and saves it atomically *before* anything here runs,
so a missing printer or a failed print job never loses the document: the message says where
the PDF is. Pages are rasterised with QtPdf at the printer's resolution and painted on white
(QPdfDocument renders with a transparent background).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QObject, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from configurator.errors import UserError

PRINT_DPI = 300
"""Pages are rasterised at this resolution: sharp text, seconds less per page than 1200."""


class PrintError(UserError):
    """Printing did not work; the PDF itself is safe on disk."""


def load_pdf(data: bytes, parent: QObject | None = None) -> QPdfDocument:
    """A QPdfDocument over `data` (kept alive by the document's buffer child)."""
    document = QPdfDocument(parent) if parent is not None else QPdfDocument()
    buffer = QBuffer(document)
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    if document.status() is not QPdfDocument.Status.Ready:
        raise PrintError(f"The PDF cannot be shown: {document.error().name}.")
    return document


def page_image(document: QPdfDocument, page: int, size: QSize) -> QImage:
    """Page `page` rendered at `size` on a white background."""
    rendered = document.render(page, size)
    image = QImage(size, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return image


def print_document(data: bytes, printer: QPrinter, *, saved_at: Path) -> int:
    """Send every page of `data` to `printer`; returns the number of pages printed."""
    document = load_pdf(data)
    try:
        if printer.resolution() > PRINT_DPI:
            printer.setResolution(PRINT_DPI)  # 1200 dpi pages are 140 megapixels each
        printer.setFullPage(True)
        printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError(
                f"The printer {printer.printerName() or '(none)'} cannot be opened.",
                hint=f"The PDF is saved at {saved_at}; print it from there or try another printer.",
            )
        try:
            count = document.pageCount()
            for page in range(count):
                if page:
                    printer.newPage()
                target = painter.viewport()
                points = document.pagePointSize(page)
                scale = min(target.width() / points.width(), target.height() / points.height())
                size = QSize(int(points.width() * scale), int(points.height() * scale))
                painter.drawImage(0, 0, page_image(document, page, size))
        finally:
            painter.end()
        return count
    finally:
        document.deleteLater()


def has_printer() -> bool:
    return bool(QPrinterInfo.availablePrinterNames())


def print_with_dialog(parent: QWidget, data: bytes, *, saved_at: Path) -> int:
    """The system print dialog, then print; a missing printer is a PrintError naming the PDF."""
    if not has_printer():
        raise PrintError(
            "No printer is set up on this computer.",
            hint=f"The PDF is saved at {saved_at}. Set up a printer in the system settings, "
            "or open the PDF and print it elsewhere.",
        )
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return 0
    return print_document(data, printer, saved_at=saved_at)


def save_copy_as(parent: QWidget, saved_at: Path) -> Path | None:
    """Let the clerk put a copy of the saved PDF somewhere else (USB stick, mail folder)."""
    name, _filter = QFileDialog.getSaveFileName(
        parent, "Save PDF as", str(Path.home() / saved_at.name), "PDF files (*.pdf)"
    )
    if not name:
        return None
    target = Path(name)
    try:
        temp = target.with_name(f".{target.name}.part")
        shutil.copyfile(saved_at, temp)
        temp.replace(target)
    except OSError as exc:
        raise PrintError(
            f"Cannot save the PDF as {target}: {exc.strerror or exc}.",
            hint=f"The original is safe at {saved_at}. Choose a folder you can write to.",
        ) from exc
    return target


class PreviewDialog(QDialog):
    """Print preview: the real PDF pages, with Print and Save PDF next to them."""

    def __init__(
        self, data: bytes, *, title: str, saved_at: Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("previewDialog")
        self.setWindowTitle(f"Preview: {title}")
        self.data = data
        self.saved_at = saved_at
        self.document = load_pdf(data, self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        info = QLabel(f"{self.document.pageCount()} page(s), saved at <tt>{saved_at}</tt>", self)
        info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = buttons.addButton("&Print…", QDialogButtonBox.ButtonRole.ActionRole)
        self.save_button = buttons.addButton("&Save PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        self.print_button.clicked.connect(lambda: print_with_dialog(self, data, saved_at=saved_at))
        self.save_button.clicked.connect(lambda: save_copy_as(self, saved_at))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(info)
        layout.addWidget(buttons)
        self.resize(720, 700)
