"""The demo catalog and demo stock: complete, consistent and as rich as the issue promises.

These checks read the files with tomllib only, so they hold even while the loader changes;
the last tests run the real loader on the catalog once it exists.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from decimal import Decimal
from typing import Any

import pytest

from configurator.catalog.model import Catalog
from configurator.paths import demo_catalog_path, demo_stock_path

BIN_PATTERN = re.compile(r"^[A-H]-\d{2}-\d{2}$")
REQUIRED_SLOTS = {"chassis", "mainboard", "display", "keyboard", "battery", "adapter"}
PLACEHOLDER = re.compile(r"\{([a-z0-9_]+)\.([a-z0-9_]+)\}")
QUOTED = re.compile(r"'[^']*'")
ATTR_REF = re.compile(r"\b([a-z][a-z0-9_]*)\.([a-z_][a-z0-9_]*)\b(?!\s*\()")

Table = dict[str, Any]


@pytest.fixture(scope="module")
def catalog() -> Table:
    with demo_catalog_path().open("rb") as fh:
        return tomllib.load(fh)


@pytest.fixture(scope="module")
def stock() -> Table:
    with demo_stock_path().open("rb") as fh:
        return tomllib.load(fh)


def options(catalog: Table, group: str) -> list[Table]:
    opts: list[Table] = catalog["groups"][group]["options"]
    return opts


def part_ids(entries: list[Any]) -> list[str]:
    """Part ids of a `components`/`add`/`made_of` list (plain ids or {part, qty} tables)."""
    return [e if isinstance(e, str) else e["part"] for e in entries]


def all_named_parts(catalog: Table) -> set[str]:
    named: set[str] = set()
    for group in catalog["groups"].values():
        for opt in group["options"]:
            named.update(part_ids(opt.get("components", [])))
    for entry in catalog.get("bom", []):
        named.update(part_ids(entry["add"]))
    for comp in catalog["components"].values():
        named.update(part_ids(comp.get("made_of", [])))
    return named


def expressions(catalog: Table) -> list[tuple[str, str]]:
    """(where, expression) for every rule and BOM condition."""
    found: list[tuple[str, str]] = []
    for rule in catalog["rules"]:
        found.extend(
            (f"rule {rule['id']}", rule[key])
            for key in ("when", "require", "forbid")
            if key in rule
        )
    found.extend(
        (f"bom entry {i}", entry["when"])
        for i, entry in enumerate(catalog["bom"])
        if "when" in entry
    )
    return found


def attr_everywhere(catalog: Table, group: str, attr: str) -> bool:
    if attr in ("label", "price"):
        return True
    return all(attr in opt.get("attrs", {}) for opt in options(catalog, group))


# ------------------------------------------------------------------ the catalog itself


def test_header(catalog: Table) -> None:
    head = catalog["catalog"]
    assert head["id"] == "aurora-2026"
    assert head["currency"] == "EUR"
    assert Decimal(head["base_price"]) > 0
    assert 30 <= head["assembly_minutes"] <= 60


def test_every_named_part_is_defined(catalog: Table) -> None:
    missing = all_named_parts(catalog) - set(catalog["components"])
    assert not missing, f"parts used but not defined: {sorted(missing)}"


def test_every_defined_part_is_used(catalog: Table) -> None:
    unused = set(catalog["components"]) - all_named_parts(catalog)
    assert not unused, f"components nothing uses: {sorted(unused)}"


def test_every_component_is_complete(catalog: Table) -> None:
    for pid, comp in catalog["components"].items():
        assert comp["name"].strip(), pid
        assert BIN_PATTERN.match(comp["bin"]), f"{pid}: bin {comp['bin']!r} is not A-01-01 style"
        assert isinstance(comp["lead_time_days"], int), pid
        assert comp["lead_time_days"] > 0, pid
        assert comp["steps"], f"{pid} has no assembly steps"
        assert comp["qc"], f"{pid} has no QC checks"
        assert all(s.strip().endswith(".") for s in comp["steps"] + comp["qc"]), pid


def test_bins_are_not_shared_between_parts(catalog: Table) -> None:
    bins = Counter(comp["bin"] for comp in catalog["components"].values())
    assert [b for b, n in bins.items() if n > 1] == []


def test_slots_cover_the_laptop(catalog: Table) -> None:
    slots = {c["slot"] for c in catalog["components"].values() if "slot" in c}
    assert slots >= REQUIRED_SLOTS


def test_sub_assemblies_are_buildable_from_defined_parts(catalog: Table) -> None:
    subs = {pid: c for pid, c in catalog["components"].items() if "made_of" in c}
    assert subs, "the demo needs at least one sub-assembly"
    for pid, comp in subs.items():
        assert comp["build_minutes"] > 0, pid
        for part in part_ids(comp["made_of"]):
            assert part in catalog["components"], f"{pid} is made of undefined {part}"
            assert "made_of" not in catalog["components"][part], "keep the demo two levels deep"


def test_group_ids_defaults_and_prices(catalog: Table) -> None:
    for gid, group in catalog["groups"].items():
        ids = [o["id"] for o in group["options"]]
        assert len(ids) == len(set(ids)), gid
        assert "none" not in ids
        assert sum(bool(o.get("default")) for o in group["options"]) <= 1, gid
        for opt in group["options"]:
            price = Decimal(opt["price"])
            assert price == price.quantize(Decimal("0.01")), (gid, opt["id"])
            assert opt["price"] == f"{price:.2f}", (gid, opt["id"])


def test_counts_promised_by_the_issue(catalog: Table) -> None:
    groups = catalog["groups"]
    assert len(options(catalog, "chassis")) >= 3
    cpus = options(catalog, "processor")
    assert len(cpus) == 8
    assert {c["attrs"]["vendor"] for c in cpus} == {"intel", "amd"}
    assert len({c["attrs"]["tdp_w"] for c in cpus}) >= 3
    assert len({m["attrs"]["gb"] for m in options(catalog, "memory")}) >= 5
    assert groups["storage2"]["kind"] == "optional"
    assert len(options(catalog, "storage")) + len(options(catalog, "storage2")) >= 6
    assert len(options(catalog, "battery")) == 3
    assert len(options(catalog, "keyboard")) == 6
    assert len(options(catalog, "colour")) == 3
    assert len(options(catalog, "os")) == 3
    assert len(options(catalog, "warranty")) >= 2


def test_screens_cover_the_panel_types(catalog: Table) -> None:
    screens = [s["attrs"] for s in options(catalog, "screen")]
    assert len(screens) >= 5
    assert any(s["resolution"] == "1920x1200" and not s["touch"] for s in screens)
    assert any(s["resolution"] == "2560x1600" and s["refresh_hz"] == 120 for s in screens)
    assert any(s["panel"] == "oled" for s in screens)
    assert any(s["touch"] for s in screens)


def test_gpus_integrated_and_three_dedicated(catalog: Table) -> None:
    gpus = [g["attrs"] for g in options(catalog, "gpu")]
    assert len(gpus) == 4
    assert sum(not g["dedicated"] for g in gpus) == 1
    assert sum(g["dedicated"] and g["tgp_w"] > 0 for g in gpus) == 3


def test_accessories_are_a_many_group_with_quantities(catalog: Table) -> None:
    acc = catalog["groups"]["accessories"]
    assert acc["kind"] == "many"
    assert any(o.get("max_qty", 1) > 1 for o in acc["options"])


def test_rules_are_many_and_varied(catalog: Table) -> None:
    rules = catalog["rules"]
    assert len(rules) >= 40
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    kinds = Counter(r.get("kind", "require") for r in rules)
    assert kinds["recommend"] >= 3
    assert sum("forbid" in r for r in rules) >= 5
    assert sum("when" in r and "require" in r for r in rules) >= 10
    assert all(("require" in r) != ("forbid" in r) for r in rules)
    assert sum(bool(PLACEHOLDER.search(r["message"])) for r in rules) >= 10


def test_expressions_name_known_groups_and_attributes(catalog: Table) -> None:
    groups = catalog["groups"]
    for where, expr in expressions(catalog):
        for group, attr in ATTR_REF.findall(QUOTED.sub("''", expr)):
            assert group in groups, f"{where}: unknown group {group!r}"
            if groups[group].get("kind") == "many":
                continue  # sum(group.attr): checked below
            assert attr_everywhere(catalog, group, attr), f"{where}: {group}.{attr} not on all"
    for rule in catalog["rules"]:
        for group, attr in PLACEHOLDER.findall(rule["message"]):
            assert group in groups, f"rule {rule['id']}: unknown group {group!r} in message"
            assert attr_everywhere(catalog, group, attr), f"rule {rule['id']}: {group}.{attr}"


def test_sum_attributes_exist_on_every_option(catalog: Table) -> None:
    for where, expr in expressions(catalog):
        for group, attr in re.findall(r"sum\((\w+)\.(\w+)\)", expr):
            assert attr_everywhere(catalog, group, attr), f"{where}: sum({group}.{attr})"


def test_bom_slot_families_name_one_part_each(catalog: Table) -> None:
    """Each conditional [[bom]] entry adds one slot part at most (so exclusivity is per entry)."""
    comps = catalog["components"]
    for i, entry in enumerate(catalog["bom"]):
        slotted = [p for p in part_ids(entry["add"]) if "slot" in comps[p]]
        assert len(slotted) <= 1, f"bom entry {i} adds two slot parts: {slotted}"


def test_catalog_tests_have_ids_and_cover_every_kind(catalog: Table) -> None:
    cases = catalog["tests"]
    assert len(cases) >= 8
    ids = [t["id"] for t in cases]
    assert len(ids) == len(set(ids))
    expects = Counter(t.get("expect") for t in cases)
    assert expects["invalid"] >= 3
    assert expects["complete"] >= 2
    assert sum("expect_excluded" in t for t in cases) >= 2


def test_complete_cases_pick_every_group(catalog: Table) -> None:
    groups = set(catalog["groups"])
    for case in catalog["tests"]:
        if case.get("expect") == "complete":
            assert set(case["picks"]) == groups, case["id"]


# ------------------------------------------------------------------ the stock file


def test_stock_names_only_defined_parts(catalog: Table, stock: Table) -> None:
    comps = catalog["components"]
    for row in stock["stock"]:
        assert row["part"] in comps, f"stock row for undefined part {row['part']}"
        assert isinstance(row["on_hand"], int), row
        assert row["on_hand"] >= 0, row
        if "bin" in row:
            assert BIN_PATTERN.match(row["bin"]), row
    for rec in stock["receipts"]:
        assert rec["part"] in comps, f"receipt for undefined part {rec['part']}"
        assert rec["qty"] > 0, rec
        assert rec["due_in_days"] >= 0, rec
        assert rec["supplier_ref"].strip(), rec


def test_stock_lists_every_part_once_per_bin(catalog: Table, stock: Table) -> None:
    comps = catalog["components"]
    keys = [(r["part"], r.get("bin", comps[r["part"]]["bin"])) for r in stock["stock"]]
    assert len(keys) == len(set(keys))
    assert {p for p, _ in keys} == set(comps)


def on_hand(stock: Table) -> dict[str, int]:
    totals: dict[str, int] = {}
    for row in stock["stock"]:
        totals[row["part"]] = totals.get(row["part"], 0) + row["on_hand"]
    return totals


def test_stock_has_every_situation(catalog: Table, stock: Table) -> None:
    totals = on_hand(stock)
    due = {r["part"] for r in stock["receipts"]}
    out = {p for p, n in totals.items() if n == 0}
    low = {p for p, n in totals.items() if 1 <= n <= 3}
    plentiful = {p for p, n in totals.items() if 10 <= n <= 60}
    assert len(plentiful) >= 0.75 * len(totals)
    assert len(low) >= 3
    assert len(out & due) >= 2, "some parts out with a receipt due"
    assert out - due, "one part out with nothing due (falls back to the lead time)"
    comps = catalog["components"]
    buildable = [
        p
        for p in out
        if "made_of" in comps[p]
        and all(totals[m["part"]] >= m.get("qty", 1) for m in comps[p]["made_of"])
    ]
    assert buildable, "a sub-assembly that is out but can be built from parts in stock"


def test_stock_comment_names_the_parts_that_are_short(stock: Table) -> None:
    """The header documents each deliberate shortage, so testers can find them."""
    header = demo_stock_path().read_text(encoding="utf-8").split("\n[[stock]]")[0]
    for part, qty in on_hand(stock).items():
        if qty <= 3:
            assert part in header, f"{part} is short ({qty}) but the header does not say so"


# ------------------------------------------------------------------ the real loader


@pytest.fixture(scope="module")
def loaded() -> Catalog:
    """The demo catalog through the real loader (skipped until the loader exists)."""
    loader = pytest.importorskip("configurator.catalog.loader")
    cat: Catalog = loader.load_catalog(demo_catalog_path())
    return cat


def test_demo_catalog_loads_without_errors_or_warnings(loaded: Catalog) -> None:
    from configurator.catalog.loader import check_catalog_file

    report = check_catalog_file(demo_catalog_path())
    assert [d.format() for d in report.diagnostics] == []
    cat = loaded
    assert cat.id == "aurora-2026"
    assert [g.id for g in cat.groups][:3] == ["chassis", "processor", "memory"]
    assert len(cat.rules) >= 40
    assert cat.slots >= REQUIRED_SLOTS


def test_demo_stock_loads_against_the_catalog(loaded: Catalog) -> None:
    stockfile = pytest.importorskip("configurator.store.stockfile")
    stock_file = stockfile.load_stock_file(demo_stock_path(), loaded)
    assert {line.part for line in stock_file.stock} == set(loaded.components)


def _complete_case(catalog: Table, case_id: str) -> dict[str, Any]:
    case = next(t for t in catalog["tests"] if t["id"] == case_id)
    return {g: None if v == "none" else v for g, v in case["picks"].items()}


@pytest.mark.parametrize(
    ("case_id", "expected", "absent_prefixes"),
    [
        (
            "air-complete",
            {
                "CHS-13-MG-SLV": 1,
                "MB-13-U7-255U-16": 1,
                "DSP-13-FHD": 1,
                "KBD-13-DE": 1,
                "BAT-57-3C": 1,
                "ADP-65-USBC": 1,
                "CLR-13": 1,
                "WIFI-BE200": 1,
            },
            ("RAM-", "GPU-", "M2-SHIELD"),
        ),
        (
            "studio-complete",
            {
                "CHS-16-AL-GRA": 1,
                "MB-U9-275HX": 1,
                "RAM-16-5600": 2,
                "SSD-2T-G5": 1,
                "DSP-16-QHD165": 1,
                "GPU-RTX5070TI": 1,
                "BAT-99-6C": 1,
                "ADP-180-BRL": 1,
                "CLR-16-DGPU": 1,
                "KBD-16-US": 1,
                "ACC-BAG-16": 1,
                "ACC-MOUSE-BT": 1,
            },
            ("SLV-", "MB-13-"),
        ),
        (
            "pro-two-ssds-complete",
            {
                "CHS-14-AL-BLU": 1,
                "MB-R7-350": 1,
                "RAM-16-5600": 2,
                "SSD-2T-G4": 1,
                "SSD-1T-G4": 1,
                "M2-SHIELD-2280": 1,
                "DSP-14-OLED": 1,
                "KBD-14-CH": 1,
                "WIFI-MT7925": 1,
                "ADP-65-USBC": 1,
                "CLR-14-UMA": 1,
                "SLV-14": 1,
                "ACC-DOCK-USB4": 1,
                "LBL-UBUNTU": 1,
            },
            ("GPU-", "LIC-"),
        ),
    ],
)
def test_complete_cases_take_the_expected_parts(
    catalog: Table,
    loaded: Catalog,
    case_id: str,
    expected: dict[str, int],
    absent_prefixes: tuple[str, ...],
) -> None:
    bom_module = pytest.importorskip("configurator.rules.bom")
    picks = _complete_case(catalog, case_id)
    assert bom_module.validate(loaded, picks) == []
    bom = bom_module.bill_of_materials(loaded, picks)
    assert {p: bom.get(p) for p in expected} == expected
    assert [p for p in bom if p.startswith(absent_prefixes)] == []


def test_adapter_covers_the_power_budget_of_every_buildable_pair(
    catalog: Table, loaded: Catalog
) -> None:
    """Exactly one adapter per processor + GPU pair, never weaker than TDP + TGP."""
    bom_module = pytest.importorskip("configurator.rules.bom")
    engine_module = pytest.importorskip("configurator.rules.engine")
    engine = engine_module.Engine(loaded)
    buildable = 0
    try:
        for cpu in options(catalog, "processor"):
            for gpu in options(catalog, "gpu"):
                picks = {"processor": cpu["id"], "gpu": gpu["id"]}
                if not engine.is_satisfiable(picks):
                    continue
                buildable += 1
                adapters = [
                    p for p in bom_module.bill_of_materials(loaded, picks) if p.startswith("ADP-")
                ]
                assert len(adapters) == 1, (picks, adapters)
                watts = int(adapters[0].split("-")[1])
                assert watts >= cpu["attrs"]["tdp_w"] + gpu["attrs"]["tgp_w"], picks
    finally:
        engine.close()
    assert buildable >= 20
