"""`configurator customer list|add|show`: what the GUI's customer picker does, at the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from configurator.cli.main import run
from tests.orders.shop_fixtures import PINS, make_data_dir


def test_add_list_show_and_use_a_customer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_data_dir(tmp_path)
    base = ["--data-dir", str(data), "customer"]
    who = ["--user", "clara", "--pin", PINS["clara"]]
    capsys.readouterr()
    assert run([*base, "add", "Ada Lovelace", "--email", "ada@example.org", *who, "--json"]) == 0
    added = json.loads(capsys.readouterr().out)
    assert added["name"] == "Ada Lovelace"
    assert run([*base, "list", "--json", "--name", "lovelace"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in listed] == [added["id"]]
    assert run([*base, "show", str(added["id"])]) == 0
    out = capsys.readouterr().out
    assert "Ada Lovelace" in out
    assert "ada@example.org" in out
    picks = ["--pick", "chassis=c14", "--pick", "gpu=none"]
    quote = ["--data-dir", str(data), "order", "quote", *picks, *who, "--json"]
    assert run([*quote, "--customer", str(added["id"])]) == 0
    assert json.loads(capsys.readouterr().out)["customer"] == "Ada Lovelace"


def test_bad_customer_input_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CONFIGURATOR_USER", raising=False)
    data = make_data_dir(tmp_path)
    base = ["--data-dir", str(data), "customer"]
    assert run([*base, "show", "999"]) == 2
    assert "no customer 999" in capsys.readouterr().err
    assert run([*base, "add", "  ", "--user", "clara", "--pin", PINS["clara"]]) == 2
    assert "needs a name" in capsys.readouterr().err
    assert run([*base, "add", "Bob"]) == 2
    assert "--user" in capsys.readouterr().err
