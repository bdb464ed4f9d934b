"""Starting the GUI: Qt application, global exception handler, data folder, main window.

A problem the user can fix at start-up (unwritable data folder, a database that cannot be
opened or is damaged) is one clear dialog and exit code 2; nothing is overwritten.

An existing, up-to-date SQLite store shows its login list straight away (read with sqlite3,
`store.quick_read`); the store itself is opened behind it (see `main_window`). Anything else (a
first start, a store to migrate, PostgreSQL) opens the store first, behind a small window.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from configurator.errors import UserError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

    from configurator.bootstrap import AppContext
    from configurator.ui.login import UserChoice
    from configurator.ui.main_window import MainWindow


def _parse(argv: Sequence[str]) -> argparse.Namespace:
    from configurator.cli.main import add_global_options

    parser = argparse.ArgumentParser(prog="configurator", description="Start the app.")
    add_global_options(parser)
    return parser.parse_args(list(argv))


def _no_display_message() -> str | None:
    """Qt aborts the process (core dump) without a display; say so before it does."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc", "eglfs", "linuxfb")):
        return None
    x_display = os.environ.get("DISPLAY", "")
    wayland = os.environ.get("WAYLAND_DISPLAY", "")
    if not x_display and not wayland:
        return (
            "Configurator needs a graphical display, and none was found (DISPLAY and "
            "WAYLAND_DISPLAY are unset). Start it from a desktop session, or use the "
            "command line: configurator --help."
        )
    if x_display and not wayland and not _local_x_server_answers(x_display):
        return (
            f"Configurator cannot reach the display {x_display}: no X server answers on it. "
            "Start it from a desktop session (or check DISPLAY), or use the command line: "
            "configurator --help."
        )
    return None


def _local_x_server_answers(display: str) -> bool:
    """For a local display like ":0", try its X socket (abstract and file); others: assume yes."""
    import re
    import socket

    match = re.fullmatch(r"(?:unix)?:(\d+)(?:\.\d+)?", display)
    if match is None:
        return True  # a remote display: let Qt try, it reports that case itself
    path = f"/tmp/.X11-unix/X{match.group(1)}"
    for address in ("\0" + path, path):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
            probe.settimeout(1.0)
            try:
                probe.connect(address)
            except OSError:
                continue
            return True
    return False


GIL_SWITCH_INTERVAL_S = 0.001


def share_the_gil_finely() -> None:
    """Let the GUI thread get the GIL back within a millisecond (Python's default: 5 ms).

    Workers (stock facts, saving, PDFs) run Python; every event of a Python-made widget
    needs the GIL on the GUI thread, and with 5 ms slices a repaint during a job could wait
    for several of them. Process-wide, so set once by the launcher (and the GUI benchmark).
    """
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)


def launch_gui(argv: Sequence[str]) -> int:
    args = _parse(argv)
    share_the_gil_finely()
    problem = _no_display_message()
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2

    from PySide6.QtWidgets import QApplication

    from configurator.bootstrap import prepare_app
    from configurator.ui.error_dialog import ExceptionHandler
    from configurator.ui.main_window import MainWindow, app_icon
    from configurator.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    apply_theme(app)
    app.setApplicationName("Configurator")
    app.setOrganizationName("Configurator")
    app.setWindowIcon(app_icon())
    handler = ExceptionHandler()
    handler.install()
    from configurator.paths import default_data_dir
    from configurator.ui.single_instance import SingleInstanceServer, ask_running_instance_to_raise

    data_dir = args.data_dir or default_data_dir()
    if ask_running_instance_to_raise(data_dir):
        print("Configurator already runs on this data folder; it was brought to the front.")
        return 0
    try:
        context = prepare_app(data_dir=args.data_dir, database_url=args.database_url)
        users = _quick_users(context.database_url)
        quick = users is not None  # no small window first: the login list is the first paint
        if users is None:  # first start, an upgrade, PostgreSQL: the store first
            splash = _first_paint(app)
            try:
                context.open_store()
                users = _store_users(context)
            finally:
                splash.close()
    except UserError as exc:
        return _cannot_start(exc)
    handler.log_file = context.paths.log
    window = MainWindow(context, users=users)

    def serve_later_starts() -> None:  # after the first paint: QtNetwork is not needed before
        instance = SingleInstanceServer(data_dir, window)
        instance.raise_requested.connect(lambda: _bring_to_front(window))
        instance.listen()

    window.login_painted.connect(serve_later_starts)

    def store_failed(exc: UserError) -> None:
        window.hide()
        app.exit(_cannot_start(exc))

    window.store_failed.connect(store_failed)
    window.show()
    _startup_probe(window, first_paint=quick)
    code = app.exec()
    context.close()
    return code


def _quick_users(database_url: str) -> list[UserChoice] | None:
    from configurator.store.quick_read import login_users
    from configurator.ui.login import UserChoice

    found = login_users(database_url)
    if found is None:
        return None
    return [UserChoice(u.name, u.full_name, u.role) for u in found]


def _store_users(context: AppContext) -> list[UserChoice]:
    from configurator.ui.operations import load_users

    return load_users(engine=context.engine).value


def _cannot_start(exc: UserError) -> int:
    """The one clear message for a start-up problem the user can fix; the exit code."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical, "Configurator cannot start", exc.message)
    if exc.hint:
        box.setInformativeText(exc.hint)
    box.exec()
    print(f"error: {exc}", file=sys.stderr)
    return exc.exit_code


STARTUP_PROBE_ENV = "CONFIGURATOR_STARTUP_PROBE"


def _probe(what: str) -> None:
    if os.environ.get(STARTUP_PROBE_ENV):
        import time

        print(f"{what} {time.time():.6f} {time.process_time():.4f}", flush=True)


def _startup_probe(window: MainWindow, *, first_paint: bool) -> None:
    """benchmarks/bench_gui.py: print the wall-clock times when the login list has been
    painted with the names (usable) and when a sign-in no longer waits for the store (ready),
    then quit. Off unless the variable is set."""
    if not os.environ.get(STARTUP_PROBE_ENV):
        return
    from PySide6.QtWidgets import QApplication

    def ready() -> None:
        _probe("ready-at")
        window.counter.runner.wait_idle()
        QApplication.quit()

    def usable() -> None:
        if first_paint:
            _probe("painted-at")
        _probe("usable-at")

    window.login_painted.connect(usable)
    window.warmed_up.connect(ready)


def _first_paint(app: QApplication) -> QWidget:
    """A small window at once, before the store, SQLAlchemy and the catalog are loaded."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    splash = QLabel("<h3>Configurator</h3><p>Opening the store …</p>")
    splash.setObjectName("startupWindow")
    splash.setWindowTitle("Configurator")
    splash.setAlignment(Qt.AlignmentFlag.AlignCenter)
    splash.setMargin(24)
    splash.resize(360, 140)
    splash.show()
    app.processEvents()
    _probe("painted-at")
    return splash


def _bring_to_front(window: QWidget) -> None:
    window.showNormal()
    window.raise_()
    window.activateWindow()
