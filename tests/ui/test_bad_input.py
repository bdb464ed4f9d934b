"""Every error the counter can meet: a clear message, nothing lost, nothing half-done."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from configurator.orders.views import list_orders
from configurator.ui import pdf_output
from configurator.ui.discount_dialog import DiscountRequest
from configurator.ui.main_window import MainWindow
from configurator.ui.op_runner import OpRunner
from configurator.ui.pdf_output import PrintError, print_with_dialog
from tests.ui.helpers import Clerk, sign_in


def _complete(clerk: Clerk) -> None:
    page = clerk.window.configure_page
    assert page is not None
    for text in ("16-inch", "graphics none", "hdmi"):
        clerk.type_enter(page.view.search, text)
    assert page.state.complete


def test_three_wrong_pins_lock_the_user_out(qtbot: QtBot, window: MainWindow) -> None:
    clerk = Clerk(qtbot, window)
    clerk.idle()
    window.login.select_user("anna")
    messages = []
    for _ in range(3):
        clerk.type_enter(window.login.pin, "0000")
        messages.append(window.login.message.text())
    assert "Wrong PIN" in messages[0]
    assert "2 attempt" in messages[0]
    assert "locked" in messages[2]
    clerk.type_enter(window.login.pin, "1111")  # right PIN, but locked for a while
    assert window.counter.actor is None
    assert "locked" in window.login.message.text()
    assert window.stack.currentWidget() is window.login


def test_nonsense_in_the_search_box_matches_nothing_and_esc_clears(
    qtbot: QtBot, window: MainWindow
) -> None:
    clerk = sign_in(qtbot, window, "anna", "1111")
    page = window.configure_page
    assert page is not None
    before = dict(page.state.picks)
    clerk.type_enter(page.view.search, "zzqx 'drop table'; --")
    assert "No option matches" in page.view.search_status.text()
    assert dict(page.state.picks) == before
    page.view.search.setText("✈✈ §§ ünïcödé")  # QTest cannot type these; paste them
    clerk.key(Qt.Key.Key_Return, target=page.view.search)
    assert "No option matches" in page.view.search_status.text()
    assert dict(page.state.picks) == before
    assert all(box.isHidden() for box in page.view.boxes.values())
    clerk.key(Qt.Key.Key_Escape, target=page.view.search)
    assert page.view.search.text() == ""
    assert not any(box.isHidden() for box in page.view.boxes.values())


def test_an_incomplete_configuration_cannot_be_saved(qtbot: QtBot, window: MainWindow) -> None:
    sign_in(qtbot, window, "anna", "1111")
    page = window.configure_page
    assert page is not None
    assert not page.order_panel.save_quote.isEnabled()
    page.save_quote()
    box = window.counter.runner.dialogs[-1]
    assert "not complete" in box.text()
    assert "Graphics card" in box.informativeText()
    box.close()


def test_a_typed_customer_that_does_not_exist_is_refused(qtbot: QtBot, window: MainWindow) -> None:
    clerk = sign_in(qtbot, window, "anna", "1111")
    _complete(clerk)
    page = window.configure_page
    assert page is not None
    page.order_panel.customer.setEditText("Nobody Known")
    page.save_quote()
    box = window.counter.runner.dialogs[-1]
    assert "Nobody Known" in box.text()
    assert "New" in box.informativeText()
    box.close()
    assert list_orders(window.context.engine, status="quote", customer="Nobody") == []


def test_a_large_discount_with_a_wrong_manager_pin_is_refused_and_kept_on_screen(
    qtbot: QtBot, window: MainWindow
) -> None:
    clerk = sign_in(qtbot, window, "anna", "1111")
    _complete(clerk)
    page = window.configure_page
    assert page is not None
    dialog = page.edit_discount()
    dialog.percent.setValue(12)
    assert dialog.needs_approval()
    assert dialog.manager.isVisibleTo(dialog)
    dialog.pin.setText("0000")
    dialog.accept()
    assert page.discount == DiscountRequest(Decimal("12.00"), "", "maria", "0000")
    before = len(list_orders(window.context.engine))
    page.save_quote()
    qtbot.waitUntil(lambda: not window.counter.runner.busy)
    box = window.counter.runner.dialogs[-1]
    assert "Wrong PIN" in box.text()
    box.close()
    assert len(list_orders(window.context.engine)) == before
    assert page.state.complete
    assert page.discount is not None


def test_database_going_away_offers_retry_and_loses_nothing(
    qtbot: QtBot, window: MainWindow
) -> None:
    from sqlalchemy.exc import OperationalError

    runner: OpRunner = window.counter.runner
    calls: list[int] = []
    results: list[str] = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("INSERT ...", {}, Exception("unable to open database file"))
        return "saved"

    with qtbot.waitSignal(runner.failed):
        runner.run(flaky, on_success=results.append, label="Save quote", parent=window)
    box = runner.dialogs[-1]
    assert "cannot be reached" in box.text()
    assert "Nothing you entered is lost" in box.text()
    retry = box.button(QMessageBox.StandardButton.Retry)
    assert retry is not None
    with qtbot.waitSignal(runner.busy_changed):
        retry.click()
    qtbot.waitUntil(lambda: results == ["saved"])
    assert len(calls) == 2


def test_closing_mid_order_asks_and_no_keeps_the_window(qtbot: QtBot, window: MainWindow) -> None:
    clerk = sign_in(qtbot, window, "anna", "1111")
    page = window.configure_page
    assert page is not None
    clerk.type_enter(page.view.search, "32 gb")
    asked: list[str] = []

    def ask(_parent: object, action: str) -> bool:
        asked.append(action)
        return False

    page.ask = ask
    window.close()
    assert asked == ["Quit"]
    assert window.isVisible()
    # After the order is placed nothing is pending: closing does not ask any more.
    _complete(clerk)
    clerk.shortcut("place_order")
    qtbot.waitUntil(lambda: page.last_pdf is not None, timeout=15_000)
    assert not page.dirty
    assert page.confirm_discard("Quit")
    assert asked == ["Quit"]


def test_no_printer_is_a_clear_message_naming_the_saved_pdf(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_output, "has_printer", lambda: False)
    saved = tmp_path / "Q-2026-0001-quote.pdf"
    saved.write_bytes(b"%PDF-1.4")
    with pytest.raises(PrintError) as caught:
        print_with_dialog(window, b"%PDF-1.4", saved_at=saved)
    assert "No printer" in caught.value.message
    assert str(saved) in (caught.value.hint or "")
