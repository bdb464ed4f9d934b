"""Running core calls off the GUI thread (Anki's CollectionOp, reduced to what we need).

A view hands `OpRunner.run` a zero-argument callable (one core call), a success callback and a
label. The callable runs on a QThreadPool worker; its result or exception comes back to the GUI
thread through a queued signal. A `UserError` becomes a calm dialog; a database that went away
becomes a dialog with *Retry*, which runs the very same call again, so the clerk's picks,
customer and discount are never lost (they live in the view, not in the failed call).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from configurator.errors import UserError
from configurator.ui.error_dialog import show_user_error

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What a job produced: its result, or the exception it raised."""

    result: Any
    error: BaseException | None


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits, Qt queues the call back to the GUI thread."""

    finished = Signal(object)  # an _Outcome


class _Job(QRunnable):
    def __init__(self, call: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._call = call
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._call()
        except BaseException as exc:  # handed to the GUI thread, never swallowed
            self._relay.finished.emit(_Outcome(None, exc))
            return
        self._relay.finished.emit(_Outcome(result, None))


def is_connection_error(exc: BaseException) -> bool:
    """True for a database that cannot be reached right now (as opposed to a bad request).

    Checked by class name and message so that this module does not import SQLAlchemy (start-up
    time); SQLAlchemy wraps every driver failure in OperationalError / InterfaceError.
    """
    names = {cls.__name__ for cls in type(exc).__mro__}
    if names & {"OperationalError", "InterfaceError", "DisconnectionError"}:
        return True
    text = str(exc).lower()
    return "database is locked" in text or "unable to open database" in text


class _AfterPaint(QObject):
    """Calls `start` once, right after `window` handled its next repaint (or after a short
    while, should nothing need painting)."""

    FALLBACK_MS = 50

    def __init__(self, window: QWidget, start: Callable[[], None]) -> None:
        super().__init__(window)
        self._start: Callable[[], None] | None = start
        self._window = window
        window.installEventFilter(self)
        QTimer.singleShot(self.FALLBACK_MS, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.UpdateRequest:
            QTimer.singleShot(0, self, self._fire)  # runs after this repaint
        return False

    def _fire(self) -> None:
        start, self._start = self._start, None
        if start is None:
            return
        self._window.removeEventFilter(self)
        self.deleteLater()
        start()


@dataclass
class _Pending(Generic[T]):
    call: Callable[[], T]
    on_success: Callable[[T], None]
    on_failure: Callable[[BaseException], bool] | None
    label: str
    parent: QWidget | None
    started: float = field(default_factory=time.perf_counter)


class OpRunner(QObject):
    """Runs operations on a thread pool and reports busy/idle for a progress indicator."""

    busy_changed = Signal(bool)
    """True when the first operation starts, False when the last one finished."""
    failed = Signal(object)
    """Every failure, after its dialog was opened (tests and the status bar listen)."""

    def __init__(self, parent: QObject | None = None, *, threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._pending: dict[_Relay, _Pending[Any]] = {}
        self.dialogs: list[QMessageBox] = []
        """Dialogs this runner opened (kept so tests can inspect and close them)."""

    @property
    def busy(self) -> bool:
        return bool(self._pending)

    def run(
        self,
        call: Callable[[], T],
        *,
        on_success: Callable[[T], None],
        label: str,
        parent: QWidget | None = None,
        on_failure: Callable[[BaseException], bool] | None = None,
        after_paint: QWidget | None = None,
    ) -> None:
        """Run `call` off the GUI thread; `on_success(result)` runs on the GUI thread.

        `on_failure(exc)` runs first on any failure; when it returns True the view showed the
        problem itself (e.g. inline under a PIN field) and no dialog opens.

        `after_paint`: start the job only once that widget's window has painted what the
        caller just changed (it counts as running meanwhile). A worker running Python holds
        the GIL in 5 ms slices, and the GUI thread needs the GIL for every event of a
        Python-made widget: a job started before the repaint would make the click slow.
        """
        pending = _Pending(call, on_success, on_failure, label, parent)
        relay = self._register(pending)
        if after_paint is None:
            self._pool.start(_Job(pending.call, relay))
            return
        started = False

        def start() -> None:
            nonlocal started
            started = True
            self._pool.start(_Job(pending.call, relay))

        def gone() -> None:
            # Its window was destroyed before it painted (closed right after the click): the
            # job never starts, so it must not count as running for ever.
            if not started:
                self._drop(relay)

        waiter = _AfterPaint(after_paint.window(), start)
        waiter.destroyed.connect(gone)

    def _drop(self, relay: _Relay) -> None:
        """Forget a job that will never run (no callback: its view is gone)."""
        pending = self._pending.pop(relay, None)
        if pending is None:
            return
        log.debug("%s dropped: its window closed before it started", pending.label)
        relay.deleteLater()
        if not self._pending:
            self.busy_changed.emit(False)

    def _start(self, pending: _Pending[Any]) -> None:
        relay = self._register(pending)
        self._pool.start(_Job(pending.call, relay))

    def _register(self, pending: _Pending[Any]) -> _Relay:
        relay = _Relay()
        relay.finished.connect(
            lambda outcome, r=relay: self._finish(r, outcome.result, outcome.error),
            Qt.ConnectionType.QueuedConnection,
        )
        was_idle = not self._pending
        self._pending[relay] = pending
        if was_idle:
            self.busy_changed.emit(True)
        return relay

    def _finish(self, relay: _Relay, result: object, exc: BaseException | None) -> None:
        pending = self._pending.pop(relay)
        relay.deleteLater()
        log.debug("%s took %.1f ms", pending.label, (time.perf_counter() - pending.started) * 1e3)
        try:
            if pending.parent is not None and not shiboken6.isValid(pending.parent):
                # Its view is gone (the window was closed while it ran): nobody to tell.
                log.debug("%s finished after its view was closed", pending.label)
            elif exc is None:
                pending.on_success(result)
            else:
                self._report(pending, exc)
        finally:
            if not self._pending:
                self.busy_changed.emit(False)

    def _report(self, pending: _Pending[Any], exc: BaseException) -> None:
        if pending.on_failure is not None and pending.on_failure(exc):
            self.failed.emit(exc)
            return
        if isinstance(exc, UserError):
            log.warning("%s: %s", pending.label, exc)
            self.dialogs.append(show_user_error(pending.parent, exc, title=pending.label))
        elif is_connection_error(exc):
            log.warning("%s: database unreachable: %s", pending.label, exc)
            self.dialogs.append(self._offer_retry(pending, exc))
        else:
            raise exc  # a bug: the global exception handler shows it with the traceback
        self.failed.emit(exc)

    def _offer_retry(self, pending: _Pending[Any], exc: BaseException) -> QMessageBox:
        box = QMessageBox(pending.parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(f"{pending.label}: database not reachable")
        box.setText(
            "The database cannot be reached right now, so this was not saved. "
            "Nothing you entered is lost: it is still on screen."
        )
        box.setInformativeText(
            "Check the network or the database server, then choose Retry. "
            f"(Details: {str(exc).splitlines()[0][:300]})"
        )
        box.setStandardButtons(QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Retry)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def on_finished(code: int) -> None:
            if code == QMessageBox.StandardButton.Retry:
                self._start(
                    _Pending(
                        pending.call,
                        pending.on_success,
                        pending.on_failure,
                        pending.label,
                        pending.parent,
                    )
                )

        box.finished.connect(on_finished)
        box.open()
        return box

    def wait_idle(self, timeout_ms: int = 10_000) -> bool:
        """Block until the pool drained (shutdown only; never called from a click)."""
        return self._pool.waitForDone(timeout_ms)
