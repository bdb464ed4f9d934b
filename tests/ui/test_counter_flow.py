"""The sales-counter flows end to end, by keyboard, on a real store (offscreen)."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from configurator.orders.views import get_order, list_orders
from configurator.ui.configure.repair_dialog import RepairDialog
from configurator.ui.main_window import MainWindow
from configurator.ui.pdf_output import PreviewDialog, print_document
from configurator.ui.theme import tones
from tests.ui.helpers import Clerk, orders_view, sign_in, stock_view


def _find_pick(clerk: Clerk, text: str) -> None:
    page = clerk.window.configure_page
    assert page is not None
    clerk.type_enter(page.view.search, text)


def test_happy_path_by_keyboard_with_a_repair_customer_order_and_print(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    clerk = sign_in(qtbot, window, "anna", "1111")
    login_steps = clerk.interactions
    page = window.configure_page
    assert page is not None
    assert page.view.search.hasFocus()  # after login the clerk can type right away

    _find_pick(clerk, "13-inch")
    assert page.state.picks["chassis"] == "c13"
    # The 45 W processor does not fit the 13-inch chassis: excluded, but still clickable.
    h9 = page.view.row("processor", "h9")
    assert h9.option.selectable is False
    assert "chassis rated for 45 W" in h9.option.explanation
    assert "chassis rated for 45 W" in h9.tooltip_text()
    page.view.explain.show_option(h9.option, tones())  # the "Why not?" panel says the same
    assert "chassis rated for 45 W" in page.view.explain.text.text()
    _find_pick(clerk, "ultra 9")
    dialog = page.dialog
    assert isinstance(dialog, RepairDialog)
    assert [c.group_label for c in dialog.proposal.changes] == ["Chassis"]
    clerk.key(Qt.Key.Key_Return, target=dialog)  # Enter accepts the repair
    assert page.state.picks["processor"] == "h9"
    assert page.state.picks["chassis"] == "c16"
    assert any("Chassis" in c for c in page.view.model.summary.changes)

    _find_pick(clerk, "graphics none")
    _find_pick(clerk, "usb-c")
    assert page.state.complete, page.view.model.summary.missing
    summary = page.view.model.summary
    assert summary.promise_date is not None
    assert summary.promise_reason
    assert summary.code
    assert not summary.code.startswith("(")

    clerk.shortcut("customer")
    clerk.type_enter(page.order_panel.customer, "Studio Nordlicht GmbH")
    assert page.order_panel.customer_id() is not None

    clerk.shortcut("place_order")
    qtbot.waitUntil(lambda: page.last_pdf is not None, timeout=15_000)
    assert page.last_order is not None
    number = page.last_order.number
    order = get_order(window.context.engine, number)
    assert order.summary.status == "ordered"
    assert order.summary.customer == "Studio Nordlicht GmbH"
    assert order.picks["processor"] == "h9"
    assert page.last_pdf is not None
    assert page.last_pdf.path.is_file()
    assert "Order confirmation" in page.last_pdf.title
    configure_steps = clerk.interactions - login_steps
    assert configure_steps <= 12, clerk.log

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    pages = print_document(page.last_pdf.data, printer, saved_at=page.last_pdf.path)
    assert pages == page.last_pdf.pages >= 1
    assert len(PdfReader(printed).pages) == pages

    preview = page.preview()  # the print preview shows the real pages
    assert isinstance(preview, PreviewDialog)
    assert preview.document.pageCount() == pages
    preview.close()


def test_escape_keeps_the_configuration_when_a_repair_is_proposed(
    qtbot: QtBot, window: MainWindow
) -> None:
    clerk = sign_in(qtbot, window, "anna", "1111")
    page = window.configure_page
    assert page is not None
    _find_pick(clerk, "13-inch")
    before = dict(page.state.picks)
    _find_pick(clerk, "rtx")
    dialog = page.dialog
    assert isinstance(dialog, RepairDialog)
    assert [(c.before, c.after) for c in dialog.proposal.changes] == [
        ("13-inch chassis", "16-inch chassis")
    ]
    clerk.key(Qt.Key.Key_Escape, target=dialog)
    assert dict(page.state.picks) == before
    assert not page.view.row("gpu", "rtx").button.isChecked()  # type: ignore[union-attr]


def test_quote_reopened_from_orders_and_converted(qtbot: QtBot, window: MainWindow) -> None:
    clerk = sign_in(qtbot, window, "anna", "1111")
    page = window.configure_page
    assert page is not None
    for text in ("16-inch", "32 gb", "graphics none", "hdmi"):
        _find_pick(clerk, text)
    assert page.state.complete
    clerk.shortcut("save_quote")
    qtbot.waitUntil(lambda: page.last_pdf is not None, timeout=15_000)
    assert page.last_order is not None
    quote = page.last_order.number
    assert get_order(window.context.engine, quote).summary.status == "quote"

    page.ask = lambda _parent, _action: True
    clerk.shortcut("new")
    assert "memory" not in page.state.user_picks

    clerk.shortcut("tab_orders")
    orders = orders_view(window)
    qtbot.waitUntil(lambda: orders.model.rowCount() > 0, timeout=15_000)
    assert orders.select_number(quote)
    clerk.idle()
    qtbot.waitUntil(lambda: orders.selected is not None, timeout=15_000)
    orders.open_selected()
    clerk.idle()
    assert page.quote_number == quote
    assert page.state.picks["memory"] == "m32"
    page.last_pdf = None
    clerk.shortcut("place_order")
    qtbot.waitUntil(lambda: page.last_pdf is not None, timeout=15_000)
    converted = get_order(window.context.engine, quote)
    assert converted.summary.status == "ordered"
    assert converted.summary.quote_number == quote


def test_cancelling_an_order_releases_its_stock(qtbot: QtBot, window: MainWindow) -> None:
    from configurator.orders.stock import list_stock

    clerk = sign_in(qtbot, window, "anna", "1111")
    page = window.configure_page
    assert page is not None
    for text in ("16-inch", "32 gb", "graphics none", "hdmi"):
        _find_pick(clerk, text)
    engine = window.context.engine

    def reserved(part: str) -> int:
        return sum(line.reserved for line in list_stock(engine) if line.part == part)

    before = reserved("RAM-16")  # the demo data's open orders hold some already
    clerk.shortcut("place_order")
    qtbot.waitUntil(lambda: page.last_pdf is not None, timeout=15_000)
    assert page.last_order is not None
    number = page.last_order.number
    assert reserved("RAM-16") == before + 2

    orders = orders_view(window)
    window.show_page("orders")
    clerk.idle()
    assert orders.select_number(number)
    qtbot.waitUntil(lambda: orders.selected is not None, timeout=15_000)
    orders.docs.setCurrentIndex(orders.docs.findData("assembly"))
    orders.show_document()
    clerk.idle()
    assert orders.last_pdf is not None
    assert orders.last_pdf.title == f"Assembly sheet {number}"
    assert orders.last_pdf.path.is_file()
    assert orders.cancel_button.isEnabled()
    orders.cancel(number, "customer changed their mind")
    clerk.idle()
    assert reserved("RAM-16") == before
    assert get_order(engine, number).summary.status == "cancelled"
    assert [o.status for o in list_orders(engine) if o.number == number] == ["cancelled"]


def test_receiving_goods_books_them_into_stock(qtbot: QtBot, window: MainWindow) -> None:
    from configurator.orders.stock import list_stock

    clerk = sign_in(qtbot, window, "anna", "1111")
    stock = stock_view(window)
    window.show_page("stock")
    clerk.idle()
    assert stock.select_part("GPU-4060")
    assert stock.receive_button.isEnabled()
    assert not stock.adjust_button.isEnabled()  # a clerk may receive but not adjust
    dialog = stock.open_dialog(adjust=False)
    assert dialog is not None
    dialog.qty.setValue(5)
    dialog.text.setText("PO-4711")
    dialog.accept()
    clerk.idle()
    lines = [line for line in list_stock(window.context.engine) if line.part == "GPU-4060"]
    assert sum(line.on_hand for line in lines) == 5
    assert "Received 5" in stock.status.text()


def test_receiving_panels_builds_a_backordered_display(qtbot: QtBot, window: MainWindow) -> None:
    """No 16-inch display assembly and no panel on the shelf: an order waits for the display;
    a delivery of one panel received at the Stock tab builds the display for that order."""
    from sqlmodel import Session

    from configurator.orders.placing import place_order
    from configurator.orders.stock import adjust_stock
    from configurator.orders.users import actor_by_name
    from configurator.rules.engine import Engine

    context = window.context
    today = window.counter.today()
    with Session(context.engine) as session:
        maria = actor_by_name(session, "maria")
    for part in ("DSP-16", "PNL-16"):
        adjust_stock(
            context.engine, part=part, counted=0, reason="test: none left", actor=maria, today=today
        )
    state = Engine(context.catalog).state({"chassis": "c16", "gpu": None, "ports": {"usbc": 1}})
    assert state.complete
    waiting = place_order(
        context.engine,
        catalog=context.catalog,
        settings=context.settings,
        actor=maria,
        today=today,
        picks=state.picks,
        accept_backorder=True,
    )
    assert waiting.backorder
    clerk = sign_in(qtbot, window, "anna", "1111")
    stock = stock_view(window)
    window.show_page("stock")
    clerk.idle()
    assert stock.select_part("PNL-16")
    dialog = stock.open_dialog(adjust=False)
    assert dialog is not None
    dialog.qty.setValue(1)
    dialog.accept()
    clerk.idle()
    # Orders wait oldest first; the stock count above left older ones waiting for a display.
    built = re.search(r"now buildable for (\S+) \(1 × DSP-16\)", stock.status.text())
    assert built is not None, stock.status.text()
    number = built.group(1)
    assert number <= waiting.number
    assert not get_order(context.engine, number).summary.backorder
