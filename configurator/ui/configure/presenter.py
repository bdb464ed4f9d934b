"""From the engine's `ConfigState` and the availability service's answers to the view model.

Pure mapping (labels, prices, texts), no rule is evaluated here: which option is selectable,
why not, the price, the code and the hints all come from the engine; stock status, date
impact and the promise date from `AvailabilityService`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from configurator.catalog.model import Catalog, Group, GroupKind
from configurator.ui.configure.viewmodel import (
    ConfigureViewModel,
    GroupView,
    OptionView,
    RepairChange,
    RepairProposal,
    StockLevel,
    SummaryView,
)

if TYPE_CHECKING:
    from configurator.inventory.service import AvailabilityService, OptionAvailability
    from configurator.rules.state import Change, ConfigState, OptionState, PickRef, Repair

log = logging.getLogger(__name__)

_LEVELS = {"in_stock": StockLevel.IN_STOCK, "low": StockLevel.LOW, "out": StockLevel.OUT}


def pick_label(catalog: Catalog, ref: PickRef | None) -> str:
    if ref is None:
        return "not decided"
    group = catalog.group(ref.group)
    if ref.option is None:
        return "none"
    label = group.option(ref.option).label
    if group.kind is GroupKind.MANY:
        return f"{ref.qty} × {label}" if ref.qty else f"no {label}"
    return label


def change_text(catalog: Catalog, change: Change, *, with_group: bool = True) -> str:
    """ "Memory: 16 GB → 32 GB (reason)"; without the group label for the group's own note."""
    group = catalog.group(change.group)
    before = pick_label(catalog, change.before)
    after = pick_label(catalog, change.after) if change.after is not None else "cleared"
    reason = f" ({change.reason})" if change.reason else ""
    label = f"{group.label}: " if with_group else ""
    return f"{label}{before} → {after}{reason}"


@dataclass(frozen=True, slots=True)
class StockFacts:
    """Stock status and date impact per option, and the promise, for one set of picks.

    Computed off the GUI thread (`stock_facts`); a click renders at once with the facts of
    the previous picks (an option's stock status does not depend on the other picks) and the
    fresh facts follow a moment later.
    """

    picks: Mapping[str, Any]
    options: Mapping[str, Mapping[str, OptionAvailability]]
    promise_date: date | None = None
    handover_date: date | None = None
    promise_reason: str = ""


def stock_facts(
    service: AvailabilityService, picks: Mapping[str, Any], *, today: date, complete: bool
) -> StockFacts:
    """Ask the availability service about every option and, when complete, the promise."""
    try:
        options = service.options(picks, today)
    except Exception:  # stock figures are a help, never a reason to block configuring
        log.exception("option availability failed for %s", dict(picks))
        options = {}
    if not complete:
        return StockFacts(picks, options, None, None, "")
    try:
        found = service.configuration(picks, today)
    except Exception:
        log.exception("promise date failed for %s", dict(picks))
        return StockFacts(
            picks, options, None, None, "The promise date cannot be computed (see the log)."
        )
    return StockFacts(
        picks, options, found.promise.assembly_date, found.handover, found.explanation
    )


def _explainer(state: OptionState) -> Callable[[], str]:
    def explain() -> str:
        found = state.explanation
        return found.text if found is not None else ""

    return explain


def _group_view(
    catalog: Catalog,
    group: Group,
    state: ConfigState,
    stock: Mapping[str, OptionAvailability],
    current: bool,
) -> GroupView:
    gstate = state.group(group.id)
    options: list[OptionView] = []
    for option in group.options:
        ostate = gstate.option(option.id)
        found = stock.get(option.id)
        level, text, impact = StockLevel.NONE, "", ""
        if found is not None:  # parts may come from [[bom]] entries, not the option itself
            level = _LEVELS.get(str(found.status.status), StockLevel.NONE)
            text = found.status.text
            impact = "" if found.current or not current else found.impact
        options.append(
            OptionView(
                group_id=group.id,
                option_id=option.id,
                label=option.label,
                price_delta=option.price,
                selected=ostate.picked,
                qty=ostate.qty,
                max_qty=option.max_qty if group.kind is GroupKind.MANY else 1,
                selectable=ostate.selectable,
                can_add=ostate.selectable,
                explain=None if ostate.selectable else _explainer(ostate),
                stock=level,
                stock_text=text,
                date_impact=impact,
            )
        )
    if group.kind is GroupKind.OPTIONAL:
        nstate = gstate.option(None)
        options.append(
            OptionView(
                group_id=group.id,
                option_id=None,
                label="None",
                price_delta=Decimal(0),
                selected=nstate.picked,
                selectable=nstate.selectable,
                explain=None if nstate.selectable else _explainer(nstate),
            )
        )
    notes = [
        change_text(catalog, c, with_group=False) for c in state.changes if c.group == group.id
    ]
    notes += [f"{d.reason}" for d in state.dropped if d.group == group.id]
    return GroupView(
        id=group.id,
        label=group.label,
        kind=str(group.kind),
        options=tuple(options),
        # A "many" group that may stay empty needs no decision (the engine's completeness
        # agrees); showing it as "to decide" would send the clerk after nothing.
        decided=gstate.decided or (group.kind is GroupKind.MANY and group.min == 0),
        note="; ".join(notes),
        min=group.min,
        max=group.max,
    )


def present(
    catalog: Catalog,
    state: ConfigState,
    *,
    facts: StockFacts | None,
    currency: str,
) -> ConfigureViewModel:
    current = facts is not None and dict(facts.picks) == dict(state.picks)
    stock = facts.options if facts is not None else {}
    groups = tuple(
        _group_view(catalog, g, state, stock.get(g.id, {}), current) for g in catalog.groups
    )
    missing = tuple(g.label for g in groups if not g.decided)
    promise_date = handover = None
    reason = "The promise date shows once every group is decided."
    if state.complete:
        if current and facts is not None:
            promise_date, handover = facts.promise_date, facts.handover_date
            reason = facts.promise_reason
        else:
            reason = "Working out the promise date …"
    summary = SummaryView(
        code=state.code or "(complete the configuration for its code)",
        total=state.price,
        currency=currency,
        complete=state.complete,
        decided=sum(1 for g in groups if g.decided),
        groups=len(groups),
        missing=missing,
        promise_date=promise_date,
        handover_date=handover,
        promise_reason=reason,
        hints=tuple(h.message for h in state.hints),
        changes=tuple(change_text(catalog, c) for c in state.changes),
    )
    return ConfigureViewModel(groups, summary)


def proposal(
    catalog: Catalog, repair: Repair, *, price_before: Decimal, price_after: Decimal | None
) -> RepairProposal:
    group = catalog.group(repair.group)
    if repair.option is None:
        target = f"{group.label}: none"
    else:
        target = f"{group.label}: {group.option(repair.option).label}"
        if group.kind is GroupKind.MANY and repair.qty > 1:
            target += f" × {repair.qty}"
    changes = tuple(
        RepairChange(
            group_label=catalog.group(c.group).label,
            before=pick_label(catalog, c.before),
            after=pick_label(catalog, c.after) if c.after is not None else "not decided",
        )
        for c in repair.changes
    )
    return RepairProposal(
        target=target,
        reason=repair.conflict.text,
        changes=changes,
        price_before=price_before,
        price_after=price_after,
    )
