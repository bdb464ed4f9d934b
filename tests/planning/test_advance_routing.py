"""Every client that moves an order through the workbench records it and needs the QC sign-off."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from configurator.cli.main import run

WERNER = ["--user", "werner", "--pin", "3333"]


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> Any:
    capsys.readouterr()
    assert run([*argv, "--json"]) == 0, capsys.readouterr().err
    return json.loads(capsys.readouterr().out)


def test_order_advance_cannot_skip_the_qc_checklist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    waiting = _json(capsys, [*data, "order", "list", "--status", "ordered"])
    number = next(o["number"] for o in waiting if not o.get("backorder"))
    started = _json(capsys, [*data, "order", "advance", number, *WERNER])
    assert started["status"] == "in_assembly"

    capsys.readouterr()
    assert run([*data, "order", "advance", number, "--serial", "SN-1", *WERNER]) == 2
    assert "QC item(s)" in capsys.readouterr().err

    checklist = _json(capsys, [*data, "workshop", "qc", number])
    assert checklist["items"]
    ticks = [arg for i in range(len(checklist["items"])) for arg in ("--pass", str(i + 1))]
    _json(capsys, [*data, "workshop", "qc", number, *ticks, *WERNER])
    finished = _json(capsys, [*data, "order", "advance", number, "--serial", "SN-1", *WERNER])
    assert finished["status"] == "assembled"
    kinds = [event["kind"] for event in _json(capsys, [*data, "workshop", "history", number])]
    assert kinds[0] == "start"
    assert kinds[-1] == "finish"
