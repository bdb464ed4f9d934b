"""`configurator configure` end to end on a catalog file written to tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from configurator.cli.main import run
from configurator.paths import demo_catalog_path
from tests.rules.sample_toml import LAPTOP_TOML


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    path = tmp_path / "mini.toml"
    path.write_text(LAPTOP_TOML, encoding="utf-8")
    return path


def test_json_state(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["configure", "--catalog", str(mini), "--pick", "processor=r9", "--json"]
    assert run(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is True
    assert data["complete"] is False
    assert data["price"] == "400.00"
    chassis = next(g for g in data["groups"] if g["group"] == "chassis")
    c13 = next(o for o in chassis["options"] if o["option"] == "c13")
    assert c13["selectable"] is False
    assert c13["explanation"]["rules"] == ["cpu-cooling"]
    assert c13["explanation"]["messages"] == ["Ryzen 9 needs a chassis rated for 45 W."]
    assert c13["explanation"]["picks"] == [
        {"group": "processor", "option": "r9", "qty": 1, "default": False}
    ]


def test_complete_configuration_has_a_code(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    picks = ["--pick", "chassis=c16", "--pick", "gpu=none", "--pick", "ports=usbc*2"]
    assert run(["configure", "--catalog", str(mini), *picks, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["complete"] is True
    assert data["code"] == "mini-2026:chassis=c16;processor=r5;gpu=none;ports=usbc*2"
    assert data["defaults"] == ["processor"]
    assert run(["configure", "--catalog", str(mini), "--code", data["code"], "--json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["code"] == data["code"]


def test_conflict_exits_1_with_the_repair(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["configure", "--catalog", str(mini), "--pick", "chassis=c13", "--pick", "processor=r9"]
    assert run(args) == 1
    out = capsys.readouterr().out
    assert "DROPPED processor=r9" in out
    assert "to take processor=r9: change chassis c13 -> c16" in out
    assert run([*args, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is False
    assert data["repairs"][0]["changes"][0]["after"]["option"] == "c16"


def test_table_output(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["configure", "--catalog", str(mini), "--pick", "gpu=rtx"]) == 0
    out = capsys.readouterr().out
    assert "Graphics [gpu]: rtx" in out
    assert "  x c13  -- The RTX needs the 16-inch chassis." in out
    assert "hint (hdmi-hint): Take the HDMI card with the RTX." in out


@pytest.mark.parametrize(
    ("pick", "message"),
    [
        ("chassis", "is not GROUP=OPTION"),
        ("nope=x", "has no group 'nope'"),
        ("chassis=c99", "has no option 'c99'"),
        ("ports=usbc*x", "whole number"),
    ],
)
def test_bad_input_exits_2(
    mini: Path, capsys: pytest.CaptureFixture[str], pick: str, message: str
) -> None:
    assert run(["configure", "--catalog", str(mini), "--pick", pick]) == 2
    assert message in capsys.readouterr().err


def test_stale_code_exits_1(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = "mini-2026:chassis=c99;processor=r9"
    assert run(["configure", "--catalog", str(mini), "--code", code, "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["dropped"][0]["option"] == "c99"
    assert data["picks"]["processor"] == "r9"


@pytest.mark.skipif(not demo_catalog_path().exists(), reason="no demo catalog yet")
def test_demo_catalog_smoke(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["configure", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is True
    assert data["groups"]
