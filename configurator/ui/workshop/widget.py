"""The workshop view: the assembly queue, start/finish with the serial number, QC ticks.

Every button is one core call (planning.workshop) run off the GUI thread by the counter's
runner; the view reloads the queue and the selected order's checklist from what comes back and
publishes the change so the orders and stock views refresh too. The signed-in user is the one
recorded in the workshop trail; without the right to assemble the buttons stay disabled (the
core checks it again).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from configurator.ui.counter import Changes, Counter
from configurator.ui.table_model import Column, RecordTableModel
from configurator.ui.theme import tones

if TYPE_CHECKING:
    from configurator.planning.workshop import Checklist, EventView
    from configurator.planning.workshop_queue import QueueEntry

QUEUE_COLUMNS: tuple[Column[QueueEntry], ...] = (
    Column("#", lambda e: e.position),
    Column("Order", lambda e: e.order_number, tooltip=lambda e: e.config_code),
    Column("Status", lambda e: e.status.replace("_", " ")),
    Column("By", lambda e: e.started_by),
    Column("Customer", lambda e: e.customer),
    Column("Promised", lambda e: e.promised_on),
    Column(
        "Planned",
        lambda e: e.planned_finish,
        color=lambda e: tones().bad if e.late else None,
        tooltip=lambda e: "later than promised" if e.late else "keeps the promise",
    ),
    Column("Waits for", lambda e: ", ".join(e.waiting_for)),
)
MARKS = {None: "○", True: "✓", False: "✗"}


@dataclass(frozen=True, slots=True)
class _Loaded:
    queue: list[QueueEntry]
    checklist: Checklist | None
    history: list[EventView]


class WorkshopWidget(QWidget):
    """Queue on the left, the selected order's QC checklist and trail on the right."""

    def __init__(self, counter: Counter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workshopView")
        self.counter = counter
        self.selected: str | None = None
        self.checklist: Checklist | None = None
        self.model: RecordTableModel[QueueEntry] = RecordTableModel(QUEUE_COLUMNS, self)
        self.table = QTableView()
        self.table.setObjectName("queueTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_select())
        self.start_button = self._button("&Start assembly", "startAssembly", self.start)
        self.finish_button = self._button("&Finish…", "finishAssembly", self._ask_finish)
        self.back_button = self._button("Send &back…", "sendBack", self._ask_send_back)
        self.sheet_button = self._button("Assembly s&heet", "assemblySheet", self.show_sheet)
        self.last_pdf: Any = None
        """The last assembly sheet rendered (ui.operations.PdfResult), for tests."""
        self.pass_button = self._button("&Pass check", "passCheck", self._pass_current)
        self.fail_button = self._button("F&ail check…", "failCheck", self._ask_fail)
        self.items = QListWidget()
        self.items.setObjectName("qcList")
        self.items.itemActivated.connect(lambda _item: self._pass_current())
        self.items.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.title = QLabel()
        self.title.setObjectName("workshopTitle")
        self.trail = QLabel()
        self.trail.setObjectName("workshopTrail")
        self.trail.setWordWrap(True)
        self.trail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName("workshopStatus")
        actions = QHBoxLayout()
        for button in (
            self.start_button,
            self.finish_button,
            self.back_button,
            self.sheet_button,
        ):
            actions.addWidget(button)
        checks = QHBoxLayout()
        checks.addWidget(self.pass_button)
        checks.addWidget(self.fail_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.title)
        right_layout.addLayout(actions)
        right_layout.addWidget(QLabel("QC checklist (from the assembly sheet):"))
        right_layout.addWidget(self.items, 1)
        right_layout.addLayout(checks)
        right_layout.addWidget(self.trail)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)
        counter.changed.connect(self._on_changes)
        counter.actor_changed.connect(lambda *_: self._update_buttons())
        self._update_buttons()
        self.stale = True
        """Needs a reload the next time it is shown (loaded lazily: not at window start)."""

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt API)
        super().showEvent(event)
        if self.stale:
            self.refresh()

    def _button(self, text: str, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda *_: slot())
        return button

    # --- loading -------------------------------------------------------------------------

    def _on_changes(self, changes: Changes) -> None:
        if changes.orders:
            self.stale = True
            if self.isVisible():
                self.refresh()

    def _load(self, number: str | None) -> _Loaded:
        from configurator.planning.workshop import qc_checklist, workshop_history
        from configurator.planning.workshop_queue import assembly_queue

        context = self.counter.context
        queue = assembly_queue(
            context.engine,
            catalog=context.catalog,
            settings=context.settings,
            today=self.counter.today(),
        )
        if number is None or not any(e.order_number == number for e in queue):
            number = queue[0].order_number if queue else None
        if number is None:
            return _Loaded(queue, None, [])
        checklist = qc_checklist(context.engine, catalog=context.catalog, number=number)
        return _Loaded(queue, checklist, workshop_history(context.engine, number))

    def refresh(self) -> None:
        self.stale = False
        number = self.selected
        self.counter.runner.run(
            lambda: self._load(number),
            on_success=self._show,
            label="Loading the queue",
            parent=self,
        )

    def _show(self, loaded: _Loaded) -> None:
        self.model.set_records(loaded.queue)
        late = sum(1 for e in loaded.queue if e.late)
        self.status.setText(
            f"{len(loaded.queue)} laptop(s) in the queue" + (f", {late} late" if late else "")
        )
        self._show_order(loaded.checklist, loaded.history)
        if loaded.checklist is not None:
            for row, entry in enumerate(loaded.queue):
                if entry.order_number == loaded.checklist.order_number:
                    self.table.blockSignals(True)
                    self.table.selectRow(row)
                    self.table.blockSignals(False)

    def _show_order(self, checklist: Checklist | None, history: list[EventView]) -> None:
        self.checklist = checklist
        self.selected = checklist.order_number if checklist else None
        current = self.items.currentRow()
        self.items.clear()
        if checklist is None:
            self.title.setText("The queue is empty.")
            self.trail.setText("")
            self._update_buttons()
            return
        self.title.setText(
            f"<b>{checklist.order_number}</b> · {checklist.status.replace('_', ' ')}"
            + (f" · QC round {checklist.round}" if checklist.round else "")
        )
        for item in checklist.items:
            who = f"  ({item.by})" if item.by else ""
            note = f": {item.note}" if item.note else ""
            row = QListWidgetItem(f"{MARKS[item.passed]} {item.index + 1}. {item.text}{who}{note}")
            self.items.addItem(row)
        next_open = next((i.index for i in checklist.items if not i.passed), None)
        self.items.setCurrentRow(next_open if next_open is not None else max(0, current))
        self.trail.setText(
            "<br>".join(
                f"{e.at:%d %b %H:%M} {e.user}: {e.kind.replace('_', ' ')}"
                + (f" #{e.item + 1}" if e.item is not None else "")
                + (f" {e.serial_number}" if e.serial_number else "")
                + (f" – {e.text}" if e.text else "")
                for e in history[-8:]
            )
        )
        self._update_buttons()

    def _on_select(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        number = self.model.record(rows[0].row()).order_number
        if number != self.selected:
            self.selected = number
            self.refresh()

    def _update_buttons(self) -> None:
        allowed = self.counter.may("assemble")
        status = self.checklist.status if self.checklist else None
        working = status == "in_assembly"
        self.start_button.setEnabled(allowed and status == "ordered")
        self.finish_button.setEnabled(allowed and working and bool(self.checklist.complete))  # type: ignore[union-attr]
        self.back_button.setEnabled(allowed and working)
        self.sheet_button.setEnabled(self.selected is not None)
        has_item = self.items.currentRow() >= 0
        self.pass_button.setEnabled(allowed and working and has_item)
        self.fail_button.setEnabled(allowed and working and has_item)

    # --- actions -------------------------------------------------------------------------

    def _act(self, call: Callable[[], Any], label: str, *, stock: bool = False) -> None:
        def done(_result: object) -> None:
            # every view reloads from the change set, this one included (_on_changes)
            self.counter.publish(Changes(orders=True, stock=stock))

        self.counter.runner.run(call, on_success=done, label=label, parent=self)

    def _actor_and_number(self) -> tuple[Any, str] | None:
        if self.counter.actor is None or self.selected is None:
            return None
        return self.counter.actor, self.selected

    def start(self) -> None:
        from configurator.planning.workshop import start_assembly

        ready = self._actor_and_number()
        if ready is None:
            return
        actor, number = ready
        engine, today, now = self.counter.context.engine, self.counter.today(), self.counter.now()
        self._act(
            lambda: start_assembly(engine, number, actor=actor, today=today, now=now),
            f"Starting {number}",
        )

    def tick(self, index: int, *, passed: bool, reason: str = "") -> None:
        from configurator.planning.workshop import tick_qc

        ready = self._actor_and_number()
        if ready is None:
            return
        actor, number = ready
        context, today, now = self.counter.context, self.counter.today(), self.counter.now()
        self._act(
            lambda: tick_qc(
                context.engine,
                number,
                index,
                passed=passed,
                catalog=context.catalog,
                actor=actor,
                today=today,
                reason=reason,
                now=now,
            ),
            f"QC check {index + 1} of {number}",
        )

    def finish(self, serial: str) -> None:
        from configurator.planning.workshop import finish_assembly

        ready = self._actor_and_number()
        if ready is None:
            return
        actor, number = ready
        context, today, now = self.counter.context, self.counter.today(), self.counter.now()
        self._act(
            lambda: finish_assembly(
                context.engine,
                number,
                serial_number=serial,
                catalog=context.catalog,
                actor=actor,
                today=today,
                now=now,
            ),
            f"Finishing {number}",
            stock=True,
        )

    def send_back(self, reason: str) -> None:
        from configurator.planning.workshop import send_back

        ready = self._actor_and_number()
        if ready is None:
            return
        actor, number = ready
        engine, today, now = self.counter.context.engine, self.counter.today(), self.counter.now()
        self._act(
            lambda: send_back(engine, number, reason=reason, actor=actor, today=today, now=now),
            f"Sending {number} back",
        )

    def show_sheet(self) -> None:
        """Render the selected order's assembly sheet and open the preview (print from there)."""
        from configurator.ui import operations as ops

        if self.selected is None:
            return
        context, number = self.counter.context, self.selected
        self.counter.runner.run(
            lambda: ops.render_document(
                engine=context.engine,
                catalog=context.catalog,
                settings=context.settings,
                kind="assembly",
                number=number,
                folder=context.paths.documents,
            ),
            on_success=self._preview,
            label="Rendering the assembly sheet",
            parent=self,
        )

    def _preview(self, done: Any) -> None:
        from configurator.ui.pdf_output import PreviewDialog

        self.last_pdf = done.value
        dialog = PreviewDialog(
            done.value.data, title=done.value.title, saved_at=done.value.path, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def _pass_current(self) -> None:
        row = self.items.currentRow()
        if row >= 0 and self.pass_button.isEnabled():
            self.tick(row, passed=True)

    def _ask_fail(self) -> None:
        row = self.items.currentRow()
        if row < 0:
            return
        reason, ok = QInputDialog.getText(
            self, "Failed check", "What is wrong? (the laptop goes back to the queue)"
        )
        if ok and reason.strip():
            self.tick(row, passed=False, reason=reason)

    def _ask_finish(self) -> None:
        serial, ok = QInputDialog.getText(
            self, "Finish assembly", "Serial number (mainboard label):"
        )
        if ok and serial.strip():
            self.finish(serial)

    def _ask_send_back(self) -> None:
        reason, ok = QInputDialog.getText(self, "Send back", "Why does it go back to the queue?")
        if ok and reason.strip():
            self.send_back(reason)
