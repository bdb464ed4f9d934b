"""Item models pass Qt's model tester; the Help menu lists every shortcut; roles limit actions."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from configurator.ui.main_window import MainWindow
from configurator.ui.shortcuts import SHORTCUTS
from tests.ui.helpers import orders_view, sign_in, stock_view


def test_orders_and_stock_models_pass_the_model_tester(
    qtbot: QtBot, window: MainWindow, qtmodeltester: ModelTester
) -> None:
    clerk = sign_in(qtbot, window, "werner", "3333")
    window.show_page("orders")
    window.show_page("stock")
    clerk.idle()
    orders = orders_view(window)
    stock = stock_view(window)
    assert orders.model.rowCount() > 0
    assert stock.model.rowCount() > 0
    qtmodeltester.check(orders.model)  # type: ignore[no-untyped-call]
    qtmodeltester.check(stock.model)  # type: ignore[no-untyped-call]
    qtmodeltester.check(stock.proxy)  # type: ignore[no-untyped-call]


def test_help_lists_every_shortcut_and_each_is_bound(qtbot: QtBot, window: MainWindow) -> None:
    dialog = window.show_shortcuts()
    text = dialog.findChildren(type(window.user_label))[0].text()
    for item in SHORTCUTS:
        assert item.keys in text
        assert window.actions_by_name[item.name].shortcut().toString() != ""
    dialog.close()


def test_roles_limit_what_the_signed_in_user_can_do(qtbot: QtBot, window: MainWindow) -> None:
    clerk = sign_in(qtbot, window, "werner", "3333")  # workshop: no quotes, may adjust stock
    page = window.configure_page
    assert page is not None
    for text in ("16-inch", "graphics none", "hdmi"):
        clerk.type_enter(page.view.search, text)
    assert page.state.complete
    assert not page.order_panel.save_quote.isEnabled()
    assert not page.order_panel.place_order.isEnabled()
    window.show_page("stock")
    clerk.idle()
    stock = stock_view(window)
    assert stock.select_part("RAM-8")
    line = stock.current()
    assert line is not None
    assert stock.adjust_button.isEnabled()
    dialog = stock.open_dialog(adjust=True)
    assert dialog is not None
    dialog.qty.setValue(25)
    dialog._accept()  # OK without a reason: refused in the dialog, nothing sent
    assert dialog.isVisible()
    assert "Say why" in dialog.message.text()
    dialog.text.setText("stock take")
    dialog._accept()
    clerk.idle()
    assert f"RAM-8: {25 - line.on_hand:+d}" in stock.status.text()
    clerk.shortcut("sign_out")
    assert window.counter.actor is None
    assert window.stack.currentWidget() is window.login


def test_a_new_customer_is_created_and_chosen(qtbot: QtBot, window: MainWindow) -> None:
    from configurator.orders.people import list_customers
    from configurator.ui.customer_dialog import CustomerDialog

    clerk = sign_in(qtbot, window, "anna", "1111")
    page = window.configure_page
    assert page is not None
    page.order_panel.customer.setEditText("Zoë Ångström")
    dialog = page.new_customer()
    assert isinstance(dialog, CustomerDialog)
    assert dialog.name.text() == "Zoë Ångström"  # what was typed in the picker
    dialog.email.setText("not-an-address@")
    dialog._accept()
    assert dialog.isVisible()
    assert "not an e-mail address" in dialog.message.text()
    dialog.email.setText("zoe@example.org")
    dialog._accept()
    clerk.idle()
    names = [c.name for c in list_customers(window.context.engine)]
    assert "Zoë Ångström" in names
    assert page.order_panel.customer.currentText() == "Zoë Ångström"
    assert page.order_panel.customer_id() is not None
