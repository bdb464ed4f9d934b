"""`AvailabilityService`: availability and promise dates for the GUI and the order flow.

It holds one `StockSnapshot` (and the workshop minutes already booked), answers
per-configuration and per-option questions from memory, and reloads from the store only when
asked (`refresh`, e.g. after an order was placed or goods were received). Answers are memoised
per bill of material, so the many alternatives of one click that share a BOM cost one check.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from threading import Lock
from typing import TYPE_CHECKING

from configurator.catalog.model import Catalog, GroupKind, Picks
from configurator.inventory.availability import Availability, check_availability, ready_date
from configurator.inventory.clusters import ClosureIndex, Cluster, SplitBom, bom_independent_groups
from configurator.inventory.options import (
    LOW_STOCK_LAPTOPS,
    OptionStatus,
    alternatives,
    impact_text,
    option_parts,
    parts_status,
)
from configurator.inventory.promise import Promise, build_minutes_of, promise
from configurator.inventory.snapshot import StockSnapshot
from configurator.inventory.structure import structure_of
from configurator.shop import WorkshopCalendar

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

BomFunction = Callable[[Catalog, Picks], Mapping[str, int]]
"""Picks -> part -> quantity per laptop (the rule engine's bill_of_materials)."""

_MEMO_LIMIT = 4096


@dataclass(frozen=True, slots=True)
class ConfigurationAvailability:
    """Parts availability and the promise for one configuration."""

    availability: Availability
    promise: Promise
    quantity: int = 1

    @property
    def ready(self) -> date:
        return self.availability.ready

    @property
    def handover(self) -> date:
        return self.promise.handover_date

    @property
    def explanation(self) -> str:
        return self.promise.explanation


@dataclass(frozen=True, slots=True)
class OptionAvailability:
    """One option next to the current picks: its stock status and what it does to the date."""

    group: str
    option: str
    status: OptionStatus
    handover: date
    """Handover date of the configuration with this option."""
    delta_days: int
    """Calendar days later (+) or earlier (-) than the configuration as it is."""
    current: bool

    @property
    def impact(self) -> str:
        return impact_text(self.delta_days)


def _more(bom: Mapping[str, int], reference: Mapping[str, int]) -> dict[str, int]:
    """What `bom` takes beyond `reference`: the parts an option brings to a configuration."""
    return {
        part: qty - reference.get(part, 0)
        for part, qty in bom.items()
        if qty > reference.get(part, 0)
    }


@dataclass(slots=True)
class _State:
    snapshot: StockSnapshot
    booked: Mapping[date, int]
    checks: dict[tuple[date, int, tuple[tuple[str, int], ...]], Availability] = field(
        default_factory=dict
    )
    statuses: dict[tuple[date, Cluster], OptionStatus] = field(default_factory=dict)
    handovers: dict[tuple[date, date], date] = field(default_factory=dict)
    readies: dict[tuple[date, Cluster], date] = field(default_factory=dict)


class AvailabilityService:
    """Availability answers over one snapshot; `refresh` reloads it from the store."""

    def __init__(
        self,
        catalog: Catalog,
        calendar: WorkshopCalendar,
        *,
        snapshot: StockSnapshot | None = None,
        booked: Mapping[date, int] | None = None,
        engine: Engine | None = None,
        bom_of: BomFunction | None = None,
        low_stock_laptops: int = LOW_STOCK_LAPTOPS,
        incremental: bool = True,
    ) -> None:
        """`incremental` lets option impacts derive a swapped option's BOM from the current one
        (for groups no [[bom]] condition mentions) and re-check only the changed cluster of
        parts; False recomputes everything (the reference the tests compare it with)."""
        self.catalog = catalog
        self.calendar = calendar
        self._engine = engine
        self._bom_of = bom_of
        """None: the rule engine's bill_of_materials, tabulated on first use (`fast_bom`)."""
        self._low = low_stock_laptops
        self._lock = Lock()
        structure_of(catalog.components)  # refuse a made_of cycle now, not on the first click
        self._groups = {group.id: group for group in catalog.groups}
        self._closures = ClosureIndex(catalog.components)
        self._delta_groups = bom_independent_groups(catalog) if incremental else frozenset()
        self._incremental = incremental
        self._state = _State(snapshot or StockSnapshot({}), dict(booked or {}))
        self._build_minutes = build_minutes_of(catalog)

    @property
    def snapshot(self) -> StockSnapshot:
        return self._state.snapshot

    @property
    def booked(self) -> Mapping[date, int]:
        return self._state.booked

    def replace(self, snapshot: StockSnapshot, booked: Mapping[date, int] | None = None) -> None:
        """Swap in new stock figures (and booked minutes); cached answers are dropped."""
        new = _State(snapshot, dict(booked if booked is not None else self._state.booked))
        with self._lock:
            self._state = new

    def refresh(self, today: date) -> None:
        """Reload stock, receipts, backorders and the workshop queue from the store."""
        if self._engine is None:
            raise RuntimeError("this AvailabilityService has no database to refresh from")
        from sqlmodel import Session

        from configurator.inventory.snapshot import load_snapshot
        from configurator.inventory.store_queries import read_booked_minutes
        from configurator.store.database import reader

        if self._bom_of is None:  # tabulate here, off the GUI thread, not on the first click
            from configurator.inventory.bom_table import fast_bom

            self._bom_of = fast_bom(self.catalog)
        # One read transaction (deferred on SQLite: it never blocks a counter placing an order).
        with Session(reader(self._engine)) as session:
            snapshot = load_snapshot(session)
            booked = read_booked_minutes(
                session,
                assembly_minutes=self.catalog.assembly_minutes,
                today=today,
                calendar=self.calendar,
            )
            session.rollback()
        self.replace(snapshot, booked)

    # --- questions ----------------------------------------------------------------------

    def bill_of_materials(self, picks: Picks) -> Mapping[str, int]:
        if self._bom_of is None:
            from configurator.inventory.bom_table import fast_bom

            self._bom_of = fast_bom(self.catalog)
        return self._bom_of(self.catalog, picks)

    def check(self, bom: Mapping[str, int], today: date, quantity: int = 1) -> Availability:
        """Availability of a bill of material (memoised per snapshot)."""
        return self._check(self._state, bom, today, quantity)

    def _check(
        self, state: _State, bom: Mapping[str, int], today: date, quantity: int = 1
    ) -> Availability:
        key = (today, quantity, tuple(sorted(bom.items())))
        found = state.checks.get(key)
        if found is None:
            found = check_availability(
                bom,
                components=self.catalog.components,
                snapshot=state.snapshot,
                calendar=self.calendar,
                today=today,
                quantity=quantity,
            )
            if len(state.checks) >= _MEMO_LIMIT:
                state.checks.clear()
            state.checks[key] = found
        return found

    def promise_for(
        self,
        availability: Availability,
        today: date,
        quantity: int = 1,
        booked: Mapping[date, int] | None = None,
    ) -> Promise:
        """The promise for parts ready as `availability` says, given the booked workshop."""
        return promise(
            availability,
            today=today,
            calendar=self.calendar,
            minutes=self.catalog.assembly_minutes * quantity,
            booked=self._state.booked if booked is None else booked,
            build_minutes=self._build_minutes,
        )

    def configuration(
        self, picks: Picks, today: date, quantity: int = 1
    ) -> ConfigurationAvailability:
        """Per-part availability and the promise for `quantity` laptops of `picks`."""
        state = self._state  # one snapshot for the whole answer, even if a refresh lands
        availability = self._check(state, self.bill_of_materials(picks), today, quantity)
        return ConfigurationAvailability(
            availability, self.promise_for(availability, today, quantity, state.booked), quantity
        )

    def option_status(self, group_id: str, option_id: str, today: date) -> OptionStatus:
        """The option's own stock status (cached per snapshot)."""
        return self._status(self._state, group_id, option_id, today)

    def _status(self, state: _State, group_id: str, option_id: str, today: date) -> OptionStatus:
        return self._parts_status(
            state, option_parts(self._groups[group_id].option(option_id)), today
        )

    def _parts_status(self, state: _State, parts: Mapping[str, int], today: date) -> OptionStatus:
        key = (today, tuple(sorted(parts.items())))
        found = state.statuses.get(key)
        if found is None:
            found = parts_status(
                parts,
                components=self.catalog.components,
                snapshot=state.snapshot,
                calendar=self.calendar,
                today=today,
                low_stock_laptops=self._low,
            )
            if len(state.statuses) >= _MEMO_LIMIT:
                state.statuses.clear()
            state.statuses[key] = found
        return found

    def options(self, picks: Picks, today: date) -> dict[str, dict[str, OptionAvailability]]:
        """Every option's status and date impact given the other picks: group -> option -> ..."""
        state = self._state  # one snapshot for the whole answer, even if a refresh lands
        base_bom = self.bill_of_materials(picks)
        split = (
            SplitBom(
                self._closures, base_bom, lambda c: self._cluster_ready(state, c, today), today
            )
            if self._incremental
            else None
        )
        base_ready = split.ready if split is not None else self._ready(state, base_bom, today)
        base = self._handover_at(state, base_ready, today)
        without: dict[str, Mapping[str, int]] = {}
        result: dict[str, dict[str, OptionAvailability]] = {}
        for alt in alternatives(self.catalog, picks):
            group = self._groups[alt.group]
            if split is not None and alt.group in self._delta_groups:
                # The BOM changes by exactly the options' own parts: no BOM to compute.
                brings = option_parts(group.option(alt.option))
                ready = base_ready
                if not alt.current:
                    ready = split.ready_with(*self._delta(picks, alt.group, alt.option))
            else:
                bom = base_bom if alt.current else self.bill_of_materials(alt.picks)
                ready = base_ready if alt.current else self._ready(state, bom, today)
                if group.kind is GroupKind.MANY:
                    brings = (
                        option_parts(group.option(alt.option))
                        if alt.current
                        else _more(bom, base_bom)
                    )
                else:
                    if alt.group not in without:
                        rest = {g: v for g, v in picks.items() if g != alt.group}
                        without[alt.group] = self.bill_of_materials(rest)
                    brings = _more(bom, without[alt.group])
            handover = self._handover_at(state, ready, today)
            result.setdefault(alt.group, {})[alt.option] = OptionAvailability(
                group=alt.group,
                option=alt.option,
                status=self._parts_status(state, brings, today),
                handover=handover,
                delta_days=(handover - base).days,
                current=alt.current,
            )
        return result

    def _delta(
        self, picks: Picks, group_id: str, option_id: str
    ) -> tuple[dict[str, int], dict[str, int]]:
        """The parts an alternative removes and adds (for groups no [[bom]] condition names:
        there the BOM changes by exactly the options' own parts)."""
        group = self._groups[group_id]
        old = picks.get(group_id)
        remove = (
            option_parts(group.option(old))
            if group.kind is not GroupKind.MANY and isinstance(old, str)
            else {}
        )
        return remove, option_parts(group.option(option_id))

    def _ready(self, state: _State, bom: Mapping[str, int], today: date) -> date:
        """The configuration's parts date from memoised independent clusters."""
        if not self._incremental:
            return self._check(state, bom, today).ready
        latest = today
        for cluster in self._closures.split(bom):
            latest = max(latest, self._cluster_ready(state, cluster, today))
        return latest

    def _cluster_ready(self, state: _State, cluster: Cluster, today: date) -> date:
        key = (today, cluster)
        found = state.readies.get(key)
        if found is None:
            found = ready_date(
                dict(cluster),
                components=self.catalog.components,
                snapshot=state.snapshot,
                calendar=self.calendar,
                today=today,
            )
            if len(state.readies) >= _MEMO_LIMIT:
                state.readies.clear()
            state.readies[key] = found
        return found

    def _handover_at(self, state: _State, ready: date, today: date) -> date:
        handovers = state.handovers
        found = handovers.get((today, ready))
        if found is None:
            found = promise(
                ready,
                today=today,
                calendar=self.calendar,
                minutes=self.catalog.assembly_minutes,
                booked=state.booked,
            ).handover_date
            handovers[(today, ready)] = found
        return found
