"""What keeps a click within a frame: no relayout of the option grid for notes and markers, and
no worker competing for the GIL before the click's repaint."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from configurator.ui import operations as ops
from configurator.ui.main_window import MainWindow
from configurator.ui.op_runner import OpRunner
from tests.ui.helpers import sign_in


class _Layouts(QObject):
    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, _watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_notes_markers_and_picks_do_not_lay_out_the_option_grid(
    qtbot: QtBot, window: MainWindow
) -> None:
    clerk = sign_in(qtbot, window, "anna", "1111")
    page = window.configure_page
    assert page is not None
    body = page.view.grid.parentWidget()
    assert body is not None
    QApplication.processEvents()
    layouts = _Layouts(body)
    for group, option in (("chassis", "c13"), ("memory", "m32"), ("chassis", "c16")):
        page.pick(group, option)
        clerk.idle()
        QApplication.processEvents()
    assert page.view.boxes["gpu"].note_text() == "to decide"
    assert page.view.row("processor", "h9").marker.text() == ""
    assert layouts.count == 0


def test_a_job_started_after_paint_waits_for_the_repaint_and_counts_as_running(
    qtbot: QtBot,
) -> None:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    runner = OpRunner()
    started = threading.Event()
    results: list[int] = []

    def job() -> ops.Done[int]:
        started.set()
        return ops.Done(7)

    widget.update()
    runner.run(job, on_success=lambda d: results.append(d.value), label="x", after_paint=widget)
    assert runner.busy  # a test (or a clerk) waiting for idle waits for it too
    assert not started.is_set()  # nothing runs before the event loop has repainted
    qtbot.waitUntil(lambda: results == [7], timeout=5_000)
    assert not runner.busy


def test_a_job_waiting_for_a_window_that_closes_is_dropped_not_left_running(
    qtbot: QtBot,
) -> None:
    """Closing the window right after a click (before its repaint) must not leave the job
    counted as running for ever: a clerk's busy indicator, and shutdown, wait for idle."""
    import shiboken6

    window = QWidget()  # never shown: only the fallback timer would start the job
    runner = OpRunner()
    started = threading.Event()
    idle: list[bool] = []
    runner.busy_changed.connect(idle.append)

    def job() -> ops.Done[int]:
        started.set()
        return ops.Done(7)

    runner.run(job, on_success=lambda _d: None, label="x", after_paint=window)
    assert runner.busy
    shiboken6.delete(window)  # the window goes before its next paint or the fallback
    qtbot.waitUntil(lambda: not runner.busy, timeout=5_000)
    assert idle == [True, False]
    assert not started.is_set()
