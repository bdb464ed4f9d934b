"""The option list fits its window: two columns only when both fit side by side."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from configurator.ui.main_window import MainWindow
from tests.ui.helpers import sign_in


def test_the_option_list_never_scrolls_sideways_once_stock_facts_arrive(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Stock badges and date impacts arrive after the first paint and widen every row; the
    columns are checked again then (a shop's small catalog got two columns at 1280 px that
    only fitted without the badges, and the second column was cut off)."""
    window.resize(1280, 740)  # the width that showed it, before the page and its stock facts
    QApplication.processEvents()
    clerk = sign_in(qtbot, window, "anna", "1111")
    clerk.idle()
    page = window.configure_page
    assert page is not None
    view = page.view
    assert view.scroll_area.horizontalScrollBar().maximum() == 0, view.columns
    columns_seen = set()
    for width in (2400, 1280, 1100, 1600, 2400):
        window.resize(width, 740)
        QApplication.processEvents()
        clerk.idle()
        QApplication.processEvents()
        assert any(row.badge.isVisible() for row in view.rows())  # the stock facts are in
        assert view.scroll_area.horizontalScrollBar().maximum() == 0, (width, view.columns)
        columns_seen.add(view.columns)
    assert columns_seen == {1, 2}  # both layouts were tried
