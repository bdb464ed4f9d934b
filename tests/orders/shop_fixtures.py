"""A small shop for store and order tests: a catalog built in code, a migrated SQLite file
with stock and users (built once per session and copied per test: argon2 is slow on purpose),
and the same on PostgreSQL when CONFIGURATOR_TEST_PG_URL is set."""

from __future__ import annotations

import functools
import shutil
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from configurator.catalog.model import (
    BomEntry,
    Catalog,
    Component,
    Group,
    GroupKind,
    Option,
    PartQty,
    Rule,
    RuleKind,
)
from configurator.orders.users import Actor, actor_by_name, hash_pin
from configurator.shop import ShopSettings, WorkshopCalendar
from configurator.store.database import make_engine
from configurator.store.migrate import upgrade_to_head
from configurator.store.models import Receipt, Role, Stock, User
from configurator.store.seed import sync_components
from tests.helpers.postgres import pg_url_or_skip

TODAY = date(2026, 11, 25)  # a Wednesday
PINS = {"clara": "1111", "walt": "3333", "mona": "9999"}


def _opt(id_: str, price: str, *parts: str | tuple[str, int], default: bool = False) -> Option:
    comps = tuple(PartQty(p, 1) if isinstance(p, str) else PartQty(p[0], p[1]) for p in parts)
    return Option(
        id=id_, label=id_.upper(), price=Decimal(price), components=comps, default=default
    )


def _comp(part: str, bin_: str, lead: int = 10, **kw: object) -> Component:
    return Component(id=part, name=f"Part {part}", bin=bin_, lead_time_days=lead, **kw)  # type: ignore[arg-type]


def make_catalog() -> Catalog:
    """Chassis, screen (one OLED screen is built in-house from panel + bezel), memory,
    optional GPU, a "many" group of accessories; one hard rule; a power supply on every laptop."""
    groups = (
        Group(
            "chassis",
            "Chassis",
            GroupKind.ONE,
            (_opt("c14", "0.00", "CHS-14", default=True), _opt("c16", "200.00", "CHS-16")),
        ),
        Group(
            "screen",
            "Screen",
            GroupKind.ONE,
            (_opt("fhd", "0.00", "DSP-FHD", default=True), _opt("oled", "250.00", "DSP-OLED")),
        ),
        Group(
            "ram",
            "Memory",
            GroupKind.ONE,
            (_opt("r16", "0.00", ("RAM-8", 2), default=True), _opt("r32", "120.00", ("RAM-16", 2))),
        ),
        Group("gpu", "Graphics", GroupKind.OPTIONAL, (_opt("rtx", "400.00", "GPU-RTX"),)),
        Group(
            "acc",
            "Accessories",
            GroupKind.MANY,
            (
                Option(
                    "mouse",
                    "Mouse",
                    Decimal("19.90"),
                    components=(PartQty("ACC-MOUSE"),),
                    max_qty=3,
                ),
                Option("bag", "Bag", Decimal("49.00"), components=(PartQty("ACC-BAG"),)),
            ),
            min=0,
            max=4,
        ),
    )
    components = {
        c.id: c
        for c in (
            _comp("CHS-14", "A-01"),
            _comp("CHS-16", "A-02"),
            _comp("DSP-FHD", "B-01"),
            _comp(
                "DSP-OLED",
                "B-02",
                lead=20,
                made_of=(PartQty("PNL-OLED"), PartQty("BZL-14")),
                build_minutes=15,
            ),
            _comp("PNL-OLED", "B-03", lead=15),
            _comp("BZL-14", "B-04"),
            _comp("RAM-8", "C-01"),
            _comp("RAM-16", "C-02"),
            _comp("GPU-RTX", "D-01", lead=30),
            _comp("ACC-MOUSE", "E-01"),
            _comp("ACC-BAG", "E-02"),
            _comp("PSU-65", "F-01"),
        )
    }
    return Catalog(
        id="testshop",
        name="Test laptops",
        currency="EUR",
        base_price=Decimal("499.00"),
        assembly_minutes=60,
        groups=groups,
        rules=(
            Rule(
                "no-rtx-14",
                RuleKind.FORBID,
                "gpu == 'rtx' and chassis == 'c14'",
                "The RTX card needs the 16-inch chassis.",
                forbid=True,
            ),
        ),
        bom=(BomEntry(add=(PartQty("PSU-65"),)),),
        components=components,
        version_hash="a" * 64,
    )


STOCK: Mapping[str, int] = {
    "CHS-14": 10,
    "CHS-16": 5,
    "DSP-FHD": 10,
    "DSP-OLED": 1,
    "PNL-OLED": 2,
    "BZL-14": 5,
    "RAM-8": 20,
    "RAM-16": 4,
    "GPU-RTX": 0,
    "ACC-MOUSE": 6,
    "ACC-BAG": 3,
    "PSU-65": 20,
}

PICKS: dict[str, Any] = {"chassis": "c14", "screen": "fhd", "ram": "r16", "gpu": None, "acc": {}}


def settings() -> ShopSettings:
    return ShopSettings(
        vat_rate=Decimal("0.19"),
        quote_validity_days=14,
        discount_limit_percent=Decimal("5"),
        calendar=WorkshopCalendar(holidays=frozenset({date(2026, 12, 24), date(2026, 12, 25)})),
    )


@functools.cache
def pin_hash(pin: str) -> str:
    """A real argon2 hash with test-cheap parameters (verification reads them from the
    hash), so the many PIN checks of the suite stay fast; `hash_pin` itself is tested too."""
    from argon2 import PasswordHasher

    assert hash_pin(pin) != pin
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(pin)


