"""The main window: login first, then the views as tabs, menus with every action, status bar.

The window owns the `Counter` (context, signed-in user, clock, operation runner) and passes it
to each view; nothing is global. Views are built on first sign-in, so the login page paints
before the catalog, the rule engine and the views are loaded.

Start-up: the login list comes from a plain sqlite3 read (`store.quick_read`) when the launcher
could make one, so it paints before SQLAlchemy is even imported. Right after that first paint
one worker "warms up": opens the store (SQLAlchemy, schema check), loads the catalog (checked
once per version) and imports what the operations will need. A sign-in waits for it (the clerk
is typing the PIN meanwhile); if the store cannot be opened, `store_failed` says why.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QWidget,
)

from configurator.bootstrap import AppContext
from configurator.errors import UserError
from configurator.paths import resource
from configurator.ui import operations as ops
from configurator.ui.counter import Counter
from configurator.ui.login import LoginPage, UserChoice
from configurator.ui.shortcuts import ShortcutsDialog, shortcut

if TYPE_CHECKING:
    from collections.abc import Sequence

    from configurator.orders.users import Actor
    from configurator.ui.configure.page import AskDiscard, ConfigurePage


def app_icon() -> QIcon:
    return QIcon(str(resource("icons", "configurator.svg")))


class _FirstPaint(QObject):
    """Tells once when the window was first painted with names in the login list.

    Watches the window itself, which is painted first in every full repaint (the list's own
    viewport would do too, but merely asking for it makes PySide build that class's enums:
    20 ms before the first paint)."""

    painted = Signal()

    def __init__(self, window: QWidget, page: LoginPage) -> None:
        super().__init__(window)
        self._page = page
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        painting = event.type() in (QEvent.Type.Paint, QEvent.Type.UpdateRequest)
        if painting and self._page.users.count():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self.painted.emit)  # after this paint has been done
        return False


class MainWindow(QMainWindow):
    """Holds the views; knows the Counter it was given and nothing global."""

    login_painted = Signal()
    """The login list was painted with the names: the window is usable."""
    warmed_up = Signal()
    """The store is open, the catalog loaded, the core imported: sign-in can go ahead."""
    store_failed = Signal(object)
    """The store could not be opened (a `UserError` saying why); the launcher quits."""

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        counter: Counter | None = None,
        ask_discard: AskDiscard | None = None,
        users: Sequence[UserChoice] | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self._ask_discard = ask_discard
        self.counter = counter or Counter(context, parent=self)
        self.setObjectName("mainWindow")
        self.setWindowTitle("Configurator")
        self.setWindowIcon(app_icon())
        self.resize(1280, 760)
        self.catalog_error: UserError | None = None
        self.configure_page: ConfigurePage | None = None
        self.pages: dict[str, QWidget] = {}
        self.login = LoginPage()
        self.login.submitted.connect(self._sign_in)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.login)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self.actions_by_name: dict[str, QAction] = {}
        self._build_menus()
        self.database_label = QLabel(f"Database: {context.database_label}")
        self.database_label.setObjectName("databaseLabel")
        self.database_label.setToolTip(context.database_label)
        self.database_label.setMinimumWidth(80)
        self.user_label = QLabel("Not signed in")
        self.user_label.setObjectName("userLabel")
        self.busy = QProgressBar()
        self.busy.setObjectName("busyIndicator")
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(90)
        self.busy.setMaximumHeight(12)
        self.busy.hide()
        self.statusBar().addWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.busy)
        self.statusBar().addPermanentWidget(self.database_label)
        self.counter.runner.busy_changed.connect(self.busy.setVisible)
        self.counter.actor_changed.connect(lambda: self._actor_changed(self.counter.actor))
        self._set_signed_in_actions(False)
        self.warm = False
        self._warming = False
        self._pending_sign_in: tuple[str, str] | None = None
        self._first_paint = _FirstPaint(self, self.login)
        self._first_paint.painted.connect(self.login_painted)
        self.login_painted.connect(self.warm_up)
        if users is not None:
            self.login.set_users(users)
        else:
            self.warm_up()  # the user list comes with the store

    # --- start-up ----------------------------------------------------------------------------

    def warm_up(self) -> None:
        """Open the store, load the catalog and import the core on one worker (see module)."""
        if self.warm or self._warming:
            return
        self._warming = True
        context, need_users = self.context, self.login.users.count() == 0

        def work() -> ops.Done[list[UserChoice] | None]:
            context.open_store()
            _import_core(_STORE_MODULES)
            users = ops.load_users(engine=context.engine).value if need_users else None
            with contextlib.suppress(UserError):  # a broken catalog is shown on Configure
                context.catalog  # noqa: B018 (loads it)
            _import_core(_LATER_MODULES)
            return ops.Done(users)

        def done(result: ops.Done[list[UserChoice] | None]) -> None:
            self._warming = False
            self.warm = True
            if result.value is not None:
                self.login.set_users(result.value)
            _import_core(_LATER_GUI_MODULES)
            self.warmed_up.emit()
            pending, self._pending_sign_in = self._pending_sign_in, None
            if pending is not None:
                self._sign_in(*pending)

        def failed(exc: BaseException) -> bool:
            self._warming = False
            self._pending_sign_in = None
            self.login.set_busy(False)
            if isinstance(exc, UserError):
                self.store_failed.emit(exc)
                return True
            return False

        self.counter.runner.run(
            work, on_success=done, on_failure=failed, label="Opening the store", parent=self
        )

    # --- login -------------------------------------------------------------------------------

    def load_users(self) -> None:
        self.counter.runner.run(
            lambda: ops.load_users(engine=self.context.engine),
            on_success=lambda done: self.login.set_users(done.value),
            label="Loading users",
            parent=self,
        )

    def _sign_in(self, name: str, pin: str) -> None:
        self.login.set_busy(True)
        if not self.warm:  # the clerk was quicker than the store: signs in once it is open
            self._pending_sign_in = (name, pin)
            self.warm_up()
            return

        def failed(exc: BaseException) -> bool:
            self.login.set_busy(False)
            if isinstance(exc, UserError):
                self.login.show_error(exc)
                return True
            return False

        def done(result: ops.Done[Actor]) -> None:
            self.login.set_busy(False)
            self.login.reset()
            self.counter.sign_in(result.value)

        self.counter.runner.run(
            lambda: ops.sign_in(
                engine=self.context.engine, name=name, pin=pin, now=self.counter.now()
            ),
            on_success=done,
            on_failure=failed,
            label="Sign in",
            parent=self,
        )

    def _actor_changed(self, actor: Actor | None) -> None:
        if actor is None:
            self.user_label.setText("Not signed in")
            self.setWindowTitle("Configurator")
            self._set_signed_in_actions(False)
            self.stack.setCurrentWidget(self.login)
            self.login.reset()
            return
        self.user_label.setText(f"Signed in: {actor.name} ({actor.role.value})")
        self.setWindowTitle(f"Configurator: {actor.name}")
        if not self.pages:
            self._build_views()
        self._set_signed_in_actions(True)
        self.stack.setCurrentWidget(self.tabs)
        self.tabs.setCurrentIndex(0)
        if self.configure_page is not None:
            self.configure_page.actor_changed(actor)
            self.configure_page.view.focus_search()

    def sign_out(self) -> None:
        if self.configure_page is not None and not self.configure_page.confirm_discard("Sign out"):
            return
        self.counter.sign_out()

    # --- views -------------------------------------------------------------------------------

    def _build_views(self) -> None:
        self._add_configure_view()
        from configurator.ui.orders_view import OrdersView
        from configurator.ui.stock_view import StockView

        orders = OrdersView(self.counter, open_in_configurator=self._open_in_configurator)
        self._add_page("orders", orders, "&Orders")
        self._add_page("stock", StockView(self.counter), "&Stock")
        for name, module, cls, title in (
            ("workshop", "configurator.ui.workshop", "WorkshopView", "&Workshop"),
            ("planning", "configurator.ui.planning", "PlanningView", "&Planning"),
        ):
            page = _optional_view(module, cls, self.counter)
            if page is not None:
                self._add_page(name, page, title)

    def _add_page(self, name: str, page: QWidget, title: str) -> None:
        self.pages[name] = page
        self.tabs.addTab(page, title)

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
            self._add_page("configure", message, "&Configure")
            return
        from configurator.ui.configure.page import ConfigurePage

        if self._ask_discard is None:
            self.configure_page = ConfigurePage(self.counter, catalog)
        else:
            self.configure_page = ConfigurePage(self.counter, catalog, ask=self._ask_discard)
        self._add_page("configure", self.configure_page, "&Configure")
        from configurator.collector import settle_after_startup

        settle_after_startup()  # the catalog and its engine stay: keep full collections short

    def _open_in_configurator(self, number: str, *, as_quote: bool) -> None:
        if self.configure_page is None:
            return
        self.tabs.setCurrentWidget(self.configure_page)
        self.configure_page.open_stored(number, continue_quote=as_quote)

    def show_page(self, name: str) -> None:
        page = self.pages.get(name)
        if page is not None and self.stack.currentWidget() is self.tabs:
            self.tabs.setCurrentWidget(page)
            refresh = getattr(page, "refresh", None)
            if name != "configure" and callable(refresh):
                refresh()

    # --- menus -------------------------------------------------------------------------------

    def _action(self, name: str, text: str, slot: Callable[[], Any]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut(name).keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.actions_by_name[name] = action
        self.addAction(action)
        return action

    def _page_call(self, method: str) -> Callable[[], None]:
        def call() -> None:
            if self.configure_page is None or self.stack.currentWidget() is not self.tabs:
                return
            self.tabs.setCurrentWidget(self.configure_page)
            getattr(self.configure_page, method)()

        return call

    def _show_page_call(self, name: str) -> Callable[[], None]:
        return lambda: self.show_page(name)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self._action("new", "&New configuration", self._page_call("new")))
        file_menu.addAction(
            self._action("save_quote", "Save as &quote", self._page_call("save_quote"))
        )
        file_menu.addAction(
            self._action("place_order", "Place &order", self._page_call("place_order"))
        )
        file_menu.addSeparator()
        file_menu.addAction(
            self._action("preview", "Pre&view last document", self._page_call("preview"))
        )
        file_menu.addAction(
            self._action("print", "&Print last document…", self._page_call("print_last"))
        )
        file_menu.addAction(
            self._action("save_pdf", "Save last document as P&DF…", self._page_call("save_pdf"))
        )
        file_menu.addSeparator()
        file_menu.addAction(self._action("sign_out", "Sign &out", self.sign_out))
        quit_action = self._action("quit", "&Quit", self.close)
        file_menu.addAction(quit_action)

        edit_menu = bar.addMenu("&Edit")
        edit_menu.addAction(self._action("find", "&Find option…", self._page_call("focus_find")))
        edit_menu.addAction(
            self._action("customer", "&Customer…", self._page_call("choose_customer"))
        )
        edit_menu.addAction(
            self._action("new_customer", "&New customer…", self._page_call("new_customer"))
        )
        edit_menu.addAction(
            self._action("discount", "&Discount…", self._page_call("edit_discount"))
        )

        view_menu = bar.addMenu("&View")
        for name, key, text in (
            ("configure", "tab_configure", "&Configure"),
            ("orders", "tab_orders", "&Orders"),
            ("stock", "tab_stock", "&Stock"),
            ("workshop", "tab_workshop", "&Workshop"),
            ("planning", "tab_planning", "&Planning"),
        ):
            view_menu.addAction(self._action(key, text, self._show_page_call(name)))
        view_menu.addAction(self._action("refresh", "&Reload", self._refresh_current))

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("shortcuts", "&Keyboard shortcuts", self.show_shortcuts))
        self.about_action = QAction("&About Configurator", self)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)

    def _set_signed_in_actions(self, signed_in: bool) -> None:
        for name, action in self.actions_by_name.items():
            if name not in ("quit", "shortcuts"):
                action.setEnabled(signed_in)

    def _refresh_current(self) -> None:
        refresh = getattr(self.tabs.currentWidget(), "refresh", None)
        if callable(refresh):
            refresh()

    def show_shortcuts(self) -> ShortcutsDialog:
        dialog = ShortcutsDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_about(self) -> QMessageBox:
        catalog_label = self.context.catalog_path.name
        if self.catalog_error is None:
            try:
                catalog = self.context.catalog
                catalog_label = f"{catalog.name} ({catalog.id}, version {catalog.short_version})"
            except UserError as exc:
                self.catalog_error = exc
        from configurator.ui.about import show_about

        return show_about(
            self,
            catalog_label=catalog_label,
            database_label=self.context.database_label,
            data_dir=str(self.context.paths.root),
        )

    # --- closing -------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.configure_page is not None and not self.configure_page.confirm_discard("Quit"):
            event.ignore()
            return
        # An order being placed finishes before the window goes: it is never half-written,
        # and the clerk does not walk away believing it failed.
        self.counter.runner.wait_idle()
        self.context.close()
        super().closeEvent(event)


_STORE_MODULES = (
    "configurator.orders.people",
    "configurator.orders.auth",
    "configurator.orders.views",
    "configurator.orders.placing",
    "configurator.orders.lifecycle",
    "configurator.orders.stock",
    "configurator.inventory.service",
)
_LATER_MODULES = (
    "configurator.rules.engine",
    "configurator.documents.writer",
    "configurator.documents.from_order",
)
_LATER_GUI_MODULES = ("configurator.ui.pdf_output",)


def _import_core(modules: tuple[str, ...]) -> None:
    """Import what the operations will use, all on the one warm-up worker.

    Two threads importing the same packages at once can trip over each other (Python's
    per-module import locks report a deadlock for concurrent circular imports), so the
    warm-up imports everything before any other operation runs: a sign-in waits for it.
    Modules that import Qt are imported on the GUI thread (`_LATER_GUI_MODULES`).
    """
    import importlib

    for name in modules:
        importlib.import_module(name)


def _optional_view(module: str, cls: str, counter: Counter) -> QWidget | None:
    """The planning engineer's views, when they are installed (they are self-contained)."""
    import importlib

    try:
        found = importlib.import_module(module)
    except ImportError:
        return None
    factory = getattr(found, cls, None)
    if factory is None:
        return None
    widget = factory(counter)
    assert isinstance(widget, QWidget)
    return widget
