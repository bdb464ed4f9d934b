"""A second start on the same data folder reaches the first; other folders are independent."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from configurator.ui.single_instance import (
    SingleInstanceServer,
    ask_running_instance_to_raise,
    server_name,
)


def test_no_running_instance_means_start(tmp_path: Path) -> None:
    assert not ask_running_instance_to_raise(tmp_path / "nobody-here")


def test_second_start_asks_the_first_to_raise(qtbot: QtBot, tmp_path: Path) -> None:
    server = SingleInstanceServer(tmp_path)
    assert server.listen()
    try:
        with qtbot.waitSignal(server.raise_requested, timeout=3000):
            assert ask_running_instance_to_raise(tmp_path)
    finally:
        server.close()


def test_instances_are_per_data_folder(qtbot: QtBot, tmp_path: Path) -> None:
    first = tmp_path / "a"
    second = tmp_path / "b"
    assert server_name(first) != server_name(second)
    server = SingleInstanceServer(first)
    assert server.listen()
    try:
        assert not ask_running_instance_to_raise(second)
    finally:
        server.close()


def test_stale_socket_of_a_crashed_instance_is_taken_over(qtbot: QtBot, tmp_path: Path) -> None:
    crashed = SingleInstanceServer(tmp_path)
    assert crashed.listen()
    crashed.close()  # closing leaves no listener, like a crash that left the name behind
    successor = SingleInstanceServer(tmp_path)
    assert successor.listen()
    successor.close()
