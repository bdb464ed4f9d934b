"""Messages that say what is actually wrong: `none` on a required group, a negative quantity,
cancelling twice."""

from __future__ import annotations

from pathlib import Path

import pytest

from configurator.cli.main import run
from tests.orders.shop_fixtures import PINS, make_data_dir


def test_none_is_only_for_optional_groups(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["configure", "--pick", "chassis=none"]) == 2
    err = capsys.readouterr().err
    assert "'none' is only for optional groups" in err
    assert "has no option" not in err


def test_quantity_must_be_positive(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["configure", "--pick", "accessories=mouse*-1"]) == 2
    assert "a positive whole number" in capsys.readouterr().err


def test_cancelling_a_cancelled_order_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = make_data_dir(tmp_path)
    who = ["--user", "clara", "--pin", PINS["clara"], "--date", "2026-11-25"]
    picks = ["--pick", "chassis=c14", "--pick", "gpu=none"]
    base = ["--data-dir", str(data), "order"]
    assert run([*base, "place", *picks, *who]) == 0
    assert run([*base, "cancel", "2026-00001", "--reason", "changed mind", *who]) == 0
    capsys.readouterr()
    assert run([*base, "cancel", "2026-00001", "--reason", "again", *who]) == 2
    err = capsys.readouterr().err
    assert "already cancelled (changed mind)" in err
    assert "Assembled" not in err
