"""Bill of material, price and validation of one configuration (no solver involved)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from configurator.catalog.model import PickValue
from configurator.rules.bom import PicksError, bill_of_materials, price, validate
from tests.rules.factory import laptop

CAT = laptop()
BIG: dict[str, PickValue] = {
    "chassis": "c16",
    "processor": "r9",
    "gpu": "rtx",
    "ports": {"usbc": 1, "hdmi": 2},
}


def test_bom_merges_options_quantities_and_additions() -> None:
    assert bill_of_materials(CAT, BIG) == {
        "CHS-16": 1,
        "CPU-R9": 1,
        "GPU-RTX": 1,
        "EXP-USBC": 1,
        "EXP-HDMI": 2,
        "SCREWS": 1,
        "PSU-140": 1,
    }


def test_bom_when_decides_between_additions() -> None:
    small: dict[str, PickValue] = {
        "chassis": "c13",
        "processor": "r5",
        "gpu": None,
        "ports": {"usbc": 2},
    }
    parts = bill_of_materials(CAT, small)
    assert parts["PSU-65"] == 1
    assert "PSU-140" not in parts
    assert parts["EXP-USBC"] == 2


def test_bom_skips_additions_that_depend_on_undecided_groups() -> None:
    parts = bill_of_materials(CAT, {"chassis": "c13"})
    assert parts == {"CHS-13": 1, "SCREWS": 1}


def test_price() -> None:
    assert price(CAT, BIG) == Decimal("100") + 200 + 300 + 400 + 9 + 2 * 19
    assert price(CAT, {}) == Decimal("100")


def test_validate_lists_every_violation() -> None:
    assert validate(CAT, BIG) == []
    bad: dict[str, PickValue] = {
        "chassis": "c13",
        "processor": "r9",
        "gpu": None,
        "ports": {"hdmi": 2},
    }
    found = validate(CAT, bad)
    assert [(v.kind, v.subject) for v in found] == [("rule", "cpu-cooling"), ("rule", "hdmi-rtx")]
    assert found[0].message == "R9 needs a chassis rated for 45 W."


def test_validate_counts_and_undecided_groups() -> None:
    found = validate(CAT, {"chassis": "c13", "ports": {"usbc": 4}})
    assert [(v.kind, v.subject) for v in found] == [
        ("undecided", "processor"),
        ("undecided", "gpu"),
        ("count", "ports"),
    ]


@pytest.mark.parametrize(
    ("picks", "message"),
    [
        ({"nope": "x"}, "no group 'nope'"),
        ({"chassis": "c99"}, "no option 'c99'"),
        ({"chassis": None}, "cannot be none"),
        ({"ports": "usbc"}, "option ids with quantities"),
        ({"ports": {"vga": 1}}, "no option 'vga'"),
    ],
)
def test_bad_picks_are_user_errors(picks: dict, message: str) -> None:
    with pytest.raises(PicksError, match=message):
        bill_of_materials(CAT, picks)
