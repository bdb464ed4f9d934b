"""Availability of a bill of material through every `made_of` level, and the date it is there.

The method is a small MRP net-requirements run over one configuration:

1. Parts are visited in low-level-code order (every parent before any of its children), so a
   part shared by several BOM lines or sub-assemblies has its whole gross requirement summed
   before it is netted against stock once.
2. A part whose available quantity (on hand - reserved - backordered) covers its requirement
   is there today.
3. Otherwise the shortfall is covered by the earliest of: the open receipts in due order (they
   serve older backorders first, so a negative available is made up before this order), a new
   supplier order (today + lead time, calendar days), or, for a sub-assembly, an in-house build
   of the missing units (those of waiting backorders first) from its `made_of` parts, ready
   `build_days` working days after its last part is there. Choosing to build passes the
   missing units times the per-unit quantity down to the parts, netted in their turn.
   If a build chosen this way ends up later than buying the sub-assembly (the choice is made
   before sibling sub-assemblies have said what they need of a shared part), that part is
   bought instead and the run repeats.
4. The configuration is ready when its last top-level part is; the limiting parts are found by
   following built sub-assemblies down to the part that actually holds them up.

It costs a few microseconds per part touched and no SQL (see benchmarks/bench_availability.py).
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from configurator.catalog.model import Component
from configurator.inventory.calendar import add_working_days, build_days, short_date
from configurator.inventory.errors import InventoryError, UnknownPartError
from configurator.inventory.snapshot import IncomingReceipt, PartStock, StockSnapshot
from configurator.inventory.structure import BomStructure, structure_of
from configurator.shop import WorkshopCalendar


class Source(StrEnum):
    """Where the units a configuration needs come from."""

    STOCK = "stock"
    RECEIPT = "receipt"
    BUILD = "build"
    LEAD_TIME = "lead_time"


@dataclass(frozen=True, slots=True)
class PartAvailability:
    """One part of the exploded bill of material and when enough of it is there."""

    part: str
    name: str
    level: int
    """Low-level code: 0 for parts that are only top-level, deeper for parts of sub-assemblies."""
    needed: int
    """Gross requirement of this configuration over all BOM lines and sub-assemblies."""
    stock: PartStock
    source: Source
    ready: date
    lead_time_days: int
    receipt: IncomingReceipt | None = None
    """The receipt that completes the quantity (source RECEIPT)."""
    build_units: int = 0
    """Units built in-house (source BUILD), including those waiting backorders still need."""
    build_days: int = 0
    needed_for: tuple[str, ...] = ()
    """Sub-assemblies this part is built into for this configuration (empty: a BOM line)."""
    top_level: bool = True
    """True when the part is a line of the bill of material itself."""

    @property
    def on_hand(self) -> int:
        return self.stock.on_hand

    @property
    def reserved(self) -> int:
        return self.stock.reserved

    @property
    def available(self) -> int:
        return self.stock.available

    @property
    def next_receipt(self) -> IncomingReceipt | None:
        return self.stock.next_receipt

    @property
    def remaining(self) -> int:
        """Available after this configuration took its share (negative: short)."""
        return self.stock.available - self.needed

    def describe(self, today: date) -> str:
        """Why the part is there on `ready`, in the clerk's words."""
        label = f"{self.name} ({self.part})"
        if self.source is Source.STOCK:
            return f"{label}: in stock, {self.available} available"
        if self.source is Source.RECEIPT:
            assert self.receipt is not None
            if self.receipt.due < today:
                return f"waiting for {label}, overdue since {short_date(self.receipt.due, today)}"
            return f"waiting for {label}, due {short_date(self.ready, today)}"
        if self.source is Source.LEAD_TIME:
            return (
                f"waiting for {label}: none available or on order, supplier lead time "
                f"{self.lead_time_days} days, due {short_date(self.ready, today)}"
            )
        days = "day" if self.build_days == 1 else "days"
        return (
            f"{label} is built in-house ({self.build_units} x, {self.build_days} working "
            f"{days}), ready {short_date(self.ready, today)}"
        )


@dataclass(frozen=True, slots=True)
class Availability:
    """A configuration's parts through every level and the earliest day all are there."""

    today: date
    ready: date
    parts: tuple[PartAvailability, ...]
    """Top-level lines first (in BOM order), then sub-assembly parts level by level."""
    limiting: tuple[PartAvailability, ...]
    """The parts that hold the configuration up until `ready` (empty when all are in stock)."""

    def part(self, part_id: str) -> PartAvailability:
        for line in self.parts:
            if line.part == part_id:
                return line
        raise KeyError(f"part {part_id!r} is not in this bill of material")

    @property
    def in_stock(self) -> bool:
        return not self.limiting

    @property
    def reason(self) -> str:
        """'waiting for Panel 14, 2.8K OLED (PNL-14-OLED), due 3 Dec' or 'all parts in stock'."""
        if not self.limiting:
            return "all parts in stock"
        return "; ".join(_cause_text(line, self) for line in self.limiting)