def populate(engine: Engine, catalog: Catalog, *, migrate: bool = True) -> None:
    if migrate:
        upgrade_to_head(engine, backup_dir=None)
    with Session(engine) as session:
        sync_components(session, catalog)
        for part, qty in STOCK.items():
            session.add(Stock(part=part, bin=catalog.components[part].bin, on_hand=qty))
        session.add(
            Receipt(part="GPU-RTX", qty=2, expected_on=date(2026, 12, 3), supplier_ref="PO-1")
        )
        session.add(User(name="clara", role=Role.CLERK, pin_hash=pin_hash(PINS["clara"])))
        session.add(User(name="walt", role=Role.WORKSHOP, pin_hash=pin_hash(PINS["walt"])))
        session.add(User(name="mona", role=Role.MANAGER, pin_hash=pin_hash(PINS["mona"])))
        session.commit()


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return make_catalog()


@pytest.fixture(scope="session")
def shop_template(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> Path:
    path = tmp_path_factory.mktemp("template") / "shop.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    populate(engine, catalog)
    engine.dispose()  # the last connection to close checkpoints the WAL into the file
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, shop_template: Path) -> str:
    target = tmp_path / "shop.sqlite3"
    shutil.copyfile(shop_template, target)
    return f"sqlite:///{target}"


def reset_pg(url: str) -> Engine:
    """A clean public schema on the test server (fails, never skips, when it is unreachable)."""
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    return engine


@pytest.fixture(scope="session")
def pg_schema() -> str:
    """The test server's schema, migrated once per session."""
    url = pg_url_or_skip()
    engine = reset_pg(url)
    upgrade_to_head(engine, backup_dir=None)
    engine.dispose()
    return url


@pytest.fixture
def pg_url(pg_schema: str, catalog: Catalog) -> str:
    """The migrated schema emptied (TRUNCATE is far faster than migrating again) and filled."""
    engine = make_engine(pg_schema)
    tables = ", ".join(t.name for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    populate(engine, catalog, migrate=False)
    engine.dispose()
    return pg_schema


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, catalog: Catalog) -> Iterator[Engine]:
    url = (
        request.getfixturevalue("sqlite_url")
        if request.param == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    eng = make_engine(url)
    yield eng
    eng.dispose()


def actor(engine: Engine, name: str) -> Actor:
    with Session(engine) as session:
        return actor_by_name(session, name)


def stock_of(engine: Engine, part: str) -> tuple[int, int]:
    with Session(engine) as session:
        rows = session.exec(select(Stock).where(Stock.part == part)).all()
        return sum(r.on_hand for r in rows), sum(r.reserved for r in rows)


CATALOG_TOML = """\
[catalog]
id = "testshop"
name = "Test laptops"
currency = "EUR"
base_price = "499.00"
assembly_minutes = 60

[groups.chassis]
label = "Chassis"
[[groups.chassis.options]]
id = "c14"
label = "C14"
price = "0.00"
default = true
components = ["CHS-14"]
[[groups.chassis.options]]
id = "c16"
label = "C16"
price = "200.00"
components = ["CHS-16"]

[groups.screen]
label = "Screen"
[[groups.screen.options]]
id = "fhd"
label = "FHD"
price = "0.00"
default = true
components = ["DSP-FHD"]
[[groups.screen.options]]
id = "oled"
label = "OLED"
price = "250.00"
components = ["DSP-OLED"]

[groups.ram]
label = "Memory"
[[groups.ram.options]]
id = "r16"
label = "R16"
price = "0.00"
default = true
components = [{ part = "RAM-8", qty = 2 }]
[[groups.ram.options]]
id = "r32"
label = "R32"
price = "120.00"
components = [{ part = "RAM-16", qty = 2 }]

[groups.gpu]
label = "Graphics"
kind = "optional"
[[groups.gpu.options]]
id = "rtx"
label = "RTX"
price = "400.00"
components = ["GPU-RTX"]

[groups.acc]
label = "Accessories"
kind = "many"
min = 0
max = 4
[[groups.acc.options]]
id = "mouse"
label = "Mouse"
price = "19.90"
max_qty = 3
components = ["ACC-MOUSE"]
[[groups.acc.options]]
id = "bag"
label = "Bag"
price = "49.00"
components = ["ACC-BAG"]

[[rules]]
id = "no-rtx-14"
forbid = "gpu == 'rtx' and chassis == 'c14'"
message = "The RTX card needs the 16-inch chassis."

[[bom]]
add = ["PSU-65"]
"""
_BINS = {c.id: (c.bin, c.lead_time_days) for c in make_catalog().components.values()}
CATALOG_TOML += "".join(
    f'\n[components.{part}]\nname = "Part {part}"\nbin = "{bin_}"\nlead_time_days = {lead}\n'
    + (
        'made_of = [{ part = "PNL-OLED", qty = 1 }, { part = "BZL-14", qty = 1 }]\n'
        "build_minutes = 15\n"
        if part == "DSP-OLED"
        else ""
    )
    for part, (bin_, lead) in _BINS.items()
)


def make_data_dir(root: Path) -> Path:
    """A data folder with shop.toml naming the test catalog and a filled store (not the demo)."""
    from configurator.catalog.loader import load_catalog

    data = root / "data"
    data.mkdir()
    (data / "catalog.toml").write_text(CATALOG_TOML, encoding="utf-8")
    (data / "shop.toml").write_text('[shop]\ncatalog = "catalog.toml"\n', encoding="utf-8")
    engine = make_engine(f"sqlite:///{data / 'configurator.sqlite3'}")
    try:
        populate(engine, load_catalog(data / "catalog.toml"))
    finally:
        engine.dispose()
    return data
