"""The GUI part of `configurator selftest`: show the main window offscreen, then close it."""

from __future__ import annotations

import os
import sys

from configurator.bootstrap import AppContext


def show_main_window_offscreen(context: AppContext) -> str:
    """Open the main window on the offscreen platform; returns its title or raises."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from configurator.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = MainWindow(context)
    window.show()
    app.processEvents()
    visible = window.isVisible()
    title = window.windowTitle()
    window.hide()
    window.deleteLater()
    app.processEvents()
    if not visible:
        raise RuntimeError("the main window did not show")
    return title
