"""A read-only overview of the catalog's option groups (what the clerk can choose from).

The live configure view (rule engine, stock, repairs) replaces this as the main page; this one
stays useful as the fallback when a catalog cannot be configured and in the foundation tests.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from configurator.catalog.model import Catalog, GroupKind


class CatalogOverview(QScrollArea):
    """One box per option group, in the catalog's display order."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("catalogOverview")
        self.setWidgetResizable(True)
        body = QWidget()
        layout = QVBoxLayout(body)
        title = QLabel(f"<h2>{catalog.name}</h2>")
        layout.addWidget(title)
        self.group_boxes: dict[str, QGroupBox] = {}
        self._button_groups: list[QButtonGroup] = []
        for group in catalog.groups:
            box = QGroupBox(group.label)
            box.setObjectName(f"group-{group.id}")
            box_layout = QVBoxLayout(box)
            exclusive = QButtonGroup(box)
            exclusive.setExclusive(group.kind is not GroupKind.MANY)
            for option in group.options:
                text = f"{option.label}   {_price_delta(option.price)}"
                button: QRadioButton | QCheckBox
                button = QCheckBox(text) if group.kind is GroupKind.MANY else QRadioButton(text)
                button.setChecked(option.default)
                exclusive.addButton(button)
                box_layout.addWidget(button)
            self._button_groups.append(exclusive)
            self.group_boxes[group.id] = box
            layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(body)


def _price_delta(price: object) -> str:
    text = f"{price}"
    if text.startswith("-"):
        return text
    return "" if text in ("0", "0.00") else f"+{text}"
