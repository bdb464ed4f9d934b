"""`configurator plan ...` end to end over a real store with generated history."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from configurator.cli.main import run

from .conftest import TODAY


def plan(data_dir: Path, *args: str) -> list[str]:
    return ["--data-dir", str(data_dir), "plan", *args, "--date", TODAY.isoformat()]


def test_forecast_json_covers_every_component(
    data_dir_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(plan(data_dir_with_history, "forecast", "--json", "--horizon", "4")) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["weeks"] == 30
    assert payload["orders"] > 100
    items = {item["key"]: item for item in payload["items"]}
    assert len(items) == 13
    psu = items["PSU-65"]  # every laptop takes one: a busy, regular series
    assert psu["method"] == "holt"
    assert psu["pattern"] == "smooth"
    assert len(psu["mean"]) == 4
    assert psu["mae"] is not None
    assert psu["lower"][0] <= psu["next_week"] <= psu["upper"][0]
    assert items["ACC-DOCK"]["method"] in ("croston-sba", "holt", "zero")


def test_forecast_of_options_with_labels(
    data_dir_with_history: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "options.csv"
    assert (
        run(plan(data_dir_with_history, "forecast", "--options", "--json", "--csv", str(out))) == 0
    )
    payload = json.loads(capsys.readouterr().out)
    labels = {item["key"]: item["label"] for item in payload["items"]}
    assert labels["processor=r7"] == "Processor: Ryzen 7"
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert rows[0][:4] == ["key", "label", "pattern", "method"]
    assert len(rows) == 1 + len(labels)


def test_reorder_writes_the_purchase_list(
    data_dir_with_history: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "purchase.csv"
    assert run(plan(data_dir_with_history, "reorder", "--json", "--csv", str(target))) == 0
    payload = json.loads(capsys.readouterr().out)
    lines = {line["component"]: line for line in payload["lines"]}
    assert "CPU-I9" in lines or "PSU-65" in lines  # busy parts with little stock
    rows = list(csv.DictReader(target.read_text(encoding="utf-8").splitlines()))
    assert {row["component"] for row in rows} == set(lines)
    for line in payload["lines"]:
        assert line["order_qty"] > 0
        assert line["available"] + line["on_order"] <= line["reorder_point"]
    dock = run(plan(data_dir_with_history, "reorder", "--all", "--json"))
    assert dock == 0
    every = json.loads(capsys.readouterr().out)["lines"]
    assert len(every) == 13
    zero_lead = next(line for line in every if line["component"] == "ACC-DOCK")
    assert any("Lead time 0 days" in note for note in zero_lead["notes"])


def test_buildable_counts_the_top_configurations(
    data_dir_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(plan(data_dir_with_history, "buildable", "--json", "--top", "5")) == 0
    configs = json.loads(capsys.readouterr().out)["configurations"]
    assert len(configs) == 5
    ordered = [c["units_ordered"] for c in configs]
    assert ordered == sorted(ordered, reverse=True)
    for config in configs:
        assert config["buildable_now"] >= 0
        assert config["label"].startswith("Mini 1")  # chassis · processor · memory
        assert config["limiting"]
    i9 = [c for c in configs if "processor=i9" in c["code"]]
    assert all(c["buildable_now"] == 0 and "CPU-I9" in c["limiting"] for c in i9)


def test_bad_date_is_a_clear_error(
    data_dir_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["--data-dir", str(data_dir_with_history), "plan", "reorder", "--date", "soon"])
    assert code == 2
    assert "--date 'soon' is not a date" in capsys.readouterr().err


def test_generate_history_script_adds_orders(
    data_dir_with_history: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    script = Path(__file__).resolve().parents[2] / "scripts" / "generate_history.py"
    spec = importlib.util.spec_from_file_location("generate_history", script)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    args = ["--data-dir", str(data_dir_with_history), "--weeks", "3", "--date", "2027-01-20"]
    assert module.main(args) == 0
    assert "handed-over orders over 3 weeks" in capsys.readouterr().out
    assert module.main([*args[:2], "--date", "someday"]) == 2
    assert "error:" in capsys.readouterr().err
