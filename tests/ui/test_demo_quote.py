"""On the demo catalog and data: a complete laptop quote by keyboard in at most 12 steps."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from configurator.bootstrap import open_app
from configurator.orders.views import get_order
from configurator.ui.counter import Counter
from configurator.ui.main_window import MainWindow
from tests.ui.conftest import NOW, TODAY
from tests.ui.helpers import sign_in


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "data"
    open_app(data_dir=root, today=TODAY).close()  # first start: demo catalog, stock, users
    return root


@pytest.fixture
def demo_window(qtbot: QtBot, tmp_path: Path, demo_template: Path) -> Iterator[MainWindow]:
    data = tmp_path / "data"
    shutil.copytree(demo_template, data)
    context = open_app(data_dir=data, today=TODAY)
    counter = Counter(context, today=lambda: TODAY, now=lambda: NOW)
    window = MainWindow(context, counter=counter, ask_discard=lambda _p, _a: True)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    counter.runner.wait_idle()


def test_a_complete_demo_laptop_quote_takes_at_most_12_interactions(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    window = demo_window
    clerk = sign_in(qtbot, window, "anna", "1111")
    page = window.configure_page
    assert page is not None
    clerk.type_enter(page.view.search, "32 gb")
    clerk.type_enter(page.view.search, "second ssd none")
    assert page.state.complete, page.view.model.summary.missing
    assert page.view.model.summary.missing == ()
    clerk.shortcut("customer")
    clerk.type_enter(page.order_panel.customer, "Studio Nordlicht GmbH")
    clerk.shortcut("save_quote")
    qtbot.waitUntil(lambda: page.last_pdf is not None, timeout=20_000)
    assert clerk.interactions <= 12, clerk.log
    assert page.last_order is not None
    quote = get_order(window.context.engine, page.last_order.number)
    assert quote.summary.status == "quote"
    assert quote.summary.customer == "Studio Nordlicht GmbH"
    assert quote.picks["memory"] == "m32"
    assert page.last_pdf is not None
    text = "".join(p.extract_text() for p in PdfReader(page.last_pdf.path).pages)
    assert page.last_order.number in text
    assert page.view.model.summary.promise_date is not None
