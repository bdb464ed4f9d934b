"""The global exception handler: every uncaught exception becomes a readable dialog and a log
entry, never a silent exit. `UserError`s show their message and hint; bugs show a short apology
with the traceback under "Show Details" and the log file's path."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from configurator.errors import UserError

log = logging.getLogger(__name__)


def show_user_error(parent: QWidget | None, error: UserError, *, title: str = "") -> QMessageBox:
    """A calm dialog for a problem the user can fix (non-blocking: returns the open box)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title or "Configurator")
    box.setText(error.message)
    if error.hint:
        box.setInformativeText(error.hint)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


class ExceptionHandler(QObject):
    """Installed as sys.excepthook; marshals exceptions from any thread to the GUI thread."""

    _raised = Signal(object, object, object)

    def __init__(self, log_file: Path | None = None) -> None:
        super().__init__()
        self.log_file = log_file
        self.dialogs: list[QMessageBox] = []
        self._raised.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook

    def install(self) -> None:
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread

    def uninstall(self) -> None:
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(exc, UserError):
            log.warning("%s", exc)
        else:
            log.error("Uncaught exception", exc_info=(exc_type, exc, tb))
        if QApplication.instance() is None:
            traceback.print_exception(exc_type, exc, tb)
            return
        if threading.current_thread() is threading.main_thread():
            self._show(exc_type, exc, tb)
        else:
            self._raised.emit(exc_type, exc, tb)

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def _show(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        parent = QApplication.activeWindow()
        if isinstance(exc, UserError):
            self.dialogs.append(show_user_error(parent, exc))
            return
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle("Configurator: unexpected error")
        box.setText(
            "Something went wrong that Configurator did not expect. Your saved quotes and "
            "orders are safe; the action you just took may not have finished."
        )
        where = f"\n\nThe details were written to {self.log_file}." if self.log_file else ""
        box.setInformativeText(f"{exc_type.__name__}: {exc}{where}")
        box.setDetailedText("".join(traceback.format_exception(exc_type, exc, tb)))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.dialogs.append(box)
