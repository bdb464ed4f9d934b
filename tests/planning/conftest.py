"""A small catalog and a real SQLite store (fresh file per test) for the planning tests."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine

from configurator.catalog.loader import load_catalog_text
from configurator.catalog.model import Catalog

TODAY = date(2026, 11, 25)  # a Wednesday

CATALOG = """
[catalog]
id = "mini-2026"
name = "Mini laptops"
currency = "EUR"
base_price = "500.00"
assembly_minutes = 40

[groups.chassis]
label = "Chassis"
[[groups.chassis.options]]
id = "c14"
label = "Mini 14"
price = "0.00"
default = true
components = ["CHS-14"]
attrs = { max_tdp_w = 28 }
[[groups.chassis.options]]
id = "c16"
label = "Mini 16"
price = "150.00"
components = ["CHS-16", "DSP-16"]
attrs = { max_tdp_w = 55 }

[groups.processor]
label = "Processor"
[[groups.processor.options]]
id = "r5"
label = "Ryzen 5"
price = "0.00"
default = true
components = ["CPU-R5"]
attrs = { tdp_w = 28 }
[[groups.processor.options]]
id = "r7"
label = "Ryzen 7"
price = "120.00"
components = ["CPU-R7"]
attrs = { tdp_w = 28 }
[[groups.processor.options]]
id = "i9"
label = "Core i9"
price = "400.00"
components = ["CPU-I9"]
attrs = { tdp_w = 55 }

[groups.memory]
label = "Memory"
[[groups.memory.options]]
id = "m16"
label = "16 GB"
price = "0.00"
default = true
components = [{ part = "RAM-8", qty = 2 }]
[[groups.memory.options]]
id = "m32"
label = "32 GB"
price = "90.00"
components = [{ part = "RAM-16", qty = 2 }]

[groups.accessories]
label = "Accessories"
kind = "many"
[[groups.accessories.options]]
id = "mouse"
label = "Mouse"
price = "19.00"
max_qty = 2
components = ["ACC-MOUSE"]
[[groups.accessories.options]]
id = "dock"
label = "Dock"
price = "129.00"
components = ["ACC-DOCK"]

[[rules]]
id = "cpu-cooling"
require = "chassis.max_tdp_w >= processor.tdp_w"
message = "{processor.label} needs a chassis rated for {processor.tdp_w} W."

[[bom]]
add = ["PSU-65"]

[components.CHS-14]
name = "Chassis 14"
bin = "A-01"
lead_time_days = 10
qc = ["Hinges open to 180 degrees without noise."]
[components.CHS-16]
name = "Chassis 16"
bin = "A-02"
lead_time_days = 10
qc = ["Lid closes flush."]
[components.DSP-16]
name = "Display assembly 16"
bin = "B-01"
lead_time_days = 20
made_of = [{ part = "PNL-16", qty = 1 }, { part = "BZL-16", qty = 1 }]
build_minutes = 15
[components.PNL-16]
name = "Panel 16"
bin = "B-02"
lead_time_days = 25
[components.BZL-16]
name = "Bezel 16"
bin = "B-03"
lead_time_days = 5
[components.CPU-R5]
name = "Mainboard Ryzen 5"
bin = "C-01"
lead_time_days = 14
qc = ["BIOS shows the processor."]
[components.CPU-R7]
name = "Mainboard Ryzen 7"
bin = "C-02"
lead_time_days = 14
[components.CPU-I9]
name = "Mainboard Core i9"
bin = "C-03"
lead_time_days = 21
[components.RAM-8]
name = "SO-DIMM 8 GB"
bin = "D-01"
lead_time_days = 7
[components.RAM-16]
name = "SO-DIMM 16 GB"
bin = "D-02"
lead_time_days = 7
[components.ACC-MOUSE]
name = "Mouse"
bin = "E-01"
lead_time_days = 3
[components.ACC-DOCK]
name = "Dock"
bin = "E-02"
lead_time_days = 0
[components.PSU-65]
name = "Adapter 65 W"
bin = "F-01"
lead_time_days = 12
qc = ["Adapter charges the laptop."]
"""


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog_text(CATALOG, "mini.toml")


@functools.cache
def pin_hash() -> str:
    """One argon2 hash for every test user (hashing costs ~0.5 s on purpose)."""
    from configurator.orders.users import hash_pin

    return hash_pin("1111")


def make_store(path: Path, catalog: Catalog) -> Engine:
    """A migrated SQLite store with components, stock, one receipt and two users."""
    from configurator.store.database import make_engine, session_scope
    from configurator.store.migrate import upgrade_to_head
    from configurator.store.models import Receipt, Role, Stock, User
    from configurator.store.seed import sync_components

    engine = make_engine(f"sqlite:///{path}")
    upgrade_to_head(engine, backup_dir=None)
    stock = {"CHS-14": 6, "CHS-16": 2, "PNL-16": 3, "BZL-16": 9, "CPU-R5": 8, "CPU-R7": 1}
    stock |= {"CPU-I9": 0, "RAM-8": 20, "RAM-16": 3, "ACC-MOUSE": 4, "PSU-65": 10}
    with session_scope(engine) as session:
        sync_components(session, catalog)
        for part, qty in stock.items():
            session.add(Stock(part=part, bin=catalog.components[part].bin, on_hand=qty))
        session.add(Receipt(part="CPU-I9", qty=4, expected_on=date(2026, 12, 3)))
        session.add(
            User(name="anna", full_name="Anna Keller", role=Role.CLERK, pin_hash=pin_hash())
        )
        session.add(User(name="werner", role=Role.WORKSHOP, pin_hash=pin_hash()))
    return engine


@pytest.fixture(scope="session")
def store_template(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> Path:
    """Built once per session; each test gets a copy (migrations cost most of a second)."""
    path = tmp_path_factory.mktemp("template") / "store.sqlite3"
    make_store(path, catalog).dispose()
    return path


def copy_store(template: Path, target: Path) -> Engine:
    from configurator.store.database import make_engine

    shutil.copyfile(template, target)
    return make_engine(f"sqlite:///{target}")


@pytest.fixture
def store(tmp_path: Path, store_template: Path) -> Iterator[Engine]:
    engine = copy_store(store_template, tmp_path / "store.sqlite3")
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def history_template(store_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store template plus 30 weeks of generated history (built once per session)."""
    from configurator.planning.demo_history import generate
    from configurator.store.database import session_scope

    path = tmp_path_factory.mktemp("history") / "store.sqlite3"
    engine = copy_store(store_template, path)
    with session_scope(engine) as session:
        generate(session, load_catalog_text(CATALOG, "mini.toml"), today=TODAY, seed=11, weeks=30)
    engine.dispose()
    return path


@pytest.fixture
def data_dir_with_history(tmp_path: Path, history_template: Path) -> Path:
    """A data folder whose shop.toml names the mini catalog, over a copy of the history store."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "mini.toml").write_text(CATALOG, encoding="utf-8")
    (folder / "shop.toml").write_text('[shop]\ncatalog = "mini.toml"\n', encoding="utf-8")
    shutil.copyfile(history_template, folder / "configurator.sqlite3")
    return folder
