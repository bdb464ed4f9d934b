"""`configurator catalog check` and `configurator catalog show`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from configurator.cli.main import run
from tests.catalog.support import line_of, mutate
from tests.helpers.catalogs import MINI_CATALOG, MINI_CONFIGURATIONS, write_catalog

BROKEN = mutate(('price = "9.00"', "price = 9.0"), ('add = ["PSU-140"]', 'add = ["PSU-150"]'))
WARNED = mutate(('id = "c16"', 'id = "c16"\ndefualt = false'))


def test_check_clean_catalog_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_catalog(tmp_path, MINI_CATALOG)
    assert run(["catalog", "check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "0 errors, 0 warnings" in out
    assert "catalog mini loads" in out
    assert "3 tests pass, 4 slots hold in every valid configuration" in out


def test_check_with_errors_exits_1_and_lists_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_catalog(tmp_path, BROKEN)
    assert run(["catalog", "check", str(path)]) == 1
    captured = capsys.readouterr()
    price_line = line_of(BROKEN, "price = 9.0")
    assert f"{path}:{price_line}:9: error: option ports.usbc:" in captured.out
    assert f"{path}:{line_of(BROKEN, 'PSU-150')}:7: error: bom entry #1:" in captured.out
    assert "fix: " in captured.out
    assert "2 errors, 1 warning" in captured.out  # PSU-140 is no longer used


def test_check_shows_warnings_but_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_catalog(tmp_path, WARNED)
    assert run(["catalog", "check", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:{line_of(WARNED, 'defualt')}:1: warning: option chassis.c16:" in out
    assert "0 errors, 1 warning" in out


def test_check_strict_fails_on_warnings(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, WARNED)
    assert run(["catalog", "check", "--strict", str(path)]) == 1


def test_check_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_catalog(tmp_path, BROKEN)
    assert run(["catalog", "check", "--json", str(path)]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is False
    assert payload["errors"] == 2
    assert payload["catalog"] is None
    first = payload["diagnostics"][0]
    assert set(first) == {
        "severity",
        "code",
        "file",
        "line",
        "column",
        "subject",
        "message",
        "hint",
    }
    assert {(d["code"], d["line"]) for d in payload["diagnostics"] if d["severity"] == "error"} == {
        ("bad-money", line_of(BROKEN, "price = 9.0")),
        ("undefined-component", line_of(BROKEN, "PSU-150")),
    }


def test_check_json_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_catalog(tmp_path, MINI_CATALOG)
    assert run(["catalog", "check", "--json", str(path)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["ok"] is True
    assert payload["catalog"]["id"] == "mini"
    assert len(payload["catalog"]["version"]) == 64
    assert payload["diagnostics"] == []


def test_check_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["catalog", "check", str(tmp_path / "nope.toml")]) == 1
    assert "cannot be read" in capsys.readouterr().out


def test_show_lists_groups_rules_and_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_catalog(tmp_path, MINI_CATALOG)
    assert run(["catalog", "show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Expansion cards [ports, many, 1..3]" in out
    assert "* c13" in out
    assert "cpu-cooling: when processor.tdp_w > 28: require" in out
    assert "gpu-memory-hint (recommend)" in out
    assert "5 groups, 9 options, 2 rules, 1 recommendations" in out
    assert "PSU-140  when gpu == 'rtx' or processor.tdp_w >= 45" in out
    assert "Slots (one part each): adapter, chassis, display, mainboard" in out
    assert f"valid configurations: {MINI_CONFIGURATIONS}" in out


def test_show_lines_prices_up_in_cents(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = MINI_CATALOG.replace('base_price = "400.00"', 'base_price = "400"')
    text = text.replace(
        'price = "400.00"\ncomponents = ["MB-H9"]', 'price = "400"\ncomponents = ["MB-H9"]'
    )
    assert text.count('price = "400"\n') == 2
    path = write_catalog(tmp_path, text)
    assert run(["catalog", "show", str(path)]) == 0
    out = capsys.readouterr().out
    assert "base price 400.00," in out
    assert "  h9     400.00  Core Ultra 9 H" in out


def test_show_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_catalog(tmp_path, MINI_CATALOG)
    assert run(["catalog", "show", "--json", str(path)]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["counts"]["configurations"] == MINI_CONFIGURATIONS
    assert payload["counts"]["options"] == 9
    assert [g["id"] for g in payload["groups"]] == [
        "chassis",
        "processor",
        "memory",
        "gpu",
        "ports",
    ]
    assert payload["groups"][4]["options"][0]["max_qty"] == 3
    assert payload["slots"] == ["adapter", "chassis", "display", "mainboard"]


def test_show_refuses_a_broken_catalog(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_catalog(tmp_path, BROKEN)
    assert run(["catalog", "show", str(path)]) == 2
    err = capsys.readouterr().err
    assert "cannot be loaded (2 errors)" in err
    assert "PSU-150" in err


def test_real_process(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, BROKEN)
    result = subprocess.run(
        [sys.executable, "-m", "configurator", "catalog", "check", "--json", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout)["errors"] == 2