def _cause_text(line: PartAvailability, availability: Availability) -> str:
    text = line.describe(availability.today)
    if line.needed_for and line.source is not Source.BUILD:
        names = ", ".join(availability.part(p).name for p in line.needed_for)
        text += f", to build {names}"
    return text


@dataclass(slots=True)
class _Plan:
    """Mutable working state of one part during a check."""

    part: str
    needed: int = 0
    top_level: bool = False
    parents: list[str] | None = None
    source: Source = Source.STOCK
    ready: date | None = None
    receipt: IncomingReceipt | None = None
    build_units: int = 0
    build_days: int = 0
    bought: date | None = None
    """The date without building (stock, receipts or lead time), for sub-assemblies."""


def _buy(
    stock: PartStock, comp: Component, needed: int, today: date
) -> tuple[Source, date, IncomingReceipt | None]:
    """Cover `needed` without building: stock, then open receipts, else a new supplier order."""
    available = stock.available
    if available >= needed:
        return Source.STOCK, today, None
    shortfall = needed - available
    lead_date = today + timedelta(days=max(0, comp.lead_time_days))
    covered = 0
    for receipt in stock.receipts:
        covered += receipt.qty
        if covered >= shortfall:
            due = max(receipt.due, today)
            if due <= lead_date:
                return Source.RECEIPT, due, receipt
            break
    return Source.LEAD_TIME, lead_date, None


class _Checker:
    """One availability run; kept as an object so the recursive what-if can share its state."""

    __slots__ = ("calendar", "components", "never_build", "plans", "snapshot", "structure", "today")

    def __init__(
        self,
        components: Mapping[str, Component],
        structure: BomStructure,
        snapshot: StockSnapshot,
        calendar: WorkshopCalendar,
        today: date,
    ) -> None:
        self.components = components
        self.structure = structure
        self.snapshot = snapshot
        self.calendar = calendar
        self.today = today
        self.plans: dict[str, _Plan] = {}
        self.never_build: set[str] = set()
        """Sub-assemblies a previous pass built later than buying them would have been."""

    def _build_ready(self, comp: Component, units: int, latest_part: date) -> tuple[date, int]:
        days = build_days(self.calendar, (comp.build_minutes or 0) * units)
        return add_working_days(self.calendar, latest_part, days), days

    def estimate(self, part: str, needed: int) -> date:
        """Earliest date for `needed` units of `part` (plus what is already asked of it),
        building if that is faster: a what-if used only to choose between buy and build."""
        comp = self.components[part]
        plan = self.plans.get(part)
        total = needed + (plan.needed if plan is not None else 0)
        stock = self.snapshot.get(part)
        _source, when, _receipt = _buy(stock, comp, total, self.today)
        if when > self.today and comp.made_of and part not in self.never_build:
            units = total - stock.available
            latest = max(self.estimate(e.part, e.qty * units) for e in comp.made_of)
            built, _days = self._build_ready(comp, units, latest)
            when = min(when, built)
        return when

    def run(self, bom: Mapping[str, int]) -> list[str]:
        """Plan every part, then re-plan while some build turned out later than buying.

        Build-or-buy is chosen top-down from an estimate that cannot see what sibling
        sub-assemblies will still ask of a shared part, so a build can end up later than
        simply buying the sub-assembly. Such parts are bought instead and everything is planned
        again; that only takes demand away from shared parts, so dates only improve and the
        loop ends (in practice it rarely runs twice)."""
        while True:
            self.plans = {}
            order = self._plan(bom)
            late = {
                part
                for part in order
                if self.plans[part].source is Source.BUILD
                and (bought := self.plans[part].bought) is not None
                and self._ready(part) > bought
            }
            if not late:
                return order
            self.never_build |= late

    def _plan(self, bom: Mapping[str, int]) -> list[str]:
        """One top-down planning pass; returns the parts in the order they were planned."""
        level = self.structure.low_level
        heap: list[tuple[int, str]] = []
        for part, qty in bom.items():
            self.plans[part] = _Plan(part, needed=qty, top_level=True)
            heapq.heappush(heap, (level[part], part))
        order: list[str] = []
        while heap:
            _lvl, part = heapq.heappop(heap)
            order.append(part)
            plan = self.plans[part]
            comp = self.components[part]
            stock = self.snapshot.get(part)
            source, when, receipt = _buy(stock, comp, plan.needed, self.today)
            if source is not Source.STOCK and comp.made_of and part not in self.never_build:
                plan.bought = when
                units = plan.needed - stock.available  # waiting backorders first
                latest = max(self.estimate(e.part, e.qty * units) for e in comp.made_of)
                built, days = self._build_ready(comp, units, latest)
                if built < when:
                    source, when, receipt = Source.BUILD, built, None
                    plan.build_units, plan.build_days = units, days
                    for entry in comp.made_of:
                        child = self.plans.get(entry.part)
                        if child is None:
                            child = self.plans[entry.part] = _Plan(entry.part)
                            heapq.heappush(heap, (level[entry.part], entry.part))
                        child.needed += entry.qty * units
                        if child.parents is None:
                            child.parents = []
                        child.parents.append(part)
            plan.source, plan.ready, plan.receipt = source, when, receipt
        # Built parts: their final date follows their parts' final dates (children come later
        # in `order`, so walk it backwards).
        for part in reversed(order):
            plan = self.plans[part]
            if plan.source is Source.BUILD:
                comp = self.components[part]
                latest = max(self._ready(e.part) for e in comp.made_of)
                plan.ready, plan.build_days = self._build_ready(comp, plan.build_units, latest)
        return order

    def ready(self, bom: Mapping[str, int]) -> date:
        """The day the last BOM line is there (the date alone: no result objects)."""
        return max((self._ready(part) for part in bom), default=self.today)

    def _ready(self, part: str) -> date:
        ready = self.plans[part].ready
        assert ready is not None
        return ready

    def result(self, bom: Mapping[str, int], order: list[str]) -> Availability:
        lines: dict[str, PartAvailability] = {}
        for part in order:
            plan = self.plans[part]
            comp = self.components[part]
            lines[part] = PartAvailability(
                part=part,
                name=comp.name,
                level=self.structure.low_level[part],
                needed=plan.needed,
                stock=self.snapshot.get(part),
                source=plan.source,
                ready=self._ready(part),
                lead_time_days=comp.lead_time_days,
                receipt=plan.receipt,
                build_units=plan.build_units,
                build_days=plan.build_days,
                needed_for=tuple(plan.parents or ()),
                top_level=plan.top_level,
            )
        top = [lines[p] for p in bom]
        ready = max((line.ready for line in top), default=self.today)
        limiting: list[PartAvailability] = []
        if ready > self.today:
            seen: set[str] = set()
            for line in top:
                if line.ready == ready:
                    self._causes(line, lines, limiting, seen)
        ordered = top + [lines[p] for p in order if not lines[p].top_level]
        return Availability(
            today=self.today, ready=ready, parts=tuple(ordered), limiting=tuple(limiting)
        )

    def _causes(
        self,
        line: PartAvailability,
        lines: Mapping[str, PartAvailability],
        out: list[PartAvailability],
        seen: set[str],
    ) -> None:
        """Follow a late built sub-assembly down to the parts that hold it up."""
        if line.part in seen:
            return
        seen.add(line.part)
        if line.source is Source.BUILD:
            children = [lines[e.part] for e in self.components[line.part].made_of]
            latest = max(child.ready for child in children)
            if latest > self.today:
                for child in children:
                    if child.ready == latest:
                        self._causes(child, lines, out, seen)
                return
        out.append(line)


