"""A shop's own catalog and a store without demo data: what a real shop does on day one.

Two ways in: point shop.toml at the shop's catalog before the first start (the store gets the
catalog's parts, the demo users and customers, no demo stock or orders), or
`init --no-demo --manager NAME --pin PIN` (a store whose only user is that manager).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from configurator.bootstrap import open_app
from configurator.catalog.loader import load_catalog
from configurator.cli.main import run
from configurator.errors import UserError
from configurator.orders.staff import add_first_manager
from configurator.paths import DATABASE_FILE, demo_stock_path, resource
from configurator.store.stockfile import declared_catalog, load_stock_file
from tests.helpers.catalogs import MINI_CATALOG, write_catalog

TODAY = date(2026, 11, 25)


def _rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return list(conn.execute(sql).fetchall())


def _shop_with_own_catalog(data_dir: Path) -> Path:
    """A data folder whose shop.toml names a catalog that is not the demo catalog."""
    data_dir.mkdir(parents=True, exist_ok=True)
    catalog = write_catalog(data_dir, MINI_CATALOG, "mini.toml")
    settings = resource("demo", "shop.toml").read_text(encoding="utf-8")
    settings = settings.replace('catalog = ""', 'catalog = "mini.toml"', 1)
    (data_dir / "shop.toml").write_text(settings, encoding="utf-8")
    return catalog


def test_the_demo_stock_file_says_which_catalog_it_is_for() -> None:
    assert declared_catalog(demo_stock_path()) == "aurora-2026"


def test_a_stock_file_for_another_catalog_is_refused_by_name(tmp_path: Path) -> None:
    mini = load_catalog(write_catalog(tmp_path, MINI_CATALOG))
    with pytest.raises(UserError, match="is for catalog 'aurora-2026', not 'mini'"):
        load_stock_file(demo_stock_path(), mini)


def test_first_start_with_the_shops_own_catalog_seeds_its_parts_and_no_demo_stock(
    data_dir: Path,
) -> None:
    catalog_file = _shop_with_own_catalog(data_dir)
    context = open_app(data_dir=data_dir, today=TODAY)
    try:
        assert context.catalog_path == catalog_file
        parts = {row[0] for row in _rows(data_dir / DATABASE_FILE, "SELECT part FROM component")}
        assert parts == set(context.catalog.components)
    finally:
        context.close()
    db = data_dir / DATABASE_FILE
    assert _rows(db, "SELECT count(*) FROM stock WHERE on_hand > 0") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM receipt") == [(0,)]
    assert _rows(db, "SELECT count(*) FROM sales_order") == [(0,)]
    users = {row[0] for row in _rows(db, "SELECT name FROM app_user")}
    assert {"anna", "maria"} <= users  # the README's demo users can still sign in


def test_init_without_demo_data_needs_a_manager_and_creates_nothing_without_one(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["--data-dir", str(data_dir), "init", "--no-demo"]) == 2
    assert "needs its first user, a manager" in capsys.readouterr().err
    assert not (data_dir / DATABASE_FILE).exists()
    assert run(["--data-dir", str(data_dir), "init", "--no-demo", "--manager", "lena"]) == 2
    assert "needs a PIN" in capsys.readouterr().err
    args = ["--data-dir", str(data_dir), "init", "--no-demo", "--manager", "lena", "--pin", "12"]
    assert run(args) == 2
    assert "4 to 12 digits" in capsys.readouterr().err
    assert not (data_dir / DATABASE_FILE).exists()


def test_init_without_demo_data_makes_a_store_run_by_its_first_manager(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _shop_with_own_catalog(data_dir)
    base = ["--data-dir", str(data_dir)]
    args = [*base, "init", "--no-demo", "--manager", "lena", "--pin", "4711", "--json"]
    assert run(args) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["manager"] == "lena"
    db = data_dir / DATABASE_FILE
    assert _rows(db, "SELECT name, role FROM app_user") == [("lena", "manager")]
    mini = load_catalog(data_dir / "mini.toml")
    parts = {row[0] for row in _rows(db, "SELECT part FROM component")}
    assert parts == set(mini.components)  # goods can be received before the first order

    # The next start must not take the store for a fresh one and seed the demo data into it.
    assert run([*base, "user", "list", "--json"]) == 0
    names = [member["name"] for member in json.loads(capsys.readouterr().out)]
    assert names == ["lena"]

    who = ["--user", "lena", "--pin", "4711"]
    assert run([*base, "user", "add", "tom", "--role", "clerk", "--new-pin", "1234", *who]) == 0
    assert run([*base, "stock", "receive", "CHS-16", "2", *who]) == 0
    capsys.readouterr()
    assert run([*base, "init", "--no-demo", "--manager", "eve", "--pin", "1234"]) == 2
    assert "has users already" in capsys.readouterr().err
    assert len(_rows(db, "SELECT name FROM app_user")) == 2


def test_stock_commands_bring_a_changed_catalogs_new_parts_into_the_store(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--data-dir", str(data_dir)]
    assert run([*base, "init"]) == 0  # the demo store
    _shop_with_own_catalog(data_dir)  # the shop switches to its own catalog
    capsys.readouterr()
    assert run([*base, "stock", "list", "--json"]) == 0
    listed = {line["part"] for line in json.loads(capsys.readouterr().out)}
    assert "CHS-13" in listed  # a part only the new catalog has


def test_the_first_manager_is_refused_once_the_store_has_users(data_dir: Path) -> None:
    context = open_app(data_dir=data_dir, today=TODAY)  # the demo store has its users
    try:
        with pytest.raises(UserError, match="has users already"):
            add_first_manager(context.engine, name="eve", pin="1234")
    finally:
        context.close()
