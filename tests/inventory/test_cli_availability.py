"""`configurator availability` with a stock file (no store) on the mini catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from configurator.cli.main import run
from tests.helpers.catalogs import MINI_CATALOG, write_catalog

STOCK = """\
[[stock]]
part = "CHS-16"
on_hand = 4
[[stock]]
part = "MB-H9"
on_hand = 2
[[stock]]
part = "RAM-16"
on_hand = 2
[[stock]]
part = "PNL-16"
on_hand = 1
[[stock]]
part = "BZL-16"
on_hand = 1
[[stock]]
part = "EXP-USBC"
on_hand = 9
[[stock]]
part = "PSU-140"
on_hand = 0

[[receipts]]
part = "PSU-140"
qty = 5
due_in_days = 2
supplier_ref = "PO-77"
"""

FULL = ["chassis=c16", "processor=h9", "memory=m32", "gpu=none", "ports=usbc*2"]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    catalog = write_catalog(tmp_path, MINI_CATALOG)
    stock = tmp_path / "stock.toml"
    stock.write_text(STOCK, encoding="utf-8")
    return catalog, stock


def cli(tmp_path: Path, files: tuple[Path, Path], *extra: str, picks: list[str] = FULL) -> int:
    catalog, stock = files
    args = ["--data-dir", str(tmp_path / "data"), "availability", "--catalog", str(catalog)]
    args += ["--stock", str(stock), "--date", "2026-11-25", *extra]
    for pick in picks:
        args += ["--pick", pick]
    return run(args)


def test_json_explodes_the_bom_and_explains_the_promise(
    tmp_path: Path, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(tmp_path, files, "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["bom"] == {
        "CHS-16": 1,
        "DSP-16": 1,
        "MB-H9": 1,
        "RAM-16": 2,
        "EXP-USBC": 2,
        "PSU-140": 1,
    }
    parts = {p["part"]: p for p in data["parts"]}
    assert parts["DSP-16"]["source"] == "build"
    assert parts["PNL-16"]["needed_for"] == ["DSP-16"]
    assert parts["PNL-16"]["top_level"] is False
    assert parts["PSU-140"]["source"] == "receipt"
    assert parts["PSU-140"]["next_receipt"] == {
        "qty": 5,
        "due": "2026-11-27",
        "supplier_ref": "PO-77",
    }
    # Adapter Friday 27 Nov; display built Wednesday, there Thursday: ready Friday.
    assert data["ready"] == "2026-11-27"
    assert data["limiting"] == ["PSU-140"]
    assert data["reason"] == "waiting for Adapter 140 W (PSU-140), due 27 Nov"
    assert data["promise"]["assembly_date"] == "2026-11-27"
    assert data["promise"]["handover_date"] == "2026-11-30"  # default calendar: Mon-Fri
    assert data["promise"]["limit"] == "parts"
    assert data["notes"] == ["stock from " + str(files[1]) + "; no orders queued in the workshop"]


def test_options_and_text_output(
    tmp_path: Path, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(tmp_path, files, "--options", "--json") == 0
    options = json.loads(capsys.readouterr().out)["options"]
    assert options["memory"]["m32"]["current"] is True
    assert options["memory"]["m32"]["text"] == "low: 2 left"
    assert options["memory"]["m16"]["text"] == "out, lead time 5 days"
    # RAM-8 by lead time on Mon 30 Nov: handover Tue 1 Dec instead of Mon 30 Nov.
    assert options["memory"]["m16"]["impact"] == "+1 day"
    assert cli(tmp_path, files, "--options") == 0
    out = capsys.readouterr().out
    assert "DSP-16" in out
    assert "  PNL-16" in out  # sub-assembly parts are indented
    assert "Promise: Waiting for Adapter 140 W (PSU-140), due 27 Nov" in out
    assert "* 32 GB" in out or "* M32" in out


def test_incomplete_configurations_are_noted_and_bad_input_refused(
    tmp_path: Path, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(tmp_path, files, picks=["chassis=c16"]) == 0
    assert "note: not a valid complete configuration" in capsys.readouterr().out
    assert cli(tmp_path, files, picks=["chassis=c99"]) == 2
    assert "c99" in capsys.readouterr().err
    assert cli(tmp_path, files, "--quantity", "0") == 2
    assert "--quantity must be at least 1" in capsys.readouterr().err
    assert cli(tmp_path, files, "--date", "25.11.2026") == 2
    assert "is not a date" in capsys.readouterr().err


def test_from_the_store_with_the_workshop_queue(
    tmp_path: Path, files: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """Stock, receipts and booked workshop minutes come from the data folder's database."""
    from datetime import UTC, date, datetime
    from decimal import Decimal

    from sqlmodel import Session

    from configurator.catalog.loader import load_catalog
    from configurator.paths import DataPaths
    from configurator.store.database import make_engine
    from configurator.store.migrate import upgrade_to_head
    from configurator.store.models import Receipt, SalesOrder, Stock, User
    from configurator.store.seed import sync_components

    catalog_path, _stock = files
    paths = DataPaths(tmp_path / "data")
    paths.ensure()
    # 30 minutes of workshop a day: exactly one mini laptop (assembly_minutes = 30).
    paths.settings.write_text(
        f'[shop]\ncatalog = "{catalog_path}"\n[workshop]\nhours_per_day = "0.5"\nassemblers = 1\n',
        encoding="utf-8",
    )
    catalog = load_catalog(catalog_path)
    engine = make_engine(paths.sqlite_url())
    upgrade_to_head(engine, backup_dir=None)
    now = datetime(2026, 11, 25, 9, tzinfo=UTC)
    with Session(engine) as session:
        sync_components(session, catalog)
        for part in catalog.components:
            session.add(Stock(part=part, bin="A-01", on_hand=5, reserved=1))
        session.add(
            Receipt(part="GPU-4060", qty=3, expected_on=date(2026, 12, 2), supplier_ref="PO-9")
        )
        user = User(name="anna", role="clerk", pin_hash="not-a-real-hash")
        session.add(user)
        session.flush()
        assert user.id is not None
        session.add(
            SalesOrder(
                quote_number="Q-1",
                order_number="O-1",
                status="ordered",
                created_by=user.id,
                created_at=now,
                quoted_on=date(2026, 11, 25),
                valid_until=date(2026, 12, 9),
                catalog_id=catalog.id,
                catalog_version=catalog.version_hash,
                base_price=Decimal(400),
                list_price=Decimal(400),
                total=Decimal(400),
                vat_rate=Decimal("0.19"),
                vat_amount=Decimal("63.87"),
                promised_on=date(2026, 11, 25),
                updated_at=now,
            )
        )
        session.commit()
    engine.dispose()
    args = ["--data-dir", str(paths.root), "availability", "--date", "2026-11-25", "--json"]
    for pick in FULL:
        args += ["--pick", pick]
    assert run(args) == 0
    data = json.loads(capsys.readouterr().out)
    chs = next(p for p in data["parts"] if p["part"] == "CHS-16")
    assert (chs["on_hand"], chs["reserved"], chs["available"]) == (5, 1, 4)
    assert data["ready"] == "2026-11-25"
    # Today's 30 minutes are taken by the queued order: assembly Thursday, handover Friday.
    assert data["promise"]["limit"] == "capacity"
    assert data["promise"]["assembly_date"] == "2026-11-26"
    assert data["promise"]["handover_date"] == "2026-11-27"
    assert data["notes"] == [f"stock from {paths.database}"]
