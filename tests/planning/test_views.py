"""The planning and workshop views populated offscreen from a real store."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from configurator.bootstrap import AppContext, open_app
from configurator.planning.projection import StockProjection
from configurator.ui.counter import Counter
from configurator.ui.planning.charts import BarChart, DemandChart, ProjectionChart, nice_max
from configurator.ui.planning.widget import PlanningWidget
from configurator.ui.workshop.widget import WorkshopWidget

from .conftest import TODAY


@pytest.fixture
def context(data_dir_with_history: Path) -> Iterator[AppContext]:
    ctx = open_app(data_dir=data_dir_with_history, today=TODAY)
    yield ctx
    ctx.close()


@pytest.fixture
def counter(context: AppContext) -> Counter:
    return Counter(context, today=lambda: TODAY)


@pytest.fixture
def planning(qtbot: QtBot, counter: Counter) -> Iterator[PlanningWidget]:
    widget = PlanningWidget(counter)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitUntil(lambda: widget.overview is not None, timeout=20_000)
    yield widget
    counter.runner.wait_idle()


def test_demand_page_shows_every_component_with_its_forecast(planning: PlanningWidget) -> None:
    assert planning.demand_model.rowCount() == 13
    rows = [planning.demand_model.record(i) for i in range(13)]
    weekly = [r.forecast.weekly for r in rows]
    assert weekly == sorted(weekly, reverse=True)  # most demanded first
    # two 8 GB modules in most laptops, then one adapter in every laptop
    assert [r.key for r in rows[:2]] == ["RAM-8", "PSU-65"]
    chart = planning.demand_chart
    assert len(chart.history) == 30
    assert len(chart.expected) == 12
    assert all(
        lo <= mid <= hi
        for lo, mid, hi in zip(chart.band_low, chart.expected, chart.band_high, strict=True)
    )
    assert "held-out error over 7 weeks" in planning.demand_notes.text()  # 30 // 4
    assert "30 weeks" in planning.status.text()
    chart.grab()  # paints without a warning


def test_switching_to_options_lists_option_labels(planning: PlanningWidget) -> None:
    planning.kind.setCurrentIndex(1)
    labels = [
        planning.demand_model.record(i).label for i in range(planning.demand_model.rowCount())
    ]
    assert "Processor: Ryzen 7" in labels
    assert "Accessories: Dock" in labels
    planning.demand_filter.setText("ryzen")
    assert planning.demand_proxy.rowCount() == 2


def test_replenishment_page_projects_stock_and_exports(
    planning: PlanningWidget, tmp_path: Path
) -> None:
    lines = planning.reorder_model.records
    assert len(lines) == 13
    assert lines[0].needs_order  # the most urgent first
    projection = planning.projection_chart.projection
    assert isinstance(projection, StockProjection)
    assert projection.part == lines[0].component
    assert len(projection.weeks) == 12
    planning.projection_chart.grab()
    target = tmp_path / "purchase.csv"
    count = planning.export_csv(target)
    rows = list(csv.DictReader(target.read_text(encoding="utf-8").splitlines()))
    assert count == len(rows) == sum(1 for line in lines if line.needs_order)
    assert "Wrote" in planning.status.text()


def test_top_configurations_page(planning: PlanningWidget) -> None:
    configs = planning.top_model.records
    assert 1 <= len(configs) <= 10
    assert planning.top_chart.rows[0][1] == configs[0].units_ordered
    planning.tabs.setCurrentIndex(2)
    planning.top_chart.grab()


def test_views_load_only_when_shown_and_reload_after_changes(
    qtbot: QtBot, counter: Counter
) -> None:
    from configurator.ui.counter import Changes

    hidden = PlanningWidget(counter)
    qtbot.addWidget(hidden)
    assert hidden.overview is None  # nothing computed at window start
    assert not counter.runner.busy
    hidden.show()
    qtbot.waitUntil(lambda: hidden.overview is not None, timeout=20_000)
    first = hidden.overview
    hidden.hide()
    counter.publish(Changes(orders=True))
    assert hidden.stale
    assert hidden.overview is first  # not recomputed while hidden
    hidden.show()
    qtbot.waitUntil(lambda: hidden.overview is not first, timeout=20_000)
    assert not hidden.stale


def test_empty_charts_say_why(qtbot: QtBot) -> None:
    for chart in (DemandChart(), ProjectionChart(), BarChart()):
        qtbot.addWidget(chart)
        chart.resize(300, 200)
        chart.grab()
        assert chart.empty_text
    demand = DemandChart()
    qtbot.addWidget(demand)
    demand.set_data("gaps", [1.0, None, 3.0], [2.0], [1.0], [3.0])
    assert demand.y_max == 5.0  # the next round number above the band's 3
    demand.resize(300, 200)
    demand.grab()


@pytest.mark.parametrize(
    ("value", "expected"), [(0.0, 1.0), (3.0, 5.0), (7.2, 10.0), (12.0, 20.0), (240.0, 250.0)]
)
def test_nice_max(value: float, expected: float) -> None:
    assert nice_max(value) == expected


@pytest.fixture
def workshop(qtbot: QtBot, counter: Counter) -> Iterator[WorkshopWidget]:
    from configurator.orders.placing import place_order
    from configurator.orders.users import Actor
    from configurator.store.models import Role

    context = counter.context
    for _ in range(2):
        place_order(
            context.engine,
            catalog=context.catalog,
            settings=context.settings,
            actor=Actor(1, "anna", Role.CLERK),
            today=TODAY,
            picks={"chassis": "c14", "processor": "r5", "memory": "m16", "accessories": {}},
        )
    counter.sign_in(Actor(2, "werner", Role.WORKSHOP))
    widget = WorkshopWidget(counter)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    qtbot.waitUntil(lambda: widget.checklist is not None, timeout=20_000)
    yield widget
    counter.runner.wait_idle()


def settle(qtbot: QtBot, widget: WorkshopWidget) -> None:
    qtbot.waitUntil(lambda: not widget.counter.runner.busy, timeout=20_000)


def test_workshop_view_runs_an_order_through_assembly(
    qtbot: QtBot, workshop: WorkshopWidget
) -> None:
    assert workshop.model.rowCount() == 2
    first = workshop.model.record(0).order_number
    assert workshop.selected == first
    assert workshop.start_button.isEnabled()
    assert not workshop.pass_button.isEnabled()  # nothing to tick before the start
    workshop.grab()
    workshop.start_button.click()
    settle(qtbot, workshop)
    assert workshop.checklist is not None
    assert workshop.checklist.status == "in_assembly"
    assert "in assembly" in workshop.title.text()
    count = workshop.items.count()
    assert count == len(workshop.checklist.items) > 0
    for _ in range(count):
        assert workshop.pass_button.isEnabled()
        workshop.pass_button.click()
        settle(qtbot, workshop)
    assert workshop.checklist.complete
    assert all(workshop.items.item(i).text().startswith("✓") for i in range(count))
    assert workshop.finish_button.isEnabled()
    workshop.finish("SN-VIEW-1")
    settle(qtbot, workshop)
    # assembled: it leaves the queue, the other order is selected
    assert [e.order_number for e in workshop.model.records] != [first]
    assert workshop.model.rowCount() == 1
    assert workshop.selected != first


def test_workshop_view_failed_check_sends_back(qtbot: QtBot, workshop: WorkshopWidget) -> None:
    workshop.start()
    settle(qtbot, workshop)
    workshop.tick(0, passed=False, reason="scratch on the lid")
    settle(qtbot, workshop)
    assert workshop.checklist is not None
    assert workshop.checklist.status == "ordered"
    assert workshop.items.item(0).text().startswith("✗")
    assert "scratch on the lid" in workshop.trail.text()
    assert workshop.start_button.isEnabled()


def test_workshop_view_opens_the_assembly_sheet(qtbot: QtBot, workshop: WorkshopWidget) -> None:
    from PySide6.QtWidgets import QDialog

    assert workshop.sheet_button.isEnabled()
    workshop.sheet_button.click()
    settle(qtbot, workshop)
    assert workshop.last_pdf is not None
    assert workshop.last_pdf.pages >= 1
    assert workshop.selected in workshop.last_pdf.title
    for dialog in workshop.findChildren(QDialog):
        dialog.close()


def test_workshop_view_without_the_right_disables_actions(
    qtbot: QtBot, workshop: WorkshopWidget
) -> None:
    workshop.counter.sign_out()
    assert not workshop.start_button.isEnabled()
    assert not workshop.pass_button.isEnabled()
