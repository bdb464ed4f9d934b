"""The planning view: demand with forecast band, replenishment with stock projection, top
configurations with buildable-now counts.

One core call (`planning.service.planning_overview`) runs off the GUI thread and returns
immutable results; the view only lays them out. It reloads when an operation reports changed
orders or stock.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from configurator.ui.counter import Changes, Counter
from configurator.ui.planning.charts import BarChart, DemandChart, ProjectionChart
from configurator.ui.table_model import Column, RecordTableModel
from configurator.ui.theme import tones

if TYPE_CHECKING:
    from configurator.planning.buildable import Buildable
    from configurator.planning.forecast import Forecast
    from configurator.planning.reorder import ReorderLine
    from configurator.planning.service import PlanningOverview


@dataclass(frozen=True, slots=True)
class ForecastRow:
    key: str
    label: str
    forecast: Forecast


def _num(value: float | None, places: int = 1) -> str:
    return "–" if value is None else f"{value:.{places}f}"


FORECAST_COLUMNS: tuple[Column[ForecastRow], ...] = (
    Column("Item", lambda r: r.label, tooltip=lambda r: f"{r.label} ({r.key})"),
    Column("Pattern", lambda r: r.forecast.pattern.value),
    Column("Method", lambda r: r.forecast.method.value),
    Column("Next week", lambda r: _num(r.forecast.weekly)),
    Column("Band", lambda r: f"{r.forecast.lower[0]:.1f}–{r.forecast.upper[0]:.1f}"),
    Column("MAE", lambda r: _num(r.forecast.mae, 2)),
    Column(
        "MASE",
        lambda r: _num(r.forecast.mase, 2),
        tooltip=lambda r: "error relative to the naive forecast's typical error in training",
    ),
    Column(
        "vs naive",
        lambda r: _versus_naive(r.forecast),
        tooltip=lambda r: "held-out error compared with 'next week = this week' on the same weeks",
    ),
)


def _versus_naive(forecast: Forecast) -> str:
    """'-25 %' when the forecast's held-out error is a quarter below the naive forecast's."""
    if forecast.mae is None or not forecast.naive_mae:
        return "–"
    return f"{(forecast.mae / forecast.naive_mae - 1) * 100:+.0f} %"


def _cover_color(line: ReorderLine) -> str | None:
    if line.days_of_cover is not None and line.days_of_cover < line.lead_time_days:
        return tones().bad
    return tones().warn if line.needs_order else None


REORDER_COLUMNS: tuple[Column[ReorderLine], ...] = (
    Column("Part", lambda r: r.component, tooltip=lambda r: r.name),
    Column("Name", lambda r: r.name),
    Column("Order", lambda r: r.order_qty or None),
    Column("Available", lambda r: r.available),
    Column("On order", lambda r: r.on_order or None),
    Column("Per week", lambda r: _num(r.weekly_demand)),
    Column(
        "Cover (days)",
        lambda r: "no demand" if r.days_of_cover is None else f"{r.days_of_cover:.0f}",
        color=_cover_color,
    ),
    Column("Reorder point", lambda r: _num(r.reorder_point)),
    Column("Safety", lambda r: _num(r.safety_stock)),
    Column("Lead (days)", lambda r: r.lead_time_days),
    Column("Arrives", lambda r: r.expected_arrival),
)

BUILDABLE_COLUMNS: tuple[Column[Buildable], ...] = (
    Column("Configuration", lambda b: b.label, tooltip=lambda b: f"{b.label}\n{b.code}"),
    Column("Ordered", lambda b: b.units_ordered),
    Column(
        "Buildable now",
        lambda b: b.count,
        color=lambda b: tones().bad if b.count == 0 else None,
    ),
    Column("Short for one more", lambda b: ", ".join(b.limiting)),
    Column(
        "Built in-house",
        lambda b: ", ".join(f"{q} x {p}" for p, q in b.built_in_house.items()),
    ),
)


def _short(rank: int, label: str) -> str:
    """'#2 Intel Core Ultra 7 … · 64 GB': the rank, then what tells configurations apart
    (the first group, usually the chassis, is shared by many of them)."""
    parts = label.split(" · ")
    return f"#{rank} " + " · ".join(parts[1:] if len(parts) > 1 else parts)


def _table(
    name: str, model: QSortFilterProxyModel, *, text_column: int = 0, text_width: int = 240
) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)  # starts in the core's order (urgency, demand); click to sort
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # long names get a fixed, adjustable width (full text in the tooltip) so the figures show
    header.setSectionResizeMode(text_column, QHeaderView.ResizeMode.Interactive)
    table.setColumnWidth(text_column, text_width)
    table.setTextElideMode(Qt.TextElideMode.ElideRight)
    table.setWordWrap(False)
    header.setStretchLastSection(True)
    return table


def _proxy(model: RecordTableModel[object], parent: QWidget) -> QSortFilterProxyModel:
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.setFilterKeyColumn(-1)
    proxy.setSortRole(Qt.ItemDataRole.UserRole)
    return proxy


def _notes_label(name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class PlanningWidget(QWidget):
    """Demand, replenishment and top configurations; takes its dependencies in __init__."""

    def __init__(self, counter: Counter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planningView")
        self.counter = counter
        self.overview: PlanningOverview | None = None
        self.tabs = QTabWidget()
        self.tabs.setObjectName("planningTabs")
        self.tabs.addTab(self._demand_page(), "&Demand")
        self.tabs.addTab(self._reorder_page(), "&Replenishment")
        self.tabs.addTab(self._top_page(), "&Top configurations")
        self.status = QLabel()
        self.status.setObjectName("planningStatus")
        reload_button = QPushButton("Re&calculate")
        reload_button.clicked.connect(self.refresh)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(reload_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(bottom)
        self.stale = True
        """Needs a reload the next time it is shown (computed lazily: not at window start)."""
        counter.changed.connect(self._on_changes)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self.stale:
            self.refresh()

    # --- pages ---------------------------------------------------------------------------

    def _demand_page(self) -> QWidget:
        page = QWidget()
        self.kind = QComboBox()
        self.kind.setObjectName("demandKind")
        self.kind.addItems(["Components", "Options"])
        self.kind.currentIndexChanged.connect(lambda _i: self._fill_demand())
        self.demand_filter = QLineEdit()
        self.demand_filter.setObjectName("demandFilter")
        self.demand_filter.setPlaceholderText("Filter …")
        self.demand_filter.setClearButtonEnabled(True)
        self.demand_model: RecordTableModel[ForecastRow] = RecordTableModel(FORECAST_COLUMNS, self)
        self.demand_proxy = _proxy(self.demand_model, self)  # type: ignore[arg-type]
        self.demand_filter.textChanged.connect(self.demand_proxy.setFilterFixedString)
        self.demand_table = _table("demandTable", self.demand_proxy)
        self.demand_table.selectionModel().selectionChanged.connect(lambda *_: self._show_demand())
        self.demand_chart = DemandChart()
        self.demand_notes = _notes_label("demandNotes")
        top = QHBoxLayout()
        top.addWidget(self.kind)
        top.addWidget(self.demand_filter, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.demand_chart, 1)
        right_layout.addWidget(self.demand_notes)
        split = QSplitter()
        split.addWidget(self.demand_table)
        split.addWidget(right)
        split.setSizes([640, 560])
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        return page

    def _reorder_page(self) -> QWidget:
        page = QWidget()
        self.reorder_model: RecordTableModel[ReorderLine] = RecordTableModel(REORDER_COLUMNS, self)
        self.reorder_proxy = _proxy(self.reorder_model, self)  # type: ignore[arg-type]
        self.reorder_table = _table(
            "reorderTable", self.reorder_proxy, text_column=1, text_width=180
        )
        self.reorder_table.selectionModel().selectionChanged.connect(
            lambda *_: self._show_projection()
        )
        self.projection_chart = ProjectionChart()
        self.reorder_notes = _notes_label("reorderNotes")
        self.export_button = QPushButton("&Export purchase list…")
        self.export_button.setObjectName("exportPurchaseList")
        self.export_button.clicked.connect(self._ask_export)
        self.reorder_summary = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.reorder_summary, 1)
        top.addWidget(self.export_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.projection_chart, 1)
        right_layout.addWidget(self.reorder_notes)
        split = QSplitter()
        split.addWidget(self.reorder_table)
        split.addWidget(right)
        split.setSizes([700, 500])
        layout = QVBoxLayout(page)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        return page

    def _top_page(self) -> QWidget:
        page = QWidget()
        self.top_model: RecordTableModel[Buildable] = RecordTableModel(BUILDABLE_COLUMNS, self)
        self.top_proxy = _proxy(self.top_model, self)  # type: ignore[arg-type]
        self.top_table = _table("topTable", self.top_proxy, text_width=420)
        self.top_chart = BarChart()
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.top_table)
        split.addWidget(self.top_chart)
        layout = QVBoxLayout(page)
        layout.addWidget(split, 1)
        return page

    # --- data ----------------------------------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        if changes.orders or changes.stock:
            self.stale = True
            if self.isVisible():
                self.refresh()

    def refresh(self) -> None:
        from configurator.planning.service import planning_overview

        self.stale = False

        context = self.counter.context
        today = self.counter.today()
        self.status.setText("Calculating forecasts …")
        self.counter.runner.run(
            lambda: planning_overview(
                context.engine, context.catalog, today=today, settings=context.settings
            ),
            on_success=self.show_overview,
            label="Planning",
            parent=self,
        )

    def show_overview(self, overview: PlanningOverview) -> None:
        self.overview = overview
        history = overview.report.history
        notes = " ".join(history.notes)
        self.status.setText(
            f"{history.orders} orders over {len(history.weeks)} weeks · "
            f"{overview.report.settings.band_level:.0%} band · {notes}".strip(" ·")
        )
        self._fill_demand()
        self.reorder_model.set_records(overview.reorder)
        to_order = sum(1 for line in overview.reorder if line.needs_order)
        self.reorder_summary.setText(
            f"{to_order} of {len(overview.reorder)} parts to order now "
            f"(service level {self.counter.context.settings.service_level})"
        )
        self.export_button.setEnabled(to_order > 0)
        if overview.reorder:
            self.reorder_table.selectRow(0)
        self.top_model.set_records(overview.buildable)
        self.top_chart.set_data(
            "Top configurations: ordered and buildable now",
            [
                (_short(rank, b.label), b.units_ordered, b.count)
                for rank, b in enumerate(overview.buildable, start=1)
            ],
        )

    def _fill_demand(self) -> None:
        if self.overview is None:
            return
        from configurator.planning.service import option_label

        catalog = self.counter.context.catalog
        options = self.kind.currentIndex() == 1
        series = self.overview.report.options if options else self.overview.report.components
        rows = []
        for key, forecast in series.items():
            if options:
                label = option_label(catalog, key)
            else:
                comp = catalog.components.get(key)
                label = f"{key} · {comp.name}" if comp else key
            rows.append(ForecastRow(key, label, forecast))
        rows.sort(key=lambda r: (-r.forecast.weekly, r.key))
        self.demand_model.set_records(rows)
        if rows:
            self.demand_table.selectRow(0)
        else:
            self.demand_chart.set_data("", (), (), (), ())

    def _selected(self, table: QTableView, proxy: QSortFilterProxyModel) -> int | None:
        rows = table.selectionModel().selectedRows()
        return proxy.mapToSource(rows[0]).row() if rows else None

    def _show_demand(self) -> None:
        row = self._selected(self.demand_table, self.demand_proxy)
        if row is None:
            return
        item = self.demand_model.record(row)
        fc = item.forecast
        self.demand_chart.set_data(item.label, fc.history, fc.mean, fc.lower, fc.upper)
        params = ", ".join(f"{k} {v:g}" for k, v in fc.params.items())
        error = (
            f"held-out error over {fc.holdout_weeks} weeks: MAE {_num(fc.mae, 2)} "
            f"(naive {_num(fc.naive_mae, 2)}), MASE {_num(fc.mase, 2)}"
            if fc.holdout_weeks
            else "no held-out error"
        )
        self.demand_notes.setText(
            f"{fc.method.value} ({params or 'no parameters'}) for a {fc.pattern.value} series; "
            f"{error}. " + " ".join(fc.notes)
        )

    def _show_projection(self) -> None:
        row = self._selected(self.reorder_table, self.reorder_proxy)
        if row is None or self.overview is None:
            return
        line = self.reorder_model.record(row)
        projection = self.overview.projections.get(line.component)
        self.projection_chart.set_data(f"{line.component} · {line.name}", projection)
        runs_out = projection.runs_out if projection else None
        when = f"Runs out in the week of {runs_out:%d %b}. " if runs_out else ""
        self.reorder_notes.setText(when + " ".join(line.notes))

    def export_csv(self, path: Path) -> int:
        """Write the purchase suggestion list (the parts to order) as CSV; returns the rows."""
        from configurator.planning.reorder import write_purchase_csv

        lines = self.overview.reorder if self.overview else []
        count = write_purchase_csv(lines, path)
        self.status.setText(f"Wrote {count} line(s) to {path}")
        return count

    def _ask_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export purchase list", "purchase-list.csv", "CSV files (*.csv)"
        )
        if not name:
            return
        from configurator.errors import UserError
        from configurator.ui.error_dialog import show_user_error

        try:
            self.export_csv(Path(name))
        except UserError as exc:
            show_user_error(self, exc)
