"""What the configure view shows, as plain frozen values (no Qt, no rules).

`presenter.py` fills these from the engine's state and the availability service; the widgets
only render them. Keeping the view model flat and immutable lets a widget compare the old and
the new value and touch only what changed (click-to-repaint stays well under one frame).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum


class StockLevel(StrEnum):
    IN_STOCK = "in_stock"
    LOW = "low"
    OUT = "out"
    NONE = "none"
    """No parts (services such as warranty or an operating system licence)."""


@dataclass(frozen=True, slots=True)
class OptionView:
    group_id: str
    option_id: str | None
    """None is the "none" choice of an optional group."""
    label: str
    price_delta: Decimal
    selected: bool
    qty: int = 0
    """"many" groups: how many are picked."""
    max_qty: int = 1
    selectable: bool = True
    """False: picking it needs a repair (the option stays clickable)."""
    can_add: bool = True
    """"many" groups: one more can be added without a repair."""
    explain: Callable[[], str] | None = field(default=None, compare=False, repr=False)
    """Why it is excluded, in the rule messages' words, computed when first shown (the
    engine works explanations out on demand; a click does not pay for all of them)."""
    stock: StockLevel = StockLevel.NONE
    stock_text: str = ""
    """"in stock", "3 left", "out, back on 3 Dec"."""
    date_impact: str = ""
    """"+4 days" when picking it moves the promise date; empty when it does not."""
    recommended: bool = False

    @property
    def explanation(self) -> str:
        return self.explain() if self.explain is not None else ""

    @property
    def key(self) -> tuple[str, str | None]:
        return (self.group_id, self.option_id)


@dataclass(frozen=True, slots=True)
class GroupView:
    id: str
    label: str
    kind: str
    """"one", "optional" or "many" (the catalog's GroupKind values)."""
    options: tuple[OptionView, ...]
    decided: bool
    note: str = ""
    """What the engine changed here on the last click ("cleared: …", "changed to … because …")."""
    min: int = 1
    max: int = 1


@dataclass(frozen=True, slots=True)
class SummaryView:
    code: str
    """The configuration code (may be partial while incomplete)."""
    total: Decimal
    currency: str
    complete: bool
    decided: int
    groups: int
    missing: tuple[str, ...]
    """Labels of the groups still to decide."""
    promise_date: date | None
    handover_date: date | None
    promise_reason: str
    hints: tuple[str, ...]
    """Recommendation messages that fire for the current picks."""
    changes: tuple[str, ...] = ()
    """What the last click changed besides the pick itself (repairs, cleared picks)."""


@dataclass(frozen=True, slots=True)
class ConfigureViewModel:
    groups: tuple[GroupView, ...]
    summary: SummaryView

    def group(self, group_id: str) -> GroupView:
        for group in self.groups:
            if group.id == group_id:
                return group
        raise KeyError(group_id)

    def option(self, group_id: str, option_id: str | None) -> OptionView:
        for group in self.groups:
            if group.id == group_id:
                for option in group.options:
                    if option.option_id == option_id:
                        return option
        raise KeyError((group_id, option_id))


@dataclass(frozen=True, slots=True)
class RepairChange:
    """One line of a repair proposal: a group changing from one pick to another."""

    group_label: str
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class RepairProposal:
    """What the clerk confirms before an excluded option is picked."""

    target: str
    """"Processor: Ryzen 9 8945HS"."""
    reason: str
    """Why it is excluded now (the engine's explanation)."""
    changes: tuple[RepairChange, ...]
    price_before: Decimal
    price_after: Decimal | None


def search_matches(model: ConfigureViewModel, text: str) -> list[tuple[str, str | None]]:
    """Options whose group label, option label or id contain every word of `text`.

    Case-insensitive; any text is accepted (nonsense simply matches nothing). An empty text
    matches every option. Order: display order, so Enter picks what the clerk sees first.
    """
    words = text.casefold().split()
    found: list[tuple[str, str | None]] = []
    for group in model.groups:
        for option in group.options:
            haystack = " ".join(
                (group.label, group.id, option.label, option.option_id or "none")
            ).casefold()
            if all(word in haystack for word in words):
                found.append(option.key)
    return found
