"""The login list paints before the store is opened; the store opens behind it; a sign-in typed
early waits for it; a store that cannot be opened is reported, not swallowed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from configurator.bootstrap import AppContext, prepare_app
from configurator.errors import DatabaseError
from configurator.ui.counter import Counter
from configurator.ui.launch import _quick_users
from configurator.ui.main_window import MainWindow
from tests.ui.conftest import NOW, TODAY, _drain
from tests.ui.helpers import Clerk


@pytest.fixture
def prepared(shop_dir: Path) -> Iterator[AppContext]:
    context = prepare_app(data_dir=shop_dir)
    yield context
    context.close()


def _store_open(context: AppContext) -> bool:
    return context.store_open


@pytest.fixture
def make_window(qtbot: QtBot) -> Iterator[Callable[[AppContext], MainWindow]]:
    made: list[MainWindow] = []

    def make(context: AppContext) -> MainWindow:
        users = _quick_users(context.database_url)
        assert users is not None
        counter = Counter(context, today=lambda: TODAY, now=lambda: NOW)
        window = MainWindow(context, counter=counter, ask_discard=lambda _p, _a: True, users=users)
        qtbot.addWidget(window)
        made.append(window)
        return window

    yield make
    for window in made:
        _drain(qtbot, window.counter)


def test_the_login_list_is_there_before_the_store_is_opened(
    qtbot: QtBot, prepared: AppContext, make_window: Callable[[AppContext], MainWindow]
) -> None:
    window = make_window(prepared)
    names = [window.login.users.item(i).text() for i in range(window.login.users.count())]
    assert names[0] == "Anna Keller  ·  clerk"
    assert len(names) == 4
    assert not _store_open(prepared)
    assert not window.counter.runner.busy  # nothing runs before the first paint
    with qtbot.waitSignal(window.warmed_up, timeout=30_000):
        window.show()
    assert _store_open(prepared)
    assert window.warm
    clerk = Clerk(qtbot, window)
    window.login.select_user("anna")
    clerk.type_enter(window.login.pin, "1111")
    qtbot.waitUntil(lambda: window.counter.actor is not None, timeout=15_000)
    assert window.configure_page is not None


def test_a_sign_in_typed_before_the_store_is_open_goes_through(
    qtbot: QtBot, prepared: AppContext, make_window: Callable[[AppContext], MainWindow]
) -> None:
    window = make_window(prepared)  # never painted: nothing has started the store yet
    window.login.select_user("anna")
    window.login.pin.setText("1111")
    window.login.sign_in.click()
    assert window.login.message.text() == "Checking …"
    assert not window.login.sign_in.isEnabled()
    qtbot.waitUntil(lambda: window.counter.actor is not None, timeout=30_000)
    assert window.counter.actor is not None
    assert window.counter.actor.name == "anna"
    assert prepared.store_open


def test_a_store_that_cannot_be_opened_is_reported(
    qtbot: QtBot,
    prepared: AppContext,
    make_window: Callable[[AppContext], MainWindow],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    problem = DatabaseError("The database is damaged.", hint="Restore the latest backup.")

    def broken(**_kwargs: object) -> None:
        raise problem

    monkeypatch.setattr(prepared, "open_store", broken)
    window = make_window(prepared)
    window.login.select_user("anna")
    window.login.pin.setText("1111")
    with qtbot.waitSignal(window.store_failed, timeout=30_000) as failed:
        window.login.sign_in.click()
    assert failed.args == [problem]
    assert window.login.sign_in.isEnabled()  # not stuck on "Checking …"
    assert window.counter.actor is None
    assert not window.counter.runner.dialogs  # the launcher shows it and quits (exit code 2)
