"""Starting while another program holds the SQLite write lock: an up-to-date store opens and
reads without waiting for the lock (only a needed migration takes it)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from configurator.cli.main import run
from tests.orders.shop_fixtures import make_data_dir


@contextmanager
def write_locked(db: Path) -> Iterator[None]:
    other = sqlite3.connect(db, isolation_level=None, timeout=0)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_order_list_runs_while_another_program_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_data_dir(tmp_path)
    assert run(["--data-dir", str(data), "order", "list"]) == 0  # first start done
    capsys.readouterr()
    with write_locked(data / "configurator.sqlite3"):
        assert run(["--data-dir", str(data), "order", "list", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"
