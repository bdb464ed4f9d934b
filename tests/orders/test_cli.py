"""The store commands end to end: `stock`, `order`, `db`, each with --json, through the real
bootstrap (a data folder whose shop.toml names the test catalog)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from configurator.cli.main import run
from tests.orders.shop_fixtures import PINS, make_data_dir

DAY = "2026-11-25"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    return make_data_dir(tmp_path)


def cli(data: Path, *args: str) -> list[str]:
    return ["--data-dir", str(data), *args]


def run_json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> Any:
    capsys.readouterr()
    assert run([*argv, "--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def clerk(*extra: str) -> list[str]:
    return ["--user", "clara", "--pin", PINS["clara"], "--date", DAY, *extra]


PICKS = ["--pick", "chassis=c14", "--pick", "screen=fhd", "--pick", "ram=r16", "--pick", "gpu=none"]


def test_quote_place_advance_and_show(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quote = run_json(capsys, cli(data, "order", "quote", *PICKS, *clerk()))
    assert quote["number"] == "Q-2026-00001"
    order = run_json(capsys, cli(data, "order", "place", "--quote", "Q-2026-00001", *clerk()))
    assert order["order_number"] == "2026-00001"
    walt = ["--user", "walt", "--pin", PINS["walt"], "--date", DAY]
    step = run_json(capsys, cli(data, "order", "advance", "2026-00001", *walt))
    assert step["status"] == "in_assembly"
    step = run_json(capsys, cli(data, "order", "advance", "2026-00001", "--serial", "SN9", *walt))
    assert step["status"] == "assembled"
    # `order advance` goes through the workbench: the workshop trail has start and finish.
    trail = run_json(capsys, cli(data, "workshop", "history", "2026-00001"))
    assert [event["kind"] for event in trail][:1] == ["start"]
    assert trail[-1]["kind"] == "finish"
    shown = run_json(capsys, cli(data, "order", "show", "2026-00001"))
    assert shown["serial_number"] == "SN9"
    assert {p["part"] for p in shown["parts"]} >= {"CHS-14", "RAM-8", "PSU-65"}
    listed = run_json(capsys, cli(data, "order", "list", "--status", "assembled"))
    assert [o["number"] for o in listed] == ["2026-00001"]
    assert run(cli(data, "order", "show", "2026-00001")) == 0
    assert "serial SN9" in capsys.readouterr().out


def test_missing_parts_and_backorder(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rtx = [
        "--pick",
        "chassis=c16",
        "--pick",
        "screen=fhd",
        "--pick",
        "ram=r16",
        "--pick",
        "gpu=rtx",
    ]
    assert run(cli(data, "order", "place", *rtx, *clerk())) == 2
    err = capsys.readouterr().err
    assert "GPU-RTX" in err
    assert "due on 03 Dec 2026 (order PO-1)" in err
    assert "backorder" in err
    order = run_json(capsys, cli(data, "order", "place", *rtx, "--backorder", *clerk()))
    assert order["backorder"] is True
    received = run_json(
        capsys, cli(data, "stock", "receive", "GPU-RTX", "2", "--supplier-ref", "PO-1", *clerk())
    )
    assert received["served"] == {"2026-00001": 1}


def test_stock_list_receive_adjust(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = run_json(capsys, cli(data, "stock", "list", "--part", "RAM-8"))
    assert [(ln["part"], ln["available"]) for ln in lines] == [("RAM-8", 20)]
    walt = ["--user", "walt", "--pin", PINS["walt"], "--date", DAY]
    changed = run_json(
        capsys, cli(data, "stock", "adjust", "RAM-8", "--counted", "18", "--reason", "count", *walt)
    )
    assert changed["change"] == -2
    assert run(cli(data, "stock", "list")) == 0
    assert "RAM-8" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["stock", "receive", "RAM-8", "2.5"], "whole number"),
        (["stock", "receive", "RAM-8", "-3"], "between 1 and"),
        (["stock", "receive", "NOPE-1", "3"], "no part 'NOPE-1'"),
        (["stock", "expect", "RAM-8", "3", "--due", "2026-11-01"], "in the past"),
        (["order", "place", "--pick", "chassis=c14"], "not chosen yet"),
        (["order", "cancel", "2099-00001", "--reason", "x"], "no order or quote"),
        (["order", "quote", *PICKS, "--discount", "20"], "manager"),
    ],
)
def test_bad_input_is_refused_with_exit_code_2(
    data: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert run(cli(data, *argv, *clerk())) == 2
    assert message in capsys.readouterr().err


def test_wrong_pin_is_refused(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    argv = cli(data, "stock", "receive", "RAM-8", "1", "--user", "clara", "--pin", "0000")
    assert run(argv) == 2
    assert "Wrong PIN" in capsys.readouterr().err


def test_db_upgrade_and_backup(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, cli(data, "db", "upgrade"))
    assert result["changed"] is False
    backup = run_json(capsys, cli(data, "db", "backup"))
    path = Path(backup["backup"])
    assert path.parent == data / "backups"
    assert path.stat().st_size == backup["bytes"]


def test_user_commands(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mona = ["--user", "mona", "--pin", PINS["mona"]]
    added = run_json(
        capsys, cli(data, "user", "add", "rita", "--role", "clerk", "--new-pin", "4321", *mona)
    )
    assert added["name"] == "rita"
    rita = ["--user", "rita", "--pin", "4321"]
    assert run_json(capsys, cli(data, "user", "pin", "rita", "--new-pin", "9876", *rita))[
        "pin_changed"
    ]
    names = [u["name"] for u in run_json(capsys, cli(data, "user", "list"))]
    assert names == ["clara", "mona", "rita", "walt"]
    rita = ["--user", "rita", "--pin", "9876"]
    assert run(cli(data, "user", "deactivate", "walt", *rita)) == 2
    assert "Only a manager" in capsys.readouterr().err


def test_order_by_configuration_code(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = "testshop:chassis=c16;screen=fhd;ram=r32;gpu=none;acc=mouse*2+bag"
    order = run_json(capsys, cli(data, "order", "place", "--code", code, *clerk()))
    shown = run_json(capsys, cli(data, "order", "show", order["number"]))
    assert shown["config_code"] == code
    assert shown["picks"]["acc"] == {"mouse": 2, "bag": 1}
    assert run(cli(data, "order", "place", "--code", code, *PICKS, *clerk())) == 2
    assert "not both" in capsys.readouterr().err


def test_db_upgrade_migrates_an_older_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from configurator.store.database import make_engine
    from configurator.store.migrate import upgrade_to

    data = tmp_path / "old"
    data.mkdir()
    engine = make_engine(f"sqlite:///{data / 'configurator.sqlite3'}")
    upgrade_to(engine, "0001")
    engine.dispose()
    result = run_json(capsys, cli(data, "db", "upgrade"))
    assert (result["before"], result["changed"]) == ("0001", True)
    assert len(list((data / "backups").glob("*before-upgrade-from-0001*"))) == 1


def test_order_and_availability_apply_defaults_like_configure(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """chassis, screen and ram have catalog defaults: `configure` calls these picks complete."""
    picks = ["--pick", "chassis=c14", "--pick", "gpu=none"]
    quote = run_json(capsys, cli(data, "order", "quote", *picks, *clerk()))
    assert quote["status"] == "quote"
    shown = run_json(capsys, cli(data, "order", "show", quote["number"]))
    assert {p["part"] for p in shown["parts"]} >= {"CHS-14", "DSP-FHD", "RAM-8"}
    order = run_json(capsys, cli(data, "order", "place", *picks, "--pick", "acc=mouse", *clerk()))
    assert order["status"] == "ordered"
    avail = run_json(capsys, cli(data, "availability", *picks, "--date", DAY))
    assert avail["picks"]["screen"] == "fhd"
    assert "DSP-FHD" in avail["bom"]
    # Still incomplete (the optional gpu has no default): the clear error as before.
    assert run(cli(data, "order", "quote", "--pick", "chassis=c14", *clerk())) == 2
    assert "not chosen yet" in capsys.readouterr().err
    # A pick the engine cannot use stays an error.
    assert run(cli(data, "order", "quote", *picks, "--pick", "ram=r99", *clerk())) == 2
    assert "r99" in capsys.readouterr().err


def test_order_list_sorts_by_the_date_it_shows(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def on(day: str) -> list[str]:
        return ["--user", "clara", "--pin", PINS["clara"], "--date", day]

    run_json(capsys, cli(data, "order", "quote", *PICKS, *on("2026-11-25")))
    run_json(capsys, cli(data, "order", "quote", *PICKS, *on("2026-11-26")))
    run_json(capsys, cli(data, "order", "quote", *PICKS, *on("2026-11-26")))
    run_json(capsys, cli(data, "order", "place", "--quote", "Q-2026-00001", *on("2026-11-27")))
    listed = run_json(capsys, cli(data, "order", "list"))
    assert [o["number"] for o in listed] == ["2026-00001", "Q-2026-00003", "Q-2026-00002"]
    assert run(cli(data, "order", "list")) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    shown = [row.split()[2] for row in rows]
    assert shown == ["2026-11-27", "2026-11-26", "2026-11-26"]


def test_serial_numbers_are_unique_regardless_of_case(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    walt = ["--user", "walt", "--pin", PINS["walt"], "--date", DAY]
    for number in ("2026-00001", "2026-00002"):
        run_json(capsys, cli(data, "order", "place", *PICKS, *clerk()))
        run_json(capsys, cli(data, "order", "advance", number, *walt))
    run_json(capsys, cli(data, "order", "advance", "2026-00001", "--serial", "SN-QA-1", *walt))
    for taken in ("sn-qa-1", " SN-qa-1 "):
        assert run(cli(data, "order", "advance", "2026-00002", "--serial", taken, *walt)) == 2
        assert "already on order 2026-00001" in capsys.readouterr().err
    step = run_json(
        capsys, cli(data, "order", "advance", "2026-00002", "--serial", "Sn-Qa-2", *walt)
    )
    assert step["status"] == "assembled"
    shown = run_json(capsys, cli(data, "order", "show", "2026-00002"))
    assert shown["serial_number"] == "Sn-Qa-2"  # stored as typed


def test_stock_adjust_below_reserved_names_the_backorders(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_json(capsys, cli(data, "order", "place", *PICKS, *clerk()))
    walt = ["--user", "walt", "--pin", PINS["walt"], "--date", DAY]
    lost = ["stock", "adjust", "RAM-8", "--counted", "0", "--reason", "stolen", *walt]
    done = run_json(capsys, cli(data, *lost))
    assert done["backordered"] == ["2026-00001"]
    shown = run_json(capsys, cli(data, "order", "show", "2026-00001"))
    assert shown["summary"]["backorder"] is True


def test_receiving_parts_builds_a_backordered_screen(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    oled = [*PICKS[:2], "--pick", "screen=oled", *PICKS[4:]]
    for _ in range(3):  # the shelf's screen, then two built from the two panels
        run_json(capsys, cli(data, "order", "place", *oled, *clerk()))
    waiting = run_json(capsys, cli(data, "order", "place", *oled, "--backorder", *clerk()))
    assert waiting["backorder"] is True
    received = run_json(capsys, cli(data, "stock", "receive", "PNL-OLED", "1", *clerk()))
    assert received["served"] == {}
    assert [(b["order"], b["part"], b["units"]) for b in received["built"]] == [
        (waiting["order_number"], "DSP-OLED", 1)
    ]
    shown = run_json(capsys, cli(data, "order", "show", waiting["order_number"]))
    parts = {(p["part"], p["parent"]): (p["short"], p["built"]) for p in shown["parts"]}
    assert parts[("DSP-OLED", None)] == (0, 1)
    assert ("PNL-OLED", "DSP-OLED") in parts
