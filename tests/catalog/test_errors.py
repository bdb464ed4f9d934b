"""One case per structural error (TOML, keys, types, ids, kinds, bounds, money, quantities,
components): each names the file, the line and the id at fault."""

from __future__ import annotations

import pytest

from configurator.catalog.diagnostics import CatalogError
from configurator.catalog.loader import load_catalog_text
from tests.catalog.support import SOURCE, Case, assert_error, check, line_of, mutate, only
from tests.helpers.catalogs import MINI_CATALOG, catalog_toml, group, option

FIRST_C13 = line_of(MINI_CATALOG, 'id = "c13"')

CASES = [
    Case(
        "toml syntax",
        mutate(('label = "Memory"', 'label = "Memory')),
        "toml-syntax",
        'label = "Memory',
        "",
        ("not valid TOML",),
    ),
    Case(
        "component defined twice is a TOML error with a hint",
        mutate(("[components.BZL-16]", "[components.PNL-16]")),
        "toml-syntax",
        "[components.PNL-16]",
        "",
        ("twice", "unique"),
        occurrence=2,
    ),
    Case(
        "missing label",
        mutate(('label = "Memory"\n', "")),
        "missing-key",
        "[groups.memory]",
        "group memory",
        ("'label' is missing", "label ="),
    ),
    Case(
        "missing catalog table",
        mutate(("[catalog]\n", "[shop]\n")),
        "missing-key",
        "",
        "catalog",
        ("[catalog]",),
    ),
    Case(
        "integer written as a string",
        mutate(("assembly_minutes = 30", 'assembly_minutes = "30"')),
        "wrong-type",
        "assembly_minutes",
        "catalog",
        ("whole number",),
    ),
    Case(
        "duplicate option id",
        mutate(('id = "c16"', 'id = "c13"')),
        "duplicate-id",
        'id = "c13"',
        "option chassis.c13",
        ("twice", f"first at line {FIRST_C13}"),
        occurrence=2,
    ),
    Case(
        "duplicate rule id",
        mutate(('id = "gpu-needs-16"', 'id = "cpu-cooling"')),
        "duplicate-id",
        'id = "cpu-cooling"',
        "rule cpu-cooling",
        ("twice", "rename"),
        occurrence=2,
    ),
    Case(
        "duplicate test id",
        mutate(('id = "h9-excludes-13"', 'id = "no-rtx-in-13"')),
        "duplicate-id",
        'id = "no-rtx-in-13"',
        "test no-rtx-in-13",
        ("twice",),
        occurrence=2,
    ),
    Case(
        "none as an option id",
        mutate(('id = "hdmi"', 'id = "none"')),
        "reserved-id",
        'id = "none"',
        "option ports.none",
        ("'none' cannot be an option id",),
    ),
    Case(
        "option id that would break configuration codes",
        mutate(('id = "hdmi"', 'id = "hdmi 2.1"')),
        "bad-id",
        'id = "hdmi 2.1"',
        "option ports.hdmi 2.1",
        ("configuration codes", "hdmi-2.1"),
    ),
    Case(
        "catalog id that would break configuration codes",
        mutate(('id = "mini"', 'id = "mini:2026"')),
        "bad-id",
        'id = "mini:2026"',
        "catalog",
        ("configuration codes",),
    ),
    Case(
        "group id that expressions cannot name",
        catalog_toml([group("my-cpu", option("a"))]),
        "bad-id",
        "[groups.my-cpu]",
        "group my-cpu",
        ("my_cpu",),
    ),
    Case(
        "attribute name that is built in",
        mutate(("attrs = { gb = 16 }", "attrs = { gb = 16, price = 3 }")),
        "bad-id",
        "attrs = { gb = 16, price = 3 }",
        "option memory.m16",
        ("built in",),
    ),
    Case(
        "misspelled group kind",
        mutate(('kind = "optional"', 'kind = "optinal"')),
        "bad-kind",
        'kind = "optinal"',
        "group gpu",
        ('did you mean kind = "optional"',),
    ),
    Case(
        "unknown rule kind",
        mutate(('id = "gpu-needs-16"', 'id = "gpu-needs-16"\nkind = "hard"')),
        "bad-kind",
        'kind = "hard"',
        "rule gpu-needs-16",
        ("recommend",),
    ),
    Case(
        "min larger than max",
        mutate(("min = 1\nmax = 3", "min = 4\nmax = 3")),
        "bad-min-max",
        "min = 4",
        "group ports",
        ("min (4) is larger than max (3)",),
    ),
    Case(
        "min that the options cannot reach",
        mutate(("min = 1\nmax = 3", "min = 5\nmax = 6")),
        "bad-min-max",
        "min = 5",
        "group ports",
        ("at most 4 picks",),
    ),
    Case(
        "min on a kind one group",
        mutate(('label = "Processor"', 'label = "Processor"\nmin = 1')),
        "bad-min-max",
        "min = 1",
        "group processor",
        ('only applies to kind = "many"',),
    ),
    Case(
        "max_qty on a kind one group",
        mutate(('id = "m32"', 'id = "m32"\nmax_qty = 2')),
        "bad-min-max",
        "max_qty = 2",
        "option memory.m32",
        ("max_qty only applies",),
    ),
    Case(
        "max_qty below one",
        mutate(("max_qty = 3", "max_qty = 0")),
        "bad-min-max",
        "max_qty = 0",
        "option ports.usbc",
        ("at least 1",),
    ),
    Case(
        "max_qty beyond the limit",
        mutate(("max_qty = 3", "max_qty = 10000")),
        "bad-min-max",
        "max_qty = 10000",
        "option ports.usbc",
        ("at most 100 times",),
    ),
    Case(
        "many group that holds too many units",
        catalog_toml(
            [group("m", *(option(f"o{k}", max_qty=100) for k in range(6)), kind="many", max=3)]
        ),
        "bad-min-max",
        "[groups.m]",
        "group m",
        ("add up to 600", "at most 500"),
    ),
    Case(
        "price as a float",
        mutate(('price = "9.00"', "price = 9.0")),
        "bad-money",
        "price = 9.0",
        "option ports.usbc",
        ("decimal string", 'price = "9.00"'),
    ),
    Case(
        "price that is not a number",
        mutate(('price = "19.00"', 'price = "19,00"')),
        "bad-money",
        'price = "19,00"',
        "option ports.hdmi",
        ("decimal string",),
    ),
    Case(
        "negative base price",
        mutate(('base_price = "400.00"', 'base_price = "-1.00"')),
        "bad-money",
        "base_price",
        "catalog",
        ("cannot be negative",),
    ),
    Case(
        "negative component quantity",
        mutate(('{ part = "RAM-8", qty = 2 }', '{ part = "RAM-8", qty = -2 }')),
        "bad-quantity",
        'part = "RAM-8"',
        "option memory.m16",
        ("RAM-8", "at least 1"),
    ),
    Case(
        "zero quantity in made_of",
        mutate(('{ part = "BZL-16", qty = 1 }', '{ part = "BZL-16", qty = 0 }')),
        "bad-quantity",
        "made_of",
        "component DSP-16",
        ("BZL-16",),
    ),
    Case(
        "negative quantity in test picks",
        mutate(("usbc = 2, hdmi = 1", "usbc = -2, hdmi = 1")),
        "bad-quantity",
        "picks.ports",
        "test full",
        ("usbc",),
    ),
    Case(
        "two defaults in a kind one group",
        mutate(('id = "c16"', 'id = "c16"\ndefault = true')),
        "many-defaults",
        "default = true",
        "group chassis",
        ("c13", "c16", "at most one"),
        occurrence=2,
    ),
    Case(
        "undefined component in an option",
        mutate(('components = ["CHS-16", "DSP-16"]', 'components = ["CHS-61", "DSP-16"]')),
        "undefined-component",
        '"CHS-61"',
        "option chassis.c16",
        ("CHS-61", "not defined", "CHS-16"),
    ),
    Case(
        "undefined component in a bom entry",
        mutate(('add = ["PSU-140"]', 'add = ["PSU-150"]')),
        "undefined-component",
        "PSU-150",
        "bom entry #1",
        ("PSU-150", "[components.PSU-150]"),
    ),
    Case(
        "undefined component in made_of",
        mutate(('{ part = "PNL-16", qty = 1 }', '{ part = "PNL-17", qty = 1 }')),
        "undefined-component",
        "PNL-17",
        "component DSP-16",
        ("PNL-17",),
    ),
    Case(
        "made_of cycle",
        mutate(
            (
                'name = "Panel 16"',
                'name = "Panel 16"\nmade_of = [{ part = "DSP-16", qty = 1 }]',
            )
        ),
        "made-of-cycle",
        'made_of = [{ part = "PNL-16"',
        "component DSP-16",
        ("DSP-16 -> PNL-16 -> DSP-16",),
    ),
    Case(
        "option without id",
        mutate(('id = "m32"\n', "")),
        "missing-key",
        "[[groups.memory.options]]",
        "group memory",
        ("option #2 has no id",),
        occurrence=2,
    ),
    Case(
        "group without options",
        mutate(
            (
                '[[groups.gpu.options]]\nid = "rtx"\nlabel = "RTX 4060"\nprice = "350.00"\n'
                'components = ["GPU-4060"]\nattrs = { tgp_w = 90 }\n',
                "",
            )
        ),
        "missing-key",
        "[groups.gpu]",
        "group gpu",
        ("has no options", "[[groups.gpu.options]]"),
    ),
    Case(
        "options that are not tables",
        mutate(
            ('kind = "optional"', 'kind = "optional"\noptions = ["rtx"]'),
            (
                '[[groups.gpu.options]]\nid = "rtx"\nlabel = "RTX 4060"\nprice = "350.00"\n'
                'components = ["GPU-4060"]\nattrs = { tgp_w = 90 }\n',
                "",
            ),
        ),
        "wrong-type",
        'options = ["rtx"]',
        "group gpu",
        ("array of tables",),
    ),
    Case(
        "bom entry without add",
        mutate(('add = ["PSU-65"]\n', "")),
        "missing-key",
        "[[bom]]",
        "bom entry #2",
        ("adds nothing",),
        occurrence=2,
    ),
    Case(
        "component without bin",
        mutate(('bin = "E-01-02"\n', "")),
        "missing-key",
        "[components.PSU-140]",
        "component PSU-140",
        ("'bin' is missing",),
    ),
    Case(
        "attribute that is an array",
        mutate(("attrs = { gb = 32 }", "attrs = { gb = [16, 16] }")),
        "wrong-type",
        "attrs = { gb = [16, 16] }",
        "option memory.m32",
        ("attribute 'gb' is an array",),
    ),
    Case(
        "attribute that is not a finite number",
        mutate(("attrs = { tdp_w = 45 }", "attrs = { tdp_w = nan }")),
        "bad-value",
        "attrs = { tdp_w = nan }",
        "option processor.h9",
        ("finite",),
    ),
    Case(
        "empty label",
        mutate(('label = "HDMI card"', 'label = "  "')),
        "bad-value",
        'label = "  "',
        "option ports.hdmi",
        ("'label' is empty",),
    ),
    Case(
        "test without picks",
        mutate(('picks = { processor = "h9" }\n', "")),
        "missing-key",
        "[[tests]]",
        "test h9-excludes-13",
        ("'picks' is missing",),
        occurrence=2,
    ),
    Case(
        "unknown option in test picks",
        mutate(
            (
                'picks = { chassis = "c13", gpu = "rtx" }',
                'picks = { chassis = "c13", gpu = "rtx5090" }',
            )
        ),
        "unknown-option",
        "rtx5090",
        "test no-rtx-in-13",
        ("group gpu has no option 'rtx5090'", "did you mean 'rtx'?"),
    ),
    Case(
        "currency that is not ISO 4217",
        mutate(('currency = "EUR"', 'currency = "euro"')),
        "bad-value",
        "currency",
        "catalog",
        ("ISO 4217",),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_error_names_file_line_and_id(case: Case) -> None:
    assert_error(case)


def test_every_error_is_reported_at_once() -> None:
    text = mutate(
        ('price = "9.00"', "price = 9.0"),
        ('id = "gpu-needs-16"', 'id = "cpu-cooling"'),
        ('add = ["PSU-140"]', 'add = ["PSU-150"]'),
        ('when = "processor.tdp_w > 28"', 'when = "processor.tdp > 28"'),
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog_text(text, SOURCE)
    codes = {d.code for d in caught.value.errors}
    assert codes >= {"bad-money", "duplicate-id", "undefined-component", "expression-reference"}
    message = str(caught.value)
    assert "4 errors" in message
    for diagnostic in caught.value.errors:
        assert diagnostic.format().split("\n")[0] in message
    lines = [d.line or 0 for d in caught.value.errors]
    assert lines == sorted(lines), "errors are listed in file order"


def test_expression_error_column_points_into_the_file() -> None:
    text = mutate(("chassis.max_tdp_w >= processor", "chassis.max_tdp_w >= = processor"))
    diagnostic = only(check(text), "expression-syntax")[0]
    line = text.splitlines()[(diagnostic.line or 0) - 1]
    assert diagnostic.column is not None
    assert line[diagnostic.column - 1 :].startswith("= processor")


def test_unreadable_file_is_one_error(tmp_path: object) -> None:
    from pathlib import Path

    from configurator.catalog.loader import check_catalog_file, load_catalog

    missing = Path(str(tmp_path)) / "nope.toml"
    report = check_catalog_file(missing)
    assert [d.code for d in report.errors] == ["unreadable"]
    with pytest.raises(CatalogError, match=r"nope\.toml"):
        load_catalog(missing)


def test_file_that_is_not_utf8_names_the_line(tmp_path: object) -> None:
    from pathlib import Path

    from configurator.catalog.loader import check_catalog_file

    path = Path(str(tmp_path)) / "latin1.toml"
    path.write_bytes(
        MINI_CATALOG.replace("Mini laptops", "Mini ordinateurs portés").encode("latin-1")
    )
    report = check_catalog_file(path)
    assert [(d.code, d.line) for d in report.errors] == [("encoding", 3)]
