"""The main window shows the catalog's groups, the database, an About box; errors become dialogs."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QGroupBox, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from configurator.bootstrap import AppContext, open_app
from configurator.errors import UserError
from configurator.ui.error_dialog import ExceptionHandler
from configurator.ui.main_window import MainWindow
from tests.ui.helpers import sign_in


@pytest.fixture
def context(data_dir: Path) -> Iterator[AppContext]:
    ctx = open_app(data_dir=data_dir)
    yield ctx
    ctx.close()


def test_window_shows_every_option_group_of_the_catalog(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context, ask_discard=lambda _parent, _action: True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    sign_in(qtbot, window, "anna", "1111")  # a demo user (README, "Demo users")
    titles = [box.title() for box in window.findChildren(QGroupBox) if box.isVisible()]
    expected = [group.label for group in context.catalog.groups]
    for label in expected:
        assert label in titles
    assert len(expected) >= 10


def test_status_bar_names_the_database(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    label = window.findChild(QLabel, "databaseLabel")
    assert label is not None
    assert str(context.paths.database) in label.text()


def test_about_box_shows_version_catalog_and_database(qtbot: QtBot, context: AppContext) -> None:
    window = MainWindow(context)
    qtbot.addWidget(window)
    box = window.show_about()
    text = box.text()
    assert "Configurator" in text
    assert context.catalog.id in text
    assert str(context.paths.database) in text
    box.close()


@pytest.fixture
def handler(tmp_path: Path) -> Iterator[ExceptionHandler]:
    hook = ExceptionHandler(tmp_path / "app.log")
    hook.install()
    yield hook
    hook.uninstall()
    for box in hook.dialogs:
        box.close()


def _raise_and_capture(exc: BaseException) -> tuple[type[BaseException], BaseException, object]:
    try:
        raise exc
    except BaseException:
        info = sys.exc_info()
        assert info[0] is not None
        assert info[1] is not None
        return info[0], info[1], info[2]


def test_uncaught_exception_becomes_a_dialog_and_a_log_entry(
    qtbot: QtBot, handler: ExceptionHandler, caplog: pytest.LogCaptureFixture
) -> None:
    exc_type, exc, tb = _raise_and_capture(RuntimeError("printer caught fire"))
    with caplog.at_level(logging.ERROR, logger="configurator"):
        sys.excepthook(exc_type, exc, tb)  # type: ignore[arg-type]
    assert len(handler.dialogs) == 1
    box = handler.dialogs[0]
    assert box.icon() is QMessageBox.Icon.Critical
    assert "printer caught fire" in box.informativeText()
    assert "app.log" in box.informativeText()
    assert "RuntimeError" in box.detailedText()
    assert any("Uncaught exception" in r.message for r in caplog.records)
    assert QApplication.instance() is not None


def test_user_error_dialog_shows_message_and_hint(qtbot: QtBot, handler: ExceptionHandler) -> None:
    exc_type, exc, tb = _raise_and_capture(UserError("Stock is gone.", hint="Receive goods."))
    sys.excepthook(exc_type, exc, tb)  # type: ignore[arg-type]
    box = handler.dialogs[0]
    assert box.text() == "Stock is gone."
    assert box.informativeText() == "Receive goods."


def test_exception_from_a_worker_thread_reaches_the_gui_thread(
    qtbot: QtBot, handler: ExceptionHandler
) -> None:
    import threading

    def boom() -> None:
        raise ValueError("from a worker")

    worker = threading.Thread(target=boom)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(handler.dialogs) == 1)
    assert "from a worker" in handler.dialogs[0].informativeText()
