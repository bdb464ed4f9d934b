"""Re-make the README screenshots under Xvfb (see README, "Using the app").

    Xvfb :99 -screen 0 1366x768x24 &
    DISPLAY=:99 .venv/bin/python docs/screenshots/make_screenshots.py
    DISPLAY=:99 CONFIGURATOR_THEME=dark .venv/bin/python docs/screenshots/make_screenshots.py

Starts the real window on a fresh demo data folder, signs in as the demo clerk, walks through
the views and captures the whole screen with ImageMagick's `import -window root`. With the
dark theme only the configure view is taken (configure-dark.png).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent


def settle(app: object, seconds: float = 0.6) -> None:
    end = time.time() + seconds
    while time.time() < end:
        app.processEvents()  # type: ignore[attr-defined]


def shoot(app: object, name: str) -> None:
    settle(app)
    subprocess.run(["import", "-window", "root", str(HERE / name)], check=True)


def main() -> None:
    import os

    from PySide6.QtWidgets import QApplication
    from sqlmodel import Session

    from configurator.bootstrap import open_app
    from configurator.orders.users import actor_by_name
    from configurator.ui.counter import Counter
    from configurator.ui.main_window import MainWindow, app_icon
    from configurator.ui.theme import THEME_ENV, apply_theme

    dark = os.environ.get(THEME_ENV, "").strip().lower() == "dark"

    app = QApplication(sys.argv[:1])
    apply_theme(app)
    app.setWindowIcon(app_icon())
    with tempfile.TemporaryDirectory() as folder:
        context = open_app(data_dir=Path(folder) / "data")
        today = date.today()
        counter = Counter(context, today=lambda: today, now=lambda: datetime.now(UTC))
        window = MainWindow(context, counter=counter, ask_discard=lambda _p, _a: True)
        window.setGeometry(0, 0, 1366, 768)
        window.show()
        settle(app, 2.0)
        if not dark:
            shoot(app, "login.png")
        with Session(context.engine) as session:
            counter.sign_in(actor_by_name(session, "anna"))
        settle(app, 2.0)
        page = window.configure_page
        assert page is not None
        page.pick("memory", "m32")
        while not page.state.complete:
            group = next(g for g in page.state.groups if not g.decided)
            option = next(o for o in group.options if o.selectable)
            page.pick(group.group, option.option, 1)
        settle(app, 1.0)
        excluded = next(r for r in page.view.rows() if not r.option.selectable)
        excluded.control.setFocus()
        shoot(app, "configure-dark.png" if dark else "configure.png")
        if dark:
            window.close()
            context.close()
            return
        window.show_page("orders")
        settle(app, 1.5)
        orders = window.pages["orders"]
        if orders.model.rowCount():
            orders.table.selectRow(0)
        shoot(app, "orders.png")
        window.show_page("stock")
        settle(app, 1.5)
        shoot(app, "stock.png")
        window.close()
        context.close()


if __name__ == "__main__":
    main()
