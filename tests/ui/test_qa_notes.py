"""QA's notes on the configure page: stale "Why not?", clipped suggestions, stale documents,
and prices written the way the shop's documents write them."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from configurator.documents.format import Formatter
from configurator.documents.model import Locale
from configurator.ui.configure.page import ConfigurePage
from configurator.ui.configure.repair_dialog import RepairDialog
from configurator.ui.main_window import MainWindow
from tests.ui.helpers import Clerk, sign_in


def _page(window: MainWindow) -> ConfigurePage:
    page = window.configure_page
    assert page is not None
    return page


def _find_pick(clerk: Clerk, text: str) -> None:
    clerk.type_enter(_page(clerk.window).view.search, text)


def _text_fits(label: QLabel) -> bool:
    """Whether the label's rich text, laid out at the label's width, fits its height."""
    document = QTextDocument()
    document.setDefaultFont(label.font())
    document.setDocumentMargin(0)
    if label.textFormat() == Qt.TextFormat.PlainText:
        document.setPlainText(label.text())
    else:
        document.setHtml(label.text())
    rect = label.contentsRect()
    document.setTextWidth(rect.width())
    return document.size().height() <= rect.height() + 0.5


def test_why_not_panel_forgets_the_hovered_option_on_a_new_configuration(
    qtbot: QtBot, window: MainWindow
) -> None:
    clerk = sign_in(qtbot, window, "anna", "1111")
    page = _page(window)
    _find_pick(clerk, "13-inch")
    h9 = page.view.row("processor", "h9")
    h9.control.setFocus()  # keyboard: Tab or Down from the search box lands on it
    qtbot.waitUntil(lambda: "Why not Core Ultra 9 H" in page.view.explain.text.text())
    assert "45 W" in h9.control.toolTip()  # the explanation, made when it got attention
    page.view.search.setFocus()
    QApplication.sendEvent(h9.control, QEvent(QEvent.Type.Enter))  # the mouse rests on it
    assert "Why not Core Ultra 9 H" in page.view.explain.text.text()
    clerk.shortcut("new")
    assert "Why not Core Ultra 9 H" not in page.view.explain.text.text()
    assert "Move to an option marked ⊘" in page.view.explain.text.text()


def test_why_not_panel_follows_the_picks_for_the_option_it_shows(
    qtbot: QtBot, window: MainWindow
) -> None:
    clerk = sign_in(qtbot, window, "anna", "1111")
    page = _page(window)
    _find_pick(clerk, "13-inch")
    QApplication.sendEvent(page.view.row("processor", "h9").control, QEvent(QEvent.Type.Enter))
    _find_pick(clerk, "16-inch")  # now the 45 W processor fits
    text = page.view.explain.text.text()
    assert "Why not" not in text
    assert "Possible with the current picks" in text


def test_suggestions_show_every_line_even_when_the_side_column_is_short(
    qtbot: QtBot, window: MainWindow
) -> None:
    clerk = sign_in(qtbot, window, "anna", "1111")
    page = _page(window)
    for text in ("16-inch", "rtx"):
        _find_pick(clerk, text)
    hints = page.view.summary.hints
    assert page.view.model.summary.hints
    for height in (768, 480):  # a 1366x768 screen, and a window made small
        window.resize(1366, height)
        QApplication.processEvents()
        assert window.height() == height  # the side column does not force a taller window
        assert hints.isVisible()
        assert _text_fits(hints), (height, hints.contentsRect(), hints.text())
    assert "32 GB" in hints.text()


def test_saved_quote_and_its_document_buttons_go_stale_when_the_picks_change(
    qtbot: QtBot, window: MainWindow
) -> None:
    clerk = sign_in(qtbot, window, "anna", "1111")
    page = _page(window)
    for text in ("16-inch", "graphics none", "hdmi"):
        _find_pick(clerk, text)
    clerk.shortcut("save_quote")
    qtbot.waitUntil(lambda: page.last_pdf is not None, timeout=15_000)
    panel = page.order_panel
    assert "saved" in panel.status.text()
    assert panel.preview.isEnabled()
    _find_pick(clerk, "32 gb")
    assert not panel.preview.isEnabled()
    assert not panel.print.isEnabled()
    assert not panel.save_pdf.isEnabled()
    assert "saved" not in panel.status.text() or "changed" in panel.status.text().lower()
    assert page.preview() is None  # Ctrl+Shift+P has nothing stale to show either
    assert page.quote_number is None


def test_a_document_that_finishes_after_a_change_does_not_come_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    clerk = sign_in(qtbot, window, "anna", "1111")
    page = _page(window)
    for text in ("16-inch", "graphics none", "hdmi"):
        _find_pick(clerk, text)
    page.save_quote()
    qtbot.waitUntil(lambda: page.last_order is not None, timeout=15_000)
    page.pick("memory", "m32")  # before the quote's PDF is back
    clerk.idle()
    assert not page.order_panel.preview.isEnabled()
    assert page.last_pdf is None


def test_prices_follow_the_shop_locale_like_the_documents(qtbot: QtBot, window: MainWindow) -> None:
    settings = window.context.settings
    money = Formatter(Locale(settings.locale, settings.currency)).money
    assert money(Decimal("1038")) != "1,038.00 EUR"  # the demo shop writes German prices
    clerk = sign_in(qtbot, window, "anna", "1111")
    page = _page(window)
    _find_pick(clerk, "13-inch")
    total = page.state.price
    assert page.view.summary.total.text() == money(total)
    assert page.view.row("memory", "m32").price.text() == "+" + money(Decimal("90.00"))
    assert page.view.row("memory", "m16").price.text() == "incl."
    _find_pick(clerk, "rtx")
    dialog = page.dialog
    assert isinstance(dialog, RepairDialog)
    after = dialog.proposal.price_after
    assert after is not None
    assert money(after) in dialog.text()
    dialog.reject()


def test_why_not_panel_says_plainly_that_none_takes_no_parts(
    qtbot: QtBot, window: MainWindow
) -> None:
    clerk = sign_in(qtbot, window, "anna", "1111")
    clerk.idle()
    view = _page(window).view
    row = view.row("gpu", None)  # the optional graphics card's "None"
    row.control.setFocus()
    QApplication.processEvents()
    text = view.explain.text.text()
    assert "Possible with the current picks" in text
    assert "Takes no parts from stock" in text
    assert "no parts to stock" not in text


def test_suggestions_box_is_tinted_only_when_it_suggests_something(
    qtbot: QtBot, window: MainWindow
) -> None:
    clerk = sign_in(qtbot, window, "anna", "1111")
    page = _page(window)
    hints = page.view.summary.hints
    assert not page.view.model.summary.hints
    assert not hints.autoFillBackground()  # no empty tinted strip under the code
    for text in ("16-inch", "rtx"):
        _find_pick(clerk, text)
    assert page.view.model.summary.hints
    assert hints.autoFillBackground()
