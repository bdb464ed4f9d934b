"""What a loaded catalog contains: the model built from the TOML, hashes, lines."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from configurator.catalog.linter import lint_catalog
from configurator.catalog.loader import (
    check_catalog_text,
    load_catalog,
    load_catalog_text,
    parse_catalog_text,
)
from configurator.catalog.model import GroupKind, PartQty, RuleKind, TestExpectation
from tests.catalog.support import line_of, mutate
from tests.helpers.catalogs import MINI_CATALOG, write_catalog


def test_version_hash_is_sha256_of_the_file_bytes(tmp_path: Path) -> None:
    path = write_catalog(tmp_path, MINI_CATALOG)
    catalog = load_catalog(path)
    assert catalog.version_hash == hashlib.sha256(path.read_bytes()).hexdigest()
    assert catalog.source == path
    assert catalog.short_version == catalog.version_hash[:12]
    edited = write_catalog(tmp_path, MINI_CATALOG.replace("Mini laptops", "Mini"), "b.toml")
    assert load_catalog(edited).version_hash != catalog.version_hash


def test_text_hash_and_byte_order_mark(tmp_path: Path) -> None:
    assert (
        load_catalog_text(MINI_CATALOG).version_hash
        == hashlib.sha256(MINI_CATALOG.encode("utf-8")).hexdigest()
    )
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + MINI_CATALOG.encode("utf-8"))
    assert load_catalog(path).id == "mini"


def test_catalog_header_and_groups() -> None:
    catalog = load_catalog_text(MINI_CATALOG, "mini.toml")
    assert (catalog.id, catalog.name, catalog.currency) == ("mini", "Mini laptops", "EUR")
    assert catalog.base_price == Decimal("400.00")
    assert catalog.assembly_minutes == 30
    assert [g.id for g in catalog.groups] == ["chassis", "processor", "memory", "gpu", "ports"]
    bounds = {g.id: (g.kind, g.min, g.max) for g in catalog.groups}
    assert bounds["chassis"] == (GroupKind.ONE, 1, 1)
    assert bounds["gpu"] == (GroupKind.OPTIONAL, 0, 1)
    assert bounds["ports"] == (GroupKind.MANY, 1, 3)
    assert catalog.group("chassis").line == line_of(MINI_CATALOG, "[groups.chassis]")


def test_many_group_bounds_default_to_zero_and_the_number_of_options() -> None:
    text = mutate(("min = 1\nmax = 3\n", ""))
    ports = parse_catalog_text(text).group("ports")
    assert (ports.min, ports.max) == (0, 2)


def test_options() -> None:
    catalog = load_catalog_text(MINI_CATALOG)
    c16 = catalog.group("chassis").option("c16")
    assert c16.price == Decimal("150.00")
    assert c16.components == (PartQty("CHS-16"), PartQty("DSP-16"))
    assert dict(c16.attrs) == {"size_in": 16, "max_tdp_w": 55}
    assert c16.line == line_of(MINI_CATALOG, "[[groups.chassis.options]]", 2)
    assert catalog.group("chassis").default == catalog.group("chassis").option("c13")
    memory = catalog.group("memory").option("m32")
    assert memory.components == (PartQty("RAM-16", 2),)
    usbc = catalog.group("ports").option("usbc")
    assert (usbc.max_qty, usbc.default) == (3, True)
    with pytest.raises(TypeError):
        c16.attrs["size_in"] = 17  # type: ignore[index]


def test_inline_options_are_located_by_their_id() -> None:
    text = mutate(
        (
            '[groups.gpu]\nlabel = "Graphics card"\nkind = "optional"\n\n[[groups.gpu.options]]\n'
            'id = "rtx"\nlabel = "RTX 4060"\nprice = "350.00"\ncomponents = ["GPU-4060"]\n'
            "attrs = { tgp_w = 90 }\n",
            '[groups.gpu]\nlabel = "Graphics card"\nkind = "optional"\noptions = [\n'
            '  { id = "rtx", label = "RTX 4060", price = "350.00", components = ["GPU-4060"] },\n'
            "]\n",
        )
    )
    catalog = load_catalog_text(text)
    assert catalog.group("gpu").option("rtx").line == line_of(text, '{ id = "rtx"')


def test_rules_bom_components_and_tests() -> None:
    catalog = load_catalog_text(MINI_CATALOG)
    cooling, gpu, hint = catalog.rules
    assert (cooling.kind, cooling.forbid, cooling.when) == (
        RuleKind.REQUIRE,
        False,
        "processor.tdp_w > 28",
    )
    assert (gpu.kind, gpu.forbid) == (RuleKind.FORBID, True)
    assert (hint.kind, hint.is_hard) == (RuleKind.RECOMMEND, False)
    assert gpu.line == line_of(MINI_CATALOG, "[[rules]]", 2)
    assert catalog.bom[0].add == (PartQty("PSU-140"),)
    assert catalog.bom[0].when == "gpu == 'rtx' or processor.tdp_w >= 45"
    display = catalog.components["DSP-16"]
    assert display.made_of == (PartQty("PNL-16"), PartQty("BZL-16"))
    assert (display.slot, display.build_minutes, display.lead_time_days) == ("display", 15, 20)
    assert catalog.components["CHS-13"].steps == ("Lay the chassis on the ESD mat.",)
    assert catalog.slots == {"chassis", "display", "mainboard", "adapter"}
    invalid, excluded, full = catalog.tests
    assert (invalid.id, invalid.expect) == ("no-rtx-in-13", TestExpectation.INVALID)
    assert dict(excluded.expect_excluded) == {"chassis": ("c13",)}
    assert dict(full.picks) == {
        "chassis": "c16",
        "processor": "h9",
        "memory": "m32",
        "gpu": None,
        "ports": {"usbc": 2, "hdmi": 1},
    }


def test_many_picks_as_a_list_with_repeats() -> None:
    text = mutate(
        ("picks.ports = { usbc = 2, hdmi = 1 }", 'picks.ports = ["usbc", "hdmi", "usbc"]')
    )
    assert load_catalog_text(text).tests[2].picks["ports"] == {"usbc": 2, "hdmi": 1}


def test_explicit_hard_rule_kind_and_recommend_forbid() -> None:
    text = mutate(
        ('id = "gpu-needs-16"', 'id = "gpu-needs-16"\nkind = "forbid"'),
        ("require = \"memory == 'm32'\"", "forbid = \"memory == 'm16'\""),
    )
    catalog = load_catalog_text(text)
    assert catalog.rules[1].kind is RuleKind.FORBID
    assert (catalog.rules[2].kind, catalog.rules[2].forbid) == (RuleKind.RECOMMEND, True)


def test_parse_only_reads_the_structure() -> None:
    text = mutate(("forbid = \"gpu == 'rtx' and chassis == 'c13'\"", 'forbid = "true"'))
    assert not check_catalog_text(text).ok
    assert parse_catalog_text(text).rules[1].expression == "true"


def test_lint_without_source_uses_the_model_lines() -> None:
    catalog = load_catalog_text(MINI_CATALOG)
    broken = replace(
        catalog,
        rules=(
            *catalog.rules,
            replace(catalog.rules[1], id="again", expression="chassis == 'c99'"),
        ),
    )
    diagnostics = lint_catalog(broken)
    assert [(d.code, d.line, d.subject) for d in diagnostics] == [
        ("expression-reference", catalog.rules[1].line, "rule again")
    ]
    assert diagnostics[0].file == "mini"
