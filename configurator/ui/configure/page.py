"""The configure page's controller: engine state in, view model out, quotes and orders.

A click asks the rule engine for the next state (well under a millisecond, so it runs on the
GUI thread and repaints in the same frame); stock and dates come from the in-memory
availability snapshot, which is reloaded off the GUI thread when an operation says stock or
orders changed. Saving a quote, placing an order and rendering PDFs run on the thread pool.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QVBoxLayout, QWidget

from configurator.catalog.model import Catalog
from configurator.errors import UserError
from configurator.ui import operations as ops
from configurator.ui.configure.customer_actions import CustomerDiscountActions
from configurator.ui.configure.document_actions import DocumentActions
from configurator.ui.configure.order_panel import OrderPanel
from configurator.ui.configure.presenter import StockFacts, present, proposal, stock_facts
from configurator.ui.configure.repair_dialog import RepairDialog
from configurator.ui.configure.view import ConfigureView
from configurator.ui.counter import Changes, Counter
from configurator.ui.discount_dialog import DiscountRequest
from configurator.ui.money import Money

if TYPE_CHECKING:
    from configurator.inventory.service import AvailabilityService
    from configurator.orders.users import Actor
    from configurator.orders.views import OrderDetails, OrderSummary
    from configurator.rules.state import ConfigState, Repair

log = logging.getLogger(__name__)

AskDiscard = Callable[[QWidget, str], bool]


def ask_discard(parent: QWidget, action: str) -> bool:
    """Modal question before unsaved picks are thrown away (tests replace this)."""
    answer = QMessageBox.question(
        parent,
        f"{action}: discard the configuration?",
        "The configuration on screen is not saved as a quote or order yet. Discard it?\n\n"
        "Choose No and press Ctrl+S to save it as a quote first.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


class ConfigurePage(CustomerDiscountActions, DocumentActions, QWidget):
    state_changed = Signal()
    """After every render (tests and the benchmark wait on it)."""
    document_ready = Signal(object)
    """A `PdfResult` once a quote or confirmation was rendered and saved."""

    def __init__(
        self,
        counter: Counter,
        catalog: Catalog,
        *,
        ask: AskDiscard = ask_discard,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("configurePage")
        self.counter = counter
        self.catalog = catalog
        self.ask = ask
        from configurator.inventory.service import AvailabilityService
        from configurator.rules.handover import engine_for

        self.engine = engine_for(catalog)  # the one the linter compiled, when it just ran
        self.service: AvailabilityService = AvailabilityService(
            catalog, counter.context.settings.calendar, engine=counter.context.engine
        )
        self.currency = counter.context.settings.currency or catalog.currency
        self.money = (
            counter.money
            if self.currency == counter.money.currency
            else Money(counter.context.settings.locale, self.currency)
        )
        self.state: ConfigState = self.engine.state({})
        self.facts: StockFacts | None = None
        self._facts_running = False
        self._facts_again = False
        self.discount: DiscountRequest | None = None
        self.quote_number: str | None = None
        """The stored quote this configuration continues (reopened), while unchanged."""
        self.dirty = False
        self.last_pdf: ops.PdfResult | None = None
        self.last_order: OrderSummary | None = None
        self.document_generation = 0
        """Counts configuration changes; a document rendered for an older one is dropped."""
        self.order_panel = OrderPanel()
        self.view = ConfigureView(
            self._present(), money=self.money, title=catalog.name, actions=self.order_panel
        )
        self.view.pick_requested.connect(self.pick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        self.order_panel.new_customer_requested.connect(self.new_customer)
        self.order_panel.discount_requested.connect(self.edit_discount)
        self.order_panel.save_quote_requested.connect(self.save_quote)
        self.order_panel.place_order_requested.connect(self.place_order)
        self.order_panel.preview_requested.connect(self.preview)
        self.order_panel.print_requested.connect(self.print_last)
        self.order_panel.save_pdf_requested.connect(self.save_pdf)
        counter.changed.connect(self._on_changes)
        self.dialog: QDialog | None = None
        self._repair: RepairDialog | None = None
        self._repaired: ConfigState | None = None
        self._update_actions()
        self._managers: list[str] = []
        self.reload_stock()
        self.load_customers()
        self.load_managers()

    # --- rendering ---------------------------------------------------------------------------

    def _present(self) -> Any:
        return present(self.catalog, self.state, facts=self.facts, currency=self.currency)

    def show_state(self) -> None:
        """Render the engine state now; stock facts for these picks follow off-thread."""
        self.view.show_state(self._present())
        self._update_actions()
        self.state_changed.emit()
        if self.facts is None or dict(self.facts.picks) != dict(self.state.picks):
            self._request_facts()

    def _request_facts(self) -> None:
        if self._facts_running:
            self._facts_again = True  # one job at a time; the newest picks win
            return
        self._facts_running = True
        self._facts_again = False
        service, today = self.service, self.counter.today()
        picks, complete = dict(self.state.picks), self.state.complete

        def done(facts: StockFacts) -> None:
            self._facts_running = False
            if dict(facts.picks) == dict(self.state.picks):
                self.facts = facts
                self.view.show_state(self._present())
                self.state_changed.emit()
            if self._facts_again or dict(facts.picks) != dict(self.state.picks):
                self._request_facts()

        def failed(_exc: BaseException) -> bool:
            self._facts_running = False
            return False

        self.counter.runner.run(
            lambda: stock_facts(service, picks, today=today, complete=complete),
            on_success=done,
            on_failure=failed,
            label="Checking stock and dates",
            parent=self,
            after_paint=self,
        )

    def _update_actions(self) -> None:
        self.order_panel.set_complete(
            self.state.complete,
            may_quote=self.counter.may("quote"),
            may_order=self.counter.may("order"),
        )

    def actor_changed(self, _actor: Actor | None) -> None:
        self._update_actions()

    def _on_changes(self, changes: Changes) -> None:
        if changes.stock or changes.orders:
            self.reload_stock()
        if changes.customers:
            self.load_customers()

    def reload_stock(self) -> None:
        service, today = self.service, self.counter.today()

        def work() -> ops.Done[None]:
            service.refresh(today)
            return ops.Done(None)

        def done(_d: ops.Done[None]) -> None:
            self.facts = None  # new stock figures: every option's facts are due again
            self.show_state()

        self.counter.runner.run(work, on_success=done, label="Loading stock", parent=self)

    # --- picking -----------------------------------------------------------------------------

    def pick(self, group_id: str, option_id: str | None, qty: int = 1) -> None:
        """The clerk picked something: new state, or a repair proposal to confirm.

        `option_id` None or "" is the "none" choice of an optional group.
        """
        option_id = option_id or None
        many = self.catalog.group(group_id).kind == "many"
        result = self.engine.pick(self.state, group_id, option_id, qty if many else None)
        if result.state is not None:
            self._set_state(result.state)
            return
        assert result.repair is not None
        self.propose(result.repair)

    def propose(self, repair: Repair) -> RepairDialog:
        # The state after the repair is worked out once: its price is shown in the proposal
        # and the same state is taken when the clerk accepts (no second engine run).
        repaired = self.engine.apply(repair)
        after: Any = repaired.price
        dialog = self._repair_dialog()
        dialog.show_proposal(
            proposal(self.catalog, repair, price_before=self.state.price, price_after=after)
        )
        self._repaired = repaired
        self.dialog = dialog
        dialog.open()
        return dialog

    def _repair_dialog(self) -> RepairDialog:
        if self._repair is None:
            self._repair = RepairDialog(money=self.money, parent=self)
            self._repair.accepted.connect(self._repair_accepted)
            self._repair.rejected.connect(self._repair_rejected)
        return self._repair

    def _repair_accepted(self) -> None:
        repaired, self._repaired = self._repaired, None
        if repaired is not None:
            self._set_state(repaired)

    def _repair_rejected(self) -> None:
        self._repaired = None
        self.show_state()  # put the clicked control back as it was

    def _set_state(self, state: ConfigState) -> None:
        if dict(state.user_picks) != dict(self.state.user_picks):
            self.dirty = True
            self.quote_number = None if self._changed_from_quote(state) else self.quote_number
            self._documents_stale()
        self.state = state
        self.show_state()

    def _documents_stale(self) -> None:
        """The picks changed: the saved quote/order and its PDF no longer show what is on
        screen, so their note and the document buttons go (a PDF still being rendered for
        them is dropped when it arrives; it stays in the Orders tab)."""
        self.document_generation += 1
        if self.last_pdf is None and self.last_order is None:
            return
        note = ""
        if self.last_order is not None:
            what = "quote" if self.last_order.status == "quote" else "order"
            note = f"Changed since {what} {self.last_order.number}; not saved yet."
        self.last_pdf = None
        self.last_order = None
        self.order_panel.set_document(None, note)

    def _changed_from_quote(self, state: ConfigState) -> bool:
        return self.quote_number is not None and state.picks != self._quote_picks

    _quote_picks: Mapping[str, Any] = {}

    def new(self) -> None:
        if not self.confirm_discard("New configuration"):
            return
        self.state = self.engine.state({})
        self.discount = None
        self.quote_number = None
        self.dirty = False
        self.order_panel.set_discount(None)
        self.document_generation += 1
        self.last_pdf = None
        self.last_order = None
        self.order_panel.set_document(None)
        self.view.forget_explained()
        self.show_state()
        self.view.focus_search()

    def focus_find(self) -> None:
        self.view.focus_search()

    def confirm_discard(self, action: str) -> bool:
        if not self.dirty:
            return True
        return self.ask(self, action)

    # --- quote and order ---------------------------------------------------------------------

    def _dialog_parent(self) -> QWidget:
        return self

    def _document_ready(self, pdf: ops.PdfResult) -> None:
        self.document_ready.emit(pdf)

    def _picks(self) -> dict[str, Any]:
        return dict(self.state.picks)

    def save_quote(self) -> None:
        if not self._ready_to_store("quote"):
            return
        counter, context = self.counter, self.counter.context
        actor = counter.actor
        assert actor is not None
        picks, customer, discount = self._picks(), self.order_panel.customer_id(), self.discount
        counter.runner.run(
            lambda: ops.save_quote(
                engine=context.engine,
                catalog=self.catalog,
                settings=context.settings,
                picks=picks,
                actor=actor,
                today=counter.today(),
                now=counter.now(),
                customer_id=customer,
                discount=discount,
            ),
            on_success=lambda done: self._stored(done, "quote", picks),
            label="Save quote",
            parent=self,
        )

    def place_order(self, *, accept_backorder: bool = False) -> None:
        if not self._ready_to_store("order"):
            return
        counter, context = self.counter, self.counter.context
        actor = counter.actor
        assert actor is not None
        quote = self.quote_number
        shown = self._picks()
        picks = None if quote else shown
        customer, discount = self.order_panel.customer_id(), self.discount

        def failed(exc: BaseException) -> bool:
            from configurator.orders.errors import OutOfStockError

            if isinstance(exc, OutOfStockError) and not accept_backorder:
                self._offer_backorder(exc)
                return True
            return False

        counter.runner.run(
            lambda: ops.place_order(
                engine=context.engine,
                catalog=self.catalog,
                settings=context.settings,
                actor=actor,
                today=counter.today(),
                now=counter.now(),
                picks=picks,
                quote=quote,
                customer_id=customer,
                discount=discount,
                accept_backorder=accept_backorder,
            ),
            on_success=lambda done: self._stored(done, "confirmation", shown),
            on_failure=failed,
            label="Place order",
            parent=self,
        )

    def _offer_backorder(self, exc: UserError) -> QMessageBox:
        box = QMessageBox(self)
        box.setObjectName("backorderQuestion")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("Not everything is in stock")
        box.setText(exc.message)
        box.setInformativeText(
            (exc.hint or "") + "\n\nPlace it as a backorder that waits for these parts?"
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(
            lambda code: (
                self.place_order(accept_backorder=True)
                if code == QMessageBox.StandardButton.Yes
                else None
            )
        )
        self.counter.runner.dialogs.append(box)
        box.open()
        return box

    def _ready_to_store(self, what: str) -> bool:
        if self.counter.actor is None:
            return False
        if not self.state.complete:
            missing = ", ".join(
                g.label for g in self.catalog.groups if not self.state.group(g.id).decided
            )
            self.counter.runner.dialogs.append(
                _show(
                    self,
                    UserError(
                        f"The configuration is not complete, so it cannot be saved as {what}.",
                        hint=f"Still to decide: {missing}.",
                    ),
                )
            )
            return False
        unknown = self.order_panel.typed_unknown_customer()
        if unknown is not None:
            self.counter.runner.dialogs.append(
                _show(
                    self,
                    UserError(
                        f"There is no customer named “{unknown}”.",
                        hint="Pick one from the list, or create the customer with New… "
                        "(Ctrl+Shift+K).",
                    ),
                )
            )
            return False
        return True

    def _stored(self, done: ops.Done[OrderSummary], kind: str, picks: Mapping[str, Any]) -> None:
        """Saved: note and document; `picks` are those saved (the clerk may have moved on)."""
        summary = done.value
        self.last_order = summary
        self.dirty = False
        if kind == "quote":
            self.quote_number = summary.number
            self._quote_picks = dict(self.state.picks)
            message = f"Quote {summary.number} saved, valid until {summary.valid_until:%d %b %Y}."
        else:
            self.quote_number = None
            message = f"Order {summary.number} placed"
            if summary.handover_on:
                message += f", handover {summary.handover_on:%d %b %Y}"
            if summary.backorder:
                message += " (waits for parts)"
            message += "."
        self.order_panel.set_document(None, message)
        self.counter.publish(done.changes)
        self.render_document(kind, summary.number, message)
        if dict(self.state.picks) != dict(picks):  # changed while it was being saved
            self.dirty = True
            self.quote_number = None
            self._documents_stale()

    # --- reopening -----------------------------------------------------------------------------

    def open_stored(self, number: str, *, continue_quote: bool) -> None:
        """Load a stored quote (to continue it) or order (to configure a new one like it)."""
        if not self.confirm_discard("Open " + number):
            return
        engine = self.counter.context.engine
        self.counter.runner.run(
            lambda: ops.load_order(engine=engine, number=number),
            on_success=lambda done: self._opened(done.value, continue_quote),
            label=f"Open {number}",
            parent=self,
        )

    def _opened(self, order: OrderDetails, continue_quote: bool) -> None:
        state = self.engine.state(order.picks)
        self.state = state
        self.dirty = not continue_quote
        self.quote_number = order.summary.number if continue_quote and not state.dropped else None
        self._quote_picks = dict(state.picks)
        self.load_customers(select=order.customer_id)
        self.discount = (
            DiscountRequest(order.summary.discount_percent)
            if continue_quote and order.summary.discount_percent
            else None
        )
        self.order_panel.set_discount(self.discount)
        self.document_generation += 1
        self.last_pdf = None
        self.last_order = None
        what = "Quote" if continue_quote else "Order"
        note = f"{what} {order.summary.number} opened"
        if state.dropped:
            note += "; some picks no longer fit the catalog (see the marked groups)"
        self.order_panel.set_document(None, note + ".")
        self.show_state()


def _show(parent: QWidget, error: UserError) -> QMessageBox:
    from configurator.ui.error_dialog import show_user_error

    return show_user_error(parent, error)
