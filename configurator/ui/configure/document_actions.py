"""The configure page's documents: render after saving, preview, print, save a copy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from configurator.ui import operations as ops

if TYPE_CHECKING:
    from configurator.catalog.model import Catalog
    from configurator.ui.configure.order_panel import OrderPanel
    from configurator.ui.counter import Counter


class DocumentActions:
    """A mixin of `ConfigurePage`; `_document_ready` is its Qt signal's emit."""

    counter: Counter
    catalog: Catalog
    order_panel: OrderPanel
    last_pdf: ops.PdfResult | None
    dialog: QDialog | None
    document_generation: int

    def _dialog_parent(self) -> Any:
        return self

    def _document_ready(self, pdf: ops.PdfResult) -> None:
        raise NotImplementedError

    def render_document(self, kind: str, number: str, message: str = "") -> None:
        context = self.counter.context
        generation = self.document_generation
        self.counter.runner.run(
            lambda: ops.render_document(
                engine=context.engine,
                catalog=self.catalog,
                settings=context.settings,
                kind=kind,
                number=number,
                folder=context.paths.documents,
            ),
            on_success=lambda done: self._document(done.value, message, generation),
            label="Rendering the document",
            parent=self._dialog_parent(),
        )

    def _document(self, pdf: ops.PdfResult, message: str, generation: int) -> None:
        if generation != self.document_generation:
            return  # the picks changed meanwhile: it is saved, but no longer what is on screen
        self.last_pdf = pdf
        note = f"{message} PDF saved as {pdf.path.name}." if message else f"Saved {pdf.path}."
        if pdf.warnings:
            note += " " + " ".join(pdf.warnings)
        self.order_panel.set_document(pdf, note)
        self._document_ready(pdf)

    def preview(self) -> QDialog | None:
        from configurator.ui.pdf_output import PreviewDialog

        if self.last_pdf is None:
            return None
        dialog = PreviewDialog(
            self.last_pdf.data,
            title=self.last_pdf.title,
            saved_at=self.last_pdf.path,
            parent=self._dialog_parent(),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.open()
        return dialog

    def print_last(self) -> None:
        from configurator.ui.pdf_output import print_with_dialog

        if self.last_pdf is not None:
            print_with_dialog(
                self._dialog_parent(), self.last_pdf.data, saved_at=self.last_pdf.path
            )

    def save_pdf(self) -> None:
        from configurator.ui.pdf_output import save_copy_as

        if self.last_pdf is not None:
            save_copy_as(self._dialog_parent(), self.last_pdf.path)
