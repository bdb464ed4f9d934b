"""The configure page's customer and discount actions (a mixin of `ConfigurePage`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from configurator.ui import operations as ops
from configurator.ui.discount_dialog import DiscountDialog, DiscountRequest

if TYPE_CHECKING:
    from configurator.ui.configure.order_panel import OrderPanel
    from configurator.ui.counter import Counter


class CustomerDiscountActions:
    """Choosing or creating the customer; a discount, with a manager's approval when needed."""

    counter: Counter
    order_panel: OrderPanel
    discount: DiscountRequest | None
    dialog: QDialog | None
    _managers: list[str]

    def _dialog_parent(self) -> Any:
        return self

    def _documents_stale(self) -> None:
        raise NotImplementedError

    def load_customers(self, select: int | None = None) -> None:
        engine = self.counter.context.engine
        self.counter.runner.run(
            lambda: ops.load_customers(engine=engine),
            on_success=lambda done: self.order_panel.set_customers(done.value, select=select),
            label="Loading customers",
            parent=self._dialog_parent(),
        )

    def choose_customer(self) -> None:
        self.order_panel.customer.setFocus(Qt.FocusReason.ShortcutFocusReason)
        editor = self.order_panel.customer.lineEdit()
        if editor is not None:
            editor.selectAll()

    def new_customer(self) -> QDialog:
        from configurator.ui.customer_dialog import CustomerDialog

        dialog = CustomerDialog(
            self._dialog_parent(), name=self.order_panel.typed_unknown_customer() or ""
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._create_customer(dialog.value()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _create_customer(self, value: Any) -> None:
        counter = self.counter
        actor = counter.actor
        assert actor is not None
        counter.runner.run(
            lambda: ops.create_customer(
                engine=counter.context.engine, actor=actor, customer=value, now=counter.now()
            ),
            on_success=lambda done: self.load_customers(select=done.value.id),
            label="New customer",
            parent=self._dialog_parent(),
        )

    def edit_discount(self) -> DiscountDialog:
        actor = self.counter.actor
        dialog = DiscountDialog(
            limit=self.counter.context.settings.discount_limit_percent,
            managers=self._managers,
            is_manager=actor is not None and actor.role.value == "manager",
            current=self.discount,
            parent=self._dialog_parent(),
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._set_discount(dialog.value()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def load_managers(self) -> None:
        engine = self.counter.context.engine

        def done(result: ops.Done[Any]) -> None:
            self._managers = [u.name for u in result.value if u.role == "manager"]

        self.counter.runner.run(
            lambda: ops.load_users(engine=engine),
            on_success=done,
            label="Loading users",
            parent=self._dialog_parent(),
        )

    def _set_discount(self, discount: DiscountRequest) -> None:
        new = discount if discount.percent else None
        if new != self.discount:
            self._documents_stale()  # a saved quote no longer has this price
        self.discount = new
        self.order_panel.set_discount(self.discount)
