"""The main window: the views as tabs, menus with every action, the database in the status bar."""

from __future__ import annotations

from html import escape

from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QWidget

from configurator.bootstrap import AppContext
from configurator.errors import UserError
from configurator.paths import resource
from configurator.ui.about import show_about
from configurator.ui.catalog_overview import CatalogOverview


def app_icon() -> QIcon:
    return QIcon(str(resource("icons", "configurator.svg")))


class MainWindow(QMainWindow):
    """Holds the views; knows the AppContext it was given and nothing global."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("mainWindow")
        self.setWindowTitle("Configurator")
        self.setWindowIcon(app_icon())
        self.resize(1280, 760)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.catalog_error: UserError | None = None
        self._add_configure_view()
        self._build_menus()
        self.database_label = QLabel(f"Database: {context.database_label}")
        self.database_label.setObjectName("databaseLabel")
        self.statusBar().addPermanentWidget(self.database_label)

    def _add_configure_view(self) -> None:
        try:
            catalog = self.context.catalog
        except UserError as exc:
            self.catalog_error = exc
            message = QLabel(
                "<h3>The catalog cannot be used</h3>"
                f"<pre>{escape(exc.message)}</pre><p>{escape(exc.hint or '')}</p>"
            )
            message.setWordWrap(True)
            self.tabs.addTab(message, "&Configure")
            return
        self.tabs.addTab(CatalogOverview(catalog), "&Configure")

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        self.about_action = QAction("&About Configurator", self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def show_about(self) -> QMessageBox:
        catalog_label = self.context.catalog_path.name
        if self.catalog_error is None:
            catalog = self.context.catalog
            catalog_label = f"{catalog.name} ({catalog.id}, version {catalog.short_version})"
        return show_about(
            self,
            catalog_label=catalog_label,
            database_label=self.context.database_label,
            data_dir=str(self.context.paths.root),
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        self.context.close()
        super().closeEvent(event)