def _validated(
    bom: Mapping[str, int], components: Mapping[str, Component], quantity: int
) -> Mapping[str, int]:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise InventoryError(
            f"The number of laptops must be a whole number >= 1, got {quantity!r}."
        )
    unknown = sorted(part for part in bom if part not in components)
    if unknown:
        raise UnknownPartError(
            "The bill of material names parts the catalog does not define: "
            + ", ".join(unknown)
            + ".",
            hint="Reload the catalog, or fix the part ids.",
        )
    for part, qty in bom.items():
        if isinstance(qty, bool) or not isinstance(qty, int) or qty < 1:
            raise InventoryError(
                f"The bill of material asks for {qty!r} x {part}; quantities are whole "
                "numbers >= 1."
            )
    return bom if quantity == 1 else {part: qty * quantity for part, qty in bom.items()}


def ready_date(
    bom: Mapping[str, int],
    *,
    components: Mapping[str, Component],
    snapshot: StockSnapshot,
    calendar: WorkshopCalendar,
    today: date,
    quantity: int = 1,
) -> date:
    """`check_availability(...).ready` without building the per-part report (for impacts)."""
    scaled = _validated(bom, components, quantity)
    checker = _Checker(components, structure_of(components), snapshot, calendar, today)
    checker.run(scaled)
    return checker.ready(scaled)


def check_availability(
    bom: Mapping[str, int],
    *,
    components: Mapping[str, Component],
    snapshot: StockSnapshot,
    calendar: WorkshopCalendar,
    today: date,
    quantity: int = 1,
) -> Availability:
    """Availability of `bom` (part -> quantity per laptop) times `quantity` laptops."""
    scaled = _validated(bom, components, quantity)
    checker = _Checker(components, structure_of(components), snapshot, calendar, today)
    return checker.result(scaled, checker.run(scaled))
