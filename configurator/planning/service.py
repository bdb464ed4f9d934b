"""Planning over a real store: the few calls the CLI and the GUI make.

Each function opens one read-only session, reads with set queries (history, stock snapshot,
reservations) and hands plain values to the pure modules (forecast, reorder, buildable,
projection). Nothing here writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from configurator.catalog.model import Catalog
from configurator.planning.buildable import Buildable, buildable_now
from configurator.planning.forecast import Forecast, ForecastSettings, forecast_many
from configurator.planning.history import DemandHistory, load_history, monday, stock_positions
from configurator.planning.projection import StockProjection, project_stock
from configurator.planning.reorder import (
    DEFAULT_REVIEW_DAYS,
    ReorderLine,
    StockPosition,
    plan_reorder,
)
from configurator.shop import ShopSettings
from configurator.store.database import reader

DEFAULT_HISTORY_WEEKS = 156


@dataclass(frozen=True, slots=True)
class ForecastReport:
    """History and forecasts of every option and component."""

    history: DemandHistory
    options: Mapping[str, Forecast]
    components: Mapping[str, Forecast]
    settings: ForecastSettings


def option_label(catalog: Catalog, key: str) -> str:
    """'Processor: Ryzen 7' for 'processor=r7' (the key itself when the catalog lacks it)."""
    group_id, _, option_id = key.partition("=")
    if not catalog.has_group(group_id):
        return key
    group = catalog.group(group_id)
    if not group.has_option(option_id):
        return key
    return f"{group.label}: {group.option(option_id).label}"


def forecast_report(
    engine: Engine,
    catalog: Catalog,
    *,
    today: date,
    settings: ShopSettings,
    weeks: int = DEFAULT_HISTORY_WEEKS,
    forecast_settings: ForecastSettings | None = None,
) -> ForecastReport:
    fs = forecast_settings or ForecastSettings()
    with Session(reader(engine)) as session:
        history = load_history(
            session, today=today, weeks=weeks, catalog=catalog, calendar=settings.calendar
        )
        session.rollback()
    return ForecastReport(
        history=history,
        options=forecast_many(history.options, fs),
        components=forecast_many(history.components, fs),
        settings=fs,
    )


def read_positions(engine: Engine) -> dict[str, StockPosition]:
    from configurator.inventory.snapshot import load_snapshot

    with Session(reader(engine)) as session:
        snapshot = load_snapshot(session)
        session.rollback()
    return stock_positions(snapshot)


def reorder_report(
    engine: Engine,
    catalog: Catalog,
    *,
    today: date,
    settings: ShopSettings,
    report: ForecastReport | None = None,
    review_days: int = DEFAULT_REVIEW_DAYS,
    positions: Mapping[str, StockPosition] | None = None,
) -> list[ReorderLine]:
    report = report or forecast_report(engine, catalog, today=today, settings=settings)
    return plan_reorder(
        catalog.components,
        report.components,
        positions if positions is not None else read_positions(engine),
        today=today,
        service_level=settings.service_level,
        review_days=review_days,
    )


def buildable_report(
    engine: Engine,
    catalog: Catalog,
    *,
    today: date,
    settings: ShopSettings,
    top: int = 10,
    history: DemandHistory | None = None,
    positions: Mapping[str, StockPosition] | None = None,
) -> list[Buildable]:
    """Buildable-now counts for the `top` most ordered configurations."""
    if history is None:
        with Session(reader(engine)) as session:
            history = load_history(
                session, today=today, catalog=catalog, calendar=settings.calendar
            )
            session.rollback()
    if positions is None:
        positions = read_positions(engine)
    available = {part: max(0, pos.available) for part, pos in positions.items()}
    return buildable_now(history.configurations[: max(0, top)], available, catalog.components)


def read_reservations(engine: Engine) -> dict[str, list[tuple[date | None, int]]]:
    """Held reservations per part with the planned assembly day of their order."""
    from sqlalchemy import select

    from configurator.store.models import Reservation, ReservationState, SalesOrder

    res = Reservation.__table__.c  # type: ignore[attr-defined]
    order_t = SalesOrder.__table__  # type: ignore[attr-defined]
    order = order_t.c
    result: defaultdict[str, list[tuple[date | None, int]]] = defaultdict(list)
    with Session(reader(engine)) as session:
        rows: list[tuple[Any, ...]] = [
            tuple(r)
            for r in session.connection().execute(
                select(res.part, order.promised_on, res.qty)
                .join(order_t, order.id == res.order_id)
                .where(res.state == ReservationState.HELD.value)
            )
        ]
        session.rollback()
    for part, day, qty in rows:
        result[str(part)].append((day, int(qty)))
    return dict(result)


def projections(
    engine: Engine,
    catalog: Catalog,
    report: ForecastReport,
    *,
    today: date,
    weeks: int = 12,
    positions: Mapping[str, StockPosition] | None = None,
) -> dict[str, StockProjection]:
    """A stock projection for every component of the catalog."""
    if positions is None:
        positions = read_positions(engine)
    reservations = read_reservations(engine)
    start = monday(today)
    result: dict[str, StockProjection] = {}
    for part in catalog.components:
        pos = positions.get(part, StockPosition(part))
        forecast = report.components.get(part)
        result[part] = project_stock(
            part,
            on_hand=pos.on_hand,
            reservations=[(d or today, q) for d, q in reservations.get(part, [])],
            receipts=pos.incoming,
            forecast=forecast.mean if forecast else (),
            start=start,
            weeks=weeks,
        )
    return result


@dataclass(frozen=True, slots=True)
class PlanningOverview:
    """Everything the planning view shows, computed in one call off the GUI thread."""

    report: ForecastReport
    reorder: list[ReorderLine]
    projections: Mapping[str, StockProjection]
    buildable: list[Buildable]


def planning_overview(
    engine: Engine,
    catalog: Catalog,
    *,
    today: date,
    settings: ShopSettings,
    top: int = 10,
    weeks_ahead: int = 12,
) -> PlanningOverview:
    report = forecast_report(
        engine,
        catalog,
        today=today,
        settings=settings,
        forecast_settings=ForecastSettings(horizon=weeks_ahead),
    )
    positions = read_positions(engine)  # one stock picture for all three tabs
    return PlanningOverview(
        report=report,
        reorder=reorder_report(
            engine, catalog, today=today, settings=settings, report=report, positions=positions
        ),
        projections=projections(
            engine, catalog, report, today=today, weeks=weeks_ahead, positions=positions
        ),
        buildable=buildable_report(
            engine,
            catalog,
            today=today,
            settings=settings,
            top=top,
            history=report.history,
            positions=positions,
        ),
    )
