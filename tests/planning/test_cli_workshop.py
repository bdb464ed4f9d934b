"""`configurator workshop ...` end to end: queue, start, QC, finish, history."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from configurator.catalog.model import Catalog
from configurator.cli.main import run
from configurator.orders.placing import place_order
from configurator.orders.users import Actor
from configurator.shop import ShopSettings
from configurator.store.database import make_engine
from configurator.store.models import Role

from .conftest import CATALOG, TODAY


@pytest.fixture
def data_dir(tmp_path: Path, store_template: Path, catalog: Catalog) -> tuple[Path, str]:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "mini.toml").write_text(CATALOG, encoding="utf-8")
    (folder / "shop.toml").write_text('[shop]\ncatalog = "mini.toml"\n', encoding="utf-8")
    shutil.copyfile(store_template, folder / "configurator.sqlite3")
    engine = make_engine(f"sqlite:///{folder / 'configurator.sqlite3'}")
    summary = place_order(
        engine,
        catalog=catalog,
        settings=ShopSettings(),
        actor=Actor(1, "anna", Role.CLERK),
        today=TODAY,
        picks={"chassis": "c14", "processor": "r7", "memory": "m32", "accessories": {}},
    )
    engine.dispose()
    assert summary.order_number is not None
    return folder, summary.order_number


def cli(folder: Path, *args: str) -> int:
    return run(["--data-dir", str(folder), "workshop", *args, "--date", TODAY.isoformat()])


def test_the_whole_workshop_flow(
    data_dir: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, number = data_dir
    assert cli(folder, "queue", "--json") == 0
    queue = json.loads(capsys.readouterr().out)
    assert [(e["order_number"], e["status"]) for e in queue] == [(number, "ordered")]
    assert cli(folder, "start", number, "--user", "werner", "--pin", "1111") == 0
    assert "assembly started" in capsys.readouterr().out
    assert cli(folder, "qc", number, "--json") == 0
    items = json.loads(capsys.readouterr().out)["items"]
    passes = [arg for item in items for arg in ("--pass", str(item["index"] + 1))]
    assert cli(folder, "qc", number, *passes, "--user", "werner", "--pin", "1111") == 0
    shown = capsys.readouterr().out
    assert shown.count("[x]") == len(items)
    assert (
        cli(folder, "finish", number, "--serial", "SN-42", "--user", "werner", "--pin", "1111") == 0
    )
    assert "assembled, serial SN-42" in capsys.readouterr().out
    assert cli(folder, "history", number) == 0
    trail = capsys.readouterr().out
    assert "werner" in trail
    assert "finish serial SN-42" in trail


def test_wrong_pin_and_missing_user_are_clear_errors(
    data_dir: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, number = data_dir
    assert cli(folder, "start", number, "--user", "werner", "--pin", "0000") == 2
    assert capsys.readouterr().err.startswith("error:")
    assert cli(folder, "qc", number, "--pass", "1") == 2
    assert "needs --user" in capsys.readouterr().err


def test_workshop_takes_the_user_from_the_environment(
    data_dir: tuple[Path, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like every other command: $CONFIGURATOR_USER and $CONFIGURATOR_PIN stand in for --user
    and --pin in start, qc, back and finish."""
    folder, number = data_dir
    monkeypatch.setenv("CONFIGURATOR_USER", "werner")
    monkeypatch.setenv("CONFIGURATOR_PIN", "1111")
    assert cli(folder, "start", number) == 0
    assert cli(folder, "qc", number, "--fail", "1", "--reason", "scratch") == 0
    assert cli(folder, "start", number) == 0
    assert cli(folder, "back", number, "--reason", "wrong screen") == 0
    capsys.readouterr()
    assert cli(folder, "history", number, "--json") == 0
    trail = json.loads(capsys.readouterr().out)
    assert {e["user"] for e in trail} == {"werner"}
    monkeypatch.delenv("CONFIGURATOR_USER")
    assert cli(folder, "start", number) == 2
    assert "CONFIGURATOR_USER" in capsys.readouterr().err
