"""A real shop for GUI tests: data folder, migrated SQLite store, users with PINs, stock.

The store is built once per session (argon2 PIN hashing is slow on purpose) and copied for
each test, so every test starts from the same shop and may change it freely. Nothing is
faked below the GUI: the tests drive the real engine, store and documents.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from configurator.bootstrap import AppContext, open_app
from configurator.paths import resource
from configurator.ui.counter import Counter
from configurator.ui.main_window import MainWindow
from tests.helpers.catalogs import MINI_CATALOG

TODAY = date(2026, 11, 25)  # a Wednesday
NOW = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)

STOCK_TOML = """\
[[stock]]
part = "CHS-13"
on_hand = 10
[[stock]]
part = "CHS-16"
on_hand = 6
[[stock]]
part = "DSP-13"
on_hand = 10
[[stock]]
part = "DSP-16"
on_hand = 4
[[stock]]
part = "PNL-16"
on_hand = 2
[[stock]]
part = "BZL-16"
on_hand = 5
[[stock]]
part = "MB-U5"
on_hand = 8
[[stock]]
part = "MB-H9"
on_hand = 3
[[stock]]
part = "RAM-8"
on_hand = 30
[[stock]]
part = "RAM-16"
on_hand = 20
[[stock]]
part = "GPU-4060"
on_hand = 0
[[stock]]
part = "EXP-USBC"
on_hand = 40
[[stock]]
part = "EXP-HDMI"
on_hand = 12
[[stock]]
part = "PSU-65"
on_hand = 20
[[stock]]
part = "PSU-140"
on_hand = 6

[[receipts]]
part = "GPU-4060"
qty = 5
due_in_days = 8
supplier_ref = "PO-4711"
"""

PINS = {"anna": "1111", "werner": "3333", "maria": "9999"}


def _build_shop(root: Path) -> None:
    root.mkdir(parents=True)
    (root / "catalog.toml").write_text(MINI_CATALOG, encoding="utf-8")
    (root / "stock.toml").write_text(STOCK_TOML, encoding="utf-8")
    settings = resource("demo", "shop.toml").read_text(encoding="utf-8")
    lines = [
        'catalog = "catalog.toml"' if line.startswith("catalog =") else line
        for line in settings.splitlines()
    ]
    (root / "shop.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    from configurator.store.seed import seed_demo

    context = open_app(data_dir=root, today=TODAY, seed_demo=False)
    try:
        seed_demo(
            context.engine, catalog=context.catalog, stock_file=root / "stock.toml", today=TODAY
        )
    finally:
        context.close()


@pytest.fixture(scope="session")
def shop_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ui-shop") / "data"
    _build_shop(root)
    return root


@pytest.fixture
def shop_dir(tmp_path: Path, shop_template: Path) -> Path:
    target = tmp_path / "shop"
    shutil.copytree(shop_template, target)
    return target


@pytest.fixture
def context(shop_dir: Path) -> Iterator[AppContext]:
    ctx = open_app(data_dir=shop_dir, today=TODAY)
    yield ctx
    ctx.close()


@pytest.fixture
def counter(context: AppContext) -> Counter:
    return Counter(context, today=lambda: TODAY, now=lambda: NOW)


def _drain(qtbot: QtBot, counter: Counter) -> None:
    """Let every operation finish and deliver its result while its window still exists."""
    qtbot.waitUntil(lambda: not counter.runner.busy, timeout=30_000)


@pytest.fixture
def window(qtbot: QtBot, context: AppContext, counter: Counter) -> Iterator[MainWindow]:
    # Closing with unsaved picks asks; tests that are about that question replace `ask`.
    win = MainWindow(context, counter=counter, ask_discard=lambda _parent, _action: True)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    _drain(qtbot, counter)
    import shiboken6

    for box in counter.runner.dialogs:
        if shiboken6.isValid(box):
            box.close()
