"""The About box: version, build revision, engine build, catalog and database in use."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from configurator.build_info import build_info


def about_text(*, catalog_label: str, database_label: str, data_dir: str) -> str:
    info = build_info()
    return (
        f"<h3>Configurator {escape(info['version'])}</h3>"
        "<p>Assemble-to-order laptop configurator for the sales counter.</p>"
        f"<p>Build revision: {escape(info['revision'])}<br>"
        f"Rule engine: {escape(info['engine'])}<br>"
        f"Catalog: {escape(catalog_label)}<br>"
        f"Database: {escape(database_label)}<br>"
        f"Data folder: {escape(data_dir)}</p>"
    )


def show_about(
    parent: QWidget, *, catalog_label: str, database_label: str, data_dir: str
) -> QMessageBox:
    """Open the About box without blocking (Esc or Enter closes it)."""
    box = QMessageBox(parent)
    box.setWindowTitle("About Configurator")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(
        about_text(catalog_label=catalog_label, database_label=database_label, data_dir=data_dir)
    )
    box.setIconPixmap(parent.windowIcon().pixmap(64, 64))
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
