"""The sales counter's session: app context, who is signed in, the clock, and change events.

Views receive a `Counter` (no globals). Operations report what they changed as a `Changes`
value; `Counter.changed` fans it out and each view decides whether it must reload (Anki's
OpChanges): placing an order reloads orders and stock, not the configure page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from configurator.ui.op_runner import OpRunner

if TYPE_CHECKING:
    from configurator.bootstrap import AppContext
    from configurator.orders.users import Actor
    from configurator.ui.money import Money


@dataclass(frozen=True, slots=True)
class Changes:
    """What an operation changed in the store."""

    orders: bool = False
    stock: bool = False
    customers: bool = False

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            orders=self.orders or other.orders,
            stock=self.stock or other.stock,
            customers=self.customers or other.customers,
        )


def _today() -> date:
    return date.today()


def _now() -> datetime:
    return datetime.now(UTC)


class Counter(QObject):
    changed = Signal(object)
    """A `Changes` value after an operation succeeded."""
    actor_changed = Signal()
    """Someone signed in or out (read `actor`)."""

    def __init__(
        self,
        context: AppContext,
        *,
        runner: OpRunner | None = None,
        today: Callable[[], date] = _today,
        now: Callable[[], datetime] = _now,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = runner or OpRunner(self)
        self._today = today
        self._now = now
        self.actor: Actor | None = None
        self._money: Money | None = None

    @property
    def money(self) -> Money:
        """Amounts in the shop's locale and currency, as the documents write them."""
        if self._money is None:
            from configurator.ui.money import Money

            settings = self.context.settings
            self._money = Money(settings.locale, settings.currency)
        return self._money

    def today(self) -> date:
        return self._today()

    def now(self) -> datetime:
        return self._now()

    def sign_in(self, actor: Actor) -> None:
        self.actor = actor
        self.actor_changed.emit()

    def sign_out(self) -> None:
        self.actor = None
        self.actor_changed.emit()

    def may(self, right: str) -> bool:
        """Whether the signed-in user's role allows `right` (the core enforces it again)."""
        if self.actor is None:
            return False
        from configurator.orders.users import ROLE_RIGHTS

        return right in ROLE_RIGHTS[self.actor.role]

    def publish(self, changes: Changes) -> None:
        if changes.orders or changes.stock or changes.customers:
            self.changed.emit(changes)
