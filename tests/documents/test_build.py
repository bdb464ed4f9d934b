"""Builders: prices and VAT as the store computes them, pick list, steps and checks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from configurator.catalog.model import PartQty
from configurator.documents.build import (
    assembly_sheet,
    bin_key,
    bom_entries,
    config_lines,
    quote_document,
    totals,
    workshop,
)
from configurator.documents.format import DocumentError
from configurator.documents.model import ConfigLine, Customer
from configurator.orders import pricing
from configurator.shop import ShopSettings
from tests.documents.catalog import BOM, CATALOG, PICKS

SETTINGS = ShopSettings(name="Mini shop", address=("Hauptstraße 1",), quote_validity_days=14)
TODAY = date(2026, 11, 25)


def test_lines_follow_the_catalog_group_order_with_quantities() -> None:
    lines = config_lines(CATALOG, PICKS)
    assert [(ln.group, ln.option, ln.qty, ln.unit_price) for ln in lines] == [
        ("Chassis", "Aurora 14", 1, Decimal("0.00")),
        ("Processor", "Ryzen 7 8840HS", 1, Decimal("180.00")),
        ("Memory", "32 GB (2 × 16 GB)", 1, Decimal("120.00")),
        ("Storage", "1 TB SSD", 1, Decimal("89.00")),
        ("Second drive", "2 TB SSD", 1, Decimal("149.00")),
        ("Screen", "2.8K OLED touch", 1, Decimal("210.00")),
        ("Keyboard", "German (QWERTZ)", 1, Decimal("0.00")),
        ("Expansion cards", "USB-C card", 2, Decimal("9.00")),
    ]


def test_explicit_none_and_empty_many_groups_print_no_line() -> None:
    picks = {**PICKS, "storage2": None, "ports": {}}
    groups = [ln.group for ln in config_lines(CATALOG, picks)]
    assert "Second drive" not in groups
    assert "Expansion cards" not in groups


@pytest.mark.parametrize(
    ("picks", "message"),
    [
        ({**PICKS, "gpu": "rtx"}, "groups the catalog mini-2026 does not have: gpu"),
        ({**PICKS, "keyboard": "fr"}, "has no option 'fr'"),
    ],
)
def test_unknown_groups_and_options_are_clear_errors(picks: dict, message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        config_lines(CATALOG, picks)


def test_quote_totals_match_what_an_order_stores() -> None:
    doc = quote_document(
        catalog=CATALOG,
        picks=PICKS,
        settings=SETTINGS,
        today=TODAY,
        customer=Customer("Jörg Ünal"),
        quote_number="Q-1",
        configuration_code="code",
        discount_percent=Decimal("7.5"),
        approved_by="manager",
    )
    t = doc.offer.totals
    list_price = Decimal("499.00") + Decimal("180") + 120 + 89 + 149 + 210 + 18
    stored = pricing.totals(list_price, Decimal("7.5"), Decimal("0.19"))
    assert t.base_price + t.options == list_price == Decimal("1265.00")
    assert t.discount is not None
    assert t.discount.amount == stored.discount_amount == Decimal("94.88")
    assert t.discount.approved_by == "manager"
    assert t.gross == stored.total == Decimal("1170.12")
    assert t.vat == stored.vat_amount == Decimal("186.83")
    assert t.net + t.vat == t.gross
    assert doc.valid_until == date(2026, 12, 9)
    assert doc.offer.catalog.version == "ab12cd34ef56"


money = st.decimals(min_value=0, max_value=5000, places=2)


@given(
    prices=st.lists(money, min_size=1, max_size=12),
    percent=st.decimals(min_value=0, max_value=100, places=2),
    rate=st.sampled_from([Decimal("0"), Decimal("0.07"), Decimal("0.19"), Decimal("0.2")]),
    gross=st.booleans(),
)
def test_totals_always_add_up(
    prices: list[Decimal], percent: Decimal, rate: Decimal, gross: bool
) -> None:
    lines = [ConfigLine("g", "o", 1, p) for p in prices]
    t = totals(Decimal("100.00"), lines, rate, discount_percent=percent, prices_include_vat=gross)
    discount = t.discount.amount if t.discount else Decimal(0)
    assert t.base_price + t.options - discount == (t.gross if gross else t.net)
    assert t.net + t.vat == t.gross
    assert t.vat == t.vat.quantize(Decimal("0.01"))
    assert abs(t.vat - t.net * rate) <= Decimal("0.01") * (1 + rate)


def test_currency_mismatch_is_refused() -> None:
    with pytest.raises(DocumentError, match="priced in EUR"):
        quote_document(
            catalog=CATALOG,
            picks=PICKS,
            settings=replace(SETTINGS, currency="CHF"),
            today=TODAY,
            customer=Customer("A"),
            quote_number="Q",
            configuration_code="c",
        )


def test_pick_list_is_grouped_by_bin_in_walking_order() -> None:
    work = workshop(CATALOG, PICKS, BOM, reserved={"CHS-14": 1, "RAM-16": 1, "SSD-1T": 1})
    assert [(p.bin, p.part, p.qty) for p in work.picks] == [
        ("A-01-02", "CPU-R7", 1),
        ("A-01-10", "CHS-14", 1),  # natural order: 02 before 10
        ("A-10-01", "PSU-65", 1),
        ("B-01-01", "RAM-16", 2),
        ("C-02-01", "SSD-1T", 1),
        ("C-02-02", "SSD-2T", 1),
        ("D-01-01", "KBD-DE", 1),
        ("E-02-01", "DSP-OLED", 1),
        ("F-01-01", "EXP-USBC", 2),
    ]
    reserved = {p.part for p in work.picks if p.reserved}
    assert reserved == {"CHS-14", "SSD-1T"}  # RAM: 1 of 2 is not reserved


def test_ad_hoc_sheet_has_nothing_reserved() -> None:
    assert not any(p.reserved for p in workshop(CATALOG, PICKS, BOM).picks)


def test_steps_follow_the_parts_in_assembly_order_without_repeats() -> None:
    assert workshop(CATALOG, PICKS, BOM).steps == (
        "Lay the chassis on the ESD mat.",
        "Seat the mainboard.",
        "Apply thermal paste.",
        "Insert the SO-DIMMs.",
        "Insert the SSD.",
        "Connect the display cable.",
        "Connect the keyboard.",
    )


def test_steps_follow_the_physical_order_whatever_order_the_bom_comes_in() -> None:
    scrambled = tuple(reversed(BOM))  # e.g. [[bom]] additions first, as in the demo catalog
    assert workshop(CATALOG, PICKS, scrambled).steps == workshop(CATALOG, PICKS, BOM).steps


def test_assembly_order_by_slot_then_by_words() -> None:
    from configurator.catalog.model import Component
    from configurator.documents.sequence import assembly_order, kind_of

    def part(pid: str, name: str, slot: str | None = None) -> Component:
        return Component(pid, name, "A-01", 1, slot=slot)

    parts = {
        p.id: p
        for p in (
            part("PKG-BOX", "Shipping box"),
            part("X-BAT", "Pack 75 Wh", slot="battery"),
            part("LIC-W11", "Windows 11 licence"),
            part("BAG", "Backpack"),
            part("X-MB", "Board", slot="mainboard"),
            part("SPK", "Speakers", slot="speakers"),
            part("SSD-1T", "NVMe SSD 1 TB"),
            part("X-CHS", "Shell", slot="chassis"),
            part("RAM-16", "SO-DIMM 16 GB"),
        )
    }
    assert assembly_order(list(parts), parts) == [
        "X-CHS",
        "X-MB",
        "RAM-16",
        "SSD-1T",
        "SPK",  # a slot the list does not know: before the battery
        "X-BAT",
        "LIC-W11",
        "PKG-BOX",
        "BAG",
    ]
    assert kind_of("UNKNOWN", None) == "accessory"


def test_built_sub_assembly_is_picked_as_its_parts_and_built_first() -> None:
    work = workshop(CATALOG, PICKS, BOM, built={"DSP-OLED": 1})
    parts = {p.part for p in work.picks}
    assert "DSP-OLED" not in parts
    assert {"PNL-OLED", "BZL-14"} <= parts
    steps = list(work.steps)
    assert steps.index("Mount the panel in the bezel.") < steps.index("Connect the display cable.")


def test_quality_checks_combine_components_and_the_configuration() -> None:
    qc = workshop(CATALOG, PICKS, BOM).qc
    assert qc[:3] == (
        "Hinges open to 180 degrees.",
        "Memory latches closed.",
        "Adapter charges at 65 W.",
    )
    assert "BIOS shows 32 GB RAM." in qc
    assert "2 SSDs detected in the BIOS." in qc
    assert "Keyboard layout German (QWERTZ): test the Umlaut keys ä ö ü ß." in qc
    assert not any("Touch" in check for check in qc)  # the display part checks itself
    assert len(qc) == len(set(qc))


def test_keyboard_check_follows_the_layout() -> None:
    qc = workshop(CATALOG, {**PICKS, "keyboard": "us", "storage2": None}, BOM).qc
    assert "Keyboard layout US English: test the keys \\ | ` ~ and Enter." in qc


def test_sheet_from_catalog_and_picks() -> None:
    sheet = assembly_sheet(
        catalog=CATALOG,
        picks=PICKS,
        bom=bom_entries({p.part: p.qty for p in BOM}),
        settings=SETTINGS,
        order_number="2026-00001",
        configuration_code="code",
        customer_name="Jörg",
        due=date(2026, 12, 1),
    )
    assert ("Expansion cards", "2 × USB-C card") in sheet.configuration
    assert sheet.catalog.id == "mini-2026"
    assert len(sheet.picks) == 9


@given(st.lists(st.tuples(st.sampled_from("ABC"), st.integers(0, 120), st.integers(0, 30))))
def test_bin_order_is_numeric_inside_each_segment(bins: list[tuple[str, int, int]]) -> None:
    names = [f"{a}-{b:d}-{c:02d}" for a, b, c in bins]
    ordered = sorted(names, key=bin_key)
    assert [tuple(n.split("-")) for n in ordered] == sorted(
        (tuple(n.split("-")) for n in names), key=lambda t: (t[0], int(t[1]), int(t[2]))
    )


def test_parts_unknown_to_the_catalog_still_print() -> None:
    work = workshop(CATALOG, PICKS, (*BOM, PartQty("OLD-PART")))
    old = next(p for p in work.picks if p.part == "OLD-PART")
    assert old.bin == "?"
    assert "not in catalog mini-2026" in old.name


def test_groups_are_recognised_by_words_of_their_id() -> None:
    from configurator.catalog.model import Group, GroupKind
    from configurator.documents.checks import _matches

    def group(gid: str) -> Group:
        return Group(gid, gid, GroupKind.ONE, ())

    assert _matches(group("storage2"), "storage")
    assert _matches(group("ram_size"), "ram")
    assert _matches(group("keyboard-layout"), "keyboard")
    assert not _matches(group("frame_colour"), "ram")
    assert not _matches(group("program"), "ram")
